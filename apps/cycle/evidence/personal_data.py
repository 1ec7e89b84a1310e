"""Evidence in everything that handles a person's data: the student export, the dossier and
retention. Small functions for the register of personal data (apps/core/personal_data.py)
to name; apps/cycle/records calls them today.

- evidence_export_rows(placement) -> list[dict]: the JSON rows of the export
- evidence_export_files(placements) -> iterator of (name in the ZIP, open file)
- evidence_dossier_rows(placements, *, for_guides) -> {placement_id: [DossierEvidence]}
- evidence_purge(placement_id): removes the rows and, once that commits, the files
"""

import base64
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from apps.cycle.evidence.targets import where
from apps.cycle.models import Evidence, FormState
from apps.cycle.models.evidence import private_storage

# What `where` names, and the outcome.
RELATED = (
    "log__conversation",
    "observation",
    "placement_outcome__outcome",
    "placement_outcome__subject_outcome",
)
EXPORT_FIELDS = (
    "id",
    "kind",
    "title",
    "description",
    "url",
    "content_type",
    "size",
    "original_name",
    "added_at",
)


def _file_name(evidence: Evidence) -> str:
    extension = evidence.file.name.rsplit(".", 1)[-1]
    return f"bewijs/stage{evidence.placement_id}-{evidence.pk}.{extension}"


def evidence_export_rows(placement) -> list[dict]:
    """The placement's evidence for the export: every field the student gave, where it hangs,
    its outcome and the name of its file in the ZIP."""
    rows = Evidence.objects.filter(placement=placement).select_related(*RELATED)
    return [
        {f: getattr(e, f) for f in EXPORT_FIELDS}
        | {
            "bij": where(e),
            "leeruitkomst": str(e.placement_outcome) if e.placement_outcome_id else None,
            "bestand_in_export": _file_name(e) if e.file else None,
        }
        for e in rows
    ]


def evidence_export_files(placements) -> Iterator[tuple[str, object]]:
    """Each stored file of the placements' evidence, opened, with its name in the ZIP; the
    caller copies it in chunks (a video is never read whole into memory) and closes it."""
    storage = private_storage()
    for evidence in Evidence.objects.filter(placement__in=placements).exclude(file=""):
        if storage.exists(evidence.file.name):
            yield _file_name(evidence), storage.open(evidence.file.name, "rb")


@dataclass
class DossierEvidence:
    evidence: Evidence
    where: str
    thumbnail: str  # a data: URI of the photo's thumbnail, or ""


def evidence_dossier_rows(placements, *, for_guides: bool) -> dict[int, list[DossierEvidence]]:
    """The placements' evidence for the dossier, per placement, with photo thumbnails
    embedded. The guides do not get evidence on a self-reflection still in draft."""
    rows = Evidence.objects.filter(placement__in=placements).select_related(*RELATED)
    if for_guides:
        rows = rows.exclude(Q(entry__version__state=FormState.DRAFT))
    storage = private_storage()
    grouped: dict[int, list[DossierEvidence]] = defaultdict(list)
    for evidence in rows:
        thumbnail = ""
        if evidence.thumbnail and storage.exists(evidence.thumbnail.name):
            with storage.open(evidence.thumbnail.name, "rb") as stored:
                thumbnail = "data:image/jpeg;base64," + base64.b64encode(stored.read()).decode()
        grouped[evidence.placement_id].append(DossierEvidence(evidence, where(evidence), thumbnail))
    return grouped


def evidence_purge(placement_id: int) -> int:
    """Remove the placement's evidence; its files go once the caller's transaction commits
    (a rolled-back purge keeps them). How many pieces were removed."""
    rows = Evidence.objects.filter(placement_id=placement_id)
    names = [n for pair in rows.values_list("file", "thumbnail") for n in pair if n]
    count, _by_model = rows.delete()
    storage = private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return count
