"""Integrity of sent forms: their rows still match the fingerprint taken when sent, their
stored PDF still has the sha256 recorded when it was stored, and none has disappeared.

What was ever sent comes from the append-only audit log (`form.sent`, from
`form_version_send`) and from the history of the versions; what a retention purge removed comes
from its own audit line (`placement.purged`, with the ids of the placement's versions).
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from apps.accounts.models import AuditEvent
from apps.cycle.feedback.pdf import pdf_sha256, stored_pdf_bytes
from apps.cycle.feedback.services import SENT_ACTION, form_version_fingerprint
from apps.cycle.models import FormEntry, FormState, FormVersion

BATCH = 500
PURGED_ACTION = "placement.purged"


@dataclass(frozen=True)
class Problem:
    version_id: int
    text: str
    missing: bool = False


@dataclass
class Report:
    checked: int = 0
    pdfs_checked: int = 0
    pdfs_without_hash: int = 0
    problems: list[Problem] | None = None

    def __post_init__(self) -> None:
        self.problems = self.problems or []


def _check_pdf(version: FormVersion, report: Report) -> None:
    if not version.pdf:
        return
    if not version.pdf_sha256:
        report.pdfs_without_hash += 1  # stored before hashes were recorded: made again on use
        return
    data = stored_pdf_bytes(version)
    report.pdfs_checked += 1
    if data is None:
        report.problems.append(Problem(version.pk, f"de pdf {version.pdf.name} ontbreekt"))
    elif pdf_sha256(data) != version.pdf_sha256:
        report.problems.append(
            Problem(
                version.pk,
                f"de pdf {version.pdf.name} is vervangen of overschreven (sha256 "
                f"{pdf_sha256(data)[:16]}…, vastgelegd {version.pdf_sha256[:16]}…)",
            )
        )


def ever_sent_ids() -> set[int]:
    """Every version that was ever sent and not removed by a retention purge."""
    audited = AuditEvent.objects.filter(action=SENT_ACTION, target_type=FormVersion._meta.label)
    ids = {int(pk) for pk in audited.values_list("target_id", flat=True)}
    ids |= set(
        FormVersion.history.filter(state=FormState.SENT).values_list("id", flat=True).distinct()
    )
    for detail in AuditEvent.objects.filter(action=PURGED_ACTION).values_list("detail", flat=True):
        ids -= set((detail or {}).get("formulierversies", []))
    return ids


def integrity_report() -> Report:
    """Check every sent version: its rows against its fingerprint and its stored PDF against
    its sha256, in batches with prefetched entries (a few queries per batch, one file read
    per stored PDF); and report every version that was sent and is no longer there."""
    report = Report()
    versions = FormVersion.objects.filter(state=FormState.SENT).order_by("pk")
    present: set[int] = set()
    last_pk = 0
    while True:
        batch = list(
            versions.filter(pk__gt=last_pk)
            .select_related("form__conversation")
            .prefetch_related(
                Prefetch("entries", queryset=FormEntry.objects.prefetch_related("indicators_seen"))
            )[:BATCH]
        )
        if not batch:
            break
        for version in batch:
            report.checked += 1
            present.add(version.pk)
            if form_version_fingerprint(version) != version.fingerprint:
                report.problems.append(
                    Problem(
                        version.pk,
                        f"{version} komt niet overeen met de opgeslagen vingerafdruk "
                        f"{version.fingerprint[:16]}…",
                    )
                )
            _check_pdf(version, report)
        last_pk = batch[-1].pk
    for pk in sorted(ever_sent_ids() - present):
        report.problems.append(Problem(pk, "was verzonden en is verdwenen", missing=True))
    return report
