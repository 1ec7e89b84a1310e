"""Adding, opening and removing evidence. Files are written to and deleted from storage only
once the transaction commits: a rolled-back request leaves no file behind, and a removal that
is rolled back keeps its file."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.cycle.common import CycleError
from apps.cycle.evidence.access import placement_of
from apps.cycle.evidence.intake import check_upload
from apps.cycle.evidence.targets import Target, target_of
from apps.cycle.models import Evidence, EvidenceKind, FormState
from apps.cycle.models.evidence import private_storage
from apps.placements.models import PlacementOutcome

logger = logging.getLogger(__name__)


def _store_on_commit(evidence: Evidence, field: str, content) -> None:
    """Write `content` under the name already on the row once the transaction commits. If
    the write fails the row goes too, so nothing points at a missing file."""
    file = getattr(evidence, field)
    name, storage, pk = file.name, file.storage, evidence.pk

    def write() -> None:
        try:
            stored = storage.save(name, content)
        except Exception:  # noqa: BLE001 - the request is done; undo the row, log why
            logger.exception("Bewijs %s kon niet worden opgeslagen", pk)
            _delete_files(Evidence.objects.filter(pk=pk).values_list("file", "thumbnail"))
            Evidence.objects.filter(pk=pk).delete()
            return
        if stored != name:
            Evidence.objects.filter(pk=pk).update(**{field: stored})

    transaction.on_commit(write)


def _delete_files(names) -> None:
    storage = private_storage()
    for row in names:
        for name in row if isinstance(row, tuple | list) else (row,):
            if name:
                storage.delete(name)


@transaction.atomic
def evidence_add(
    *,
    by: User,
    target: Target,
    obj,
    title: str,
    description: str = "",
    upload=None,
    url: str = "",
    placement_outcome: PlacementOutcome | None = None,
) -> Evidence:
    """The student attaches a file (checked by content, photos without metadata) or a link to
    a log week, a goal, a self-reflection or a lesson observation of their lesson (only the
    student: apps/cycle/evidence/access.py says why). The file is stored once this commits."""
    placement = placement_of(target, obj)
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student voegt bewijs toe."))
    if not target.model.objects.filter(target.open, pk=obj.pk).exists():
        raise CycleError(_("Hier kun je geen bewijs meer aan toevoegen."))
    if (upload is None) == (not url):
        raise CycleError(_("Kies een bestand of vul een link in (één van beide)."))
    if target.outcome:
        placement_outcome = getattr(obj, target.outcome)
    elif not target.student_picks_outcome:
        placement_outcome = None  # the target names its outcomes (target.outcomes)
    elif placement_outcome is not None and placement_outcome.placement_id != placement.pk:
        raise CycleError(_("Deze leeruitkomst hoort niet bij je stage."))
    evidence = Evidence(
        placement=placement,
        placement_outcome=placement_outcome,
        title=title.strip(),
        description=description.strip(),
        added_by=by,
        **{target.field: obj},
    )
    checked = None
    if upload is None:
        evidence.kind, evidence.url = EvidenceKind.LINK, url
    else:
        checked = check_upload(upload)
        evidence.kind, evidence.content_type = checked.kind, checked.content_type
        evidence.size, evidence.original_name = checked.size, (upload.name or "")[:255]
        field = Evidence._meta.get_field("file")
        evidence.file.name = field.generate_filename(evidence, f"bestand.{checked.extension}")
        if checked.thumbnail is not None:
            evidence.thumbnail.name = field.generate_filename(evidence, "miniatuur.jpg")
    evidence.full_clean()
    evidence.save()
    if checked is not None:
        _store_on_commit(evidence, "file", checked.content)
        if checked.thumbnail is not None:
            _store_on_commit(evidence, "thumbnail", checked.thumbnail)
    audit_record(
        actor=by,
        action="evidence.added",
        target=evidence,
        detail={"placement": placement.pk, "kind": evidence.kind, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, by: User, evidence: Evidence) -> None:
    """The student removes their evidence while its target is open; the files go once this
    commits."""
    if not evidence.placement.is_student(by):
        raise CycleError(_("Alleen de student verwijdert eigen bewijs."))
    if evidence.entry_id and evidence.entry.version.state != FormState.DRAFT:
        raise CycleError(_("Deze zelfreflectie is ingediend; het bewijs blijft staan."))
    names = (evidence.file.name, evidence.thumbnail.name)
    audit_record(
        actor=by,
        action="evidence.removed",
        target=evidence,
        detail={"placement": evidence.placement_id, "title": evidence.title},
    )
    evidence.delete()
    transaction.on_commit(lambda: _delete_files([names]))


def evidence_open(*, by: User, evidence: Evidence, ip: str | None = None):
    """The stored file, opened for reading; every opening is recorded in the audit log.
    The caller has checked access (apps/cycle/evidence/access.py)."""
    if evidence.is_link:
        raise CycleError(_("Dit bewijs is een link, geen bestand."))
    audit_record(
        actor=by,
        action="evidence.downloaded",
        target=evidence,
        detail={"placement": evidence.placement_id},
        ip=ip,
    )
    return evidence.file.storage.open(evidence.file.name, "rb")


def evidence_target_page(evidence: Evidence) -> str:
    """The page of what the evidence hangs on, to go back to."""
    _slug, target = target_of(evidence)
    return target.page(getattr(evidence, target.field))
