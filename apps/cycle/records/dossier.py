"""A student's dossier as one PDF: a cover page, then per placement the approved leerplan,
every sent form version in order and the decisions (disagreements, concerns, termination,
maatwerk).

A long dossier takes a while, so it is made outside the request: `dossier_request` records a
job and, once the transaction commits, enqueues `dossier_make` for the task worker
(apps/core/tasks.py; the test suite runs it at once). The job records its progress step by
step; the progress page reads it. A job whose task was lost, or that stopped moving while
running (its worker was killed), is picked up by `manage.py run_dossier_jobs`.

The sent versions are their stored PDFs (apps/cycle/feedback/pdf.py: rendered once, with their
fingerprint); the other parts are rendered with the same print CSS and the same restricted URL
fetcher, and everything is joined with pypdf, with a bookmark per part.
"""

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task
from pypdf import PdfWriter

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.core import personal_data
from apps.core.pdf import render_template_pdf
from apps.core.tasks import enqueue_on_commit
from apps.cycle.access import may_request_dossier
from apps.cycle.common import CycleError
from apps.cycle.evidence.personal_data import DossierEvidence, evidence_dossier_rows
from apps.cycle.feedback.pdf import form_version_pdf
from apps.cycle.models import (
    ApprovalDecision,
    Concern,
    Disagreement,
    DossierJob,
    DossierStatus,
    FeedbackForm,
    FormEntry,
    FormState,
    FormVersion,
    LeerplanApproval,
    LeerplanVersion,
    TerminationProposal,
    TerminationStatus,
)
from apps.cycle.records import access
from apps.cycle.records.export import disagreements_of, form_versions_of, of_placements
from apps.placements.models import OutcomeSource, Placement, PlacementOutcome, StudentProfile

logger = logging.getLogger(__name__)


# A running job whose progress has not moved for this long is taken to have died with its
# process (a restart, a killed worker) and may be picked up again.
STALE_AFTER = timedelta(minutes=10)


@transaction.atomic
def dossier_request(*, by: User, placement: Placement, all_placements: bool = False) -> DossierJob:
    """Ask for the dossier of the placement's student: of this placement, or of every
    placement of the student that `by` may have a dossier of. The job starts once the
    transaction commits."""
    if not may_request_dossier(by, placement):
        raise CycleError(_("Je kunt het dossier van deze student niet aanvragen."))
    job = DossierJob(
        requested_by=by,
        student=placement.student,
        placement=None if all_placements else placement,
    )
    job.full_clean()
    job.save()
    audit_record(
        actor=by,
        action="dossier.requested",
        target=job,
        detail={
            "student": placement.student.student_number,
            "stage": "alle" if all_placements else placement.pk,
        },
    )
    enqueue_on_commit(dossier_make, job.pk)
    return job


@task()
def dossier_make(job_id: int) -> bool:
    """The worker's task: make the dossier of one job (see `dossier_run`)."""
    return dossier_run(job_id)


def _claim(job_id: int, *, stale_after: timedelta) -> bool:
    """Mark the job running, if it is queued or stale; false when someone else has it."""
    now = timezone.now()
    claimable = Q(status=DossierStatus.QUEUED) | Q(
        status=DossierStatus.RUNNING, updated_at__lt=now - stale_after
    )
    return bool(
        DossierJob.objects.filter(claimable, pk=job_id).update(
            status=DossierStatus.RUNNING,
            started_at=now,
            updated_at=now,
            progress_done=0,
            progress_total=0,
            error="",
        )
    )


def dossier_run(job_id: int, *, stale_after: timedelta = STALE_AFTER) -> bool:
    """Make the dossier of one job, if it is queued (or stale). Returns whether this call did
    the work. A failure is recorded on the job, never raised: the person sees it on the
    progress page and can ask again."""
    if not _claim(job_id, stale_after=stale_after):
        return False
    job = DossierJob.objects.select_related("requested_by", "student__user").get(pk=job_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):  # one dossier, read by anyone
            data = dossier_pdf(job, progress=partial(_progress, job.pk))
        name = f"dossier-{job.pk}-{slugify(job.student.student_number)}.pdf"
        job.file.save(name, ContentFile(data), save=False)
        now = timezone.now()
        DossierJob.objects.filter(pk=job.pk).update(
            status=DossierStatus.DONE,
            file=job.file.name,
            progress_done=F("progress_total"),
            updated_at=now,
            finished_at=now,
        )
    except Exception as exc:  # noqa: BLE001 - any failure ends the job, with its reason
        logger.exception("Dossier %s mislukt", job.pk)
        now = timezone.now()
        DossierJob.objects.filter(pk=job.pk).update(
            status=DossierStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=now,
            finished_at=now,
        )
    return True


def dossier_run_pending(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Run every queued job and every running job that went stale; how many were run."""
    cutoff = timezone.now() - stale_after
    pending = DossierJob.objects.filter(
        Q(status=DossierStatus.QUEUED) | Q(status=DossierStatus.RUNNING, updated_at__lt=cutoff)
    ).order_by("created_at", "id")
    job_ids = list(pending.values_list("pk", flat=True))
    return sum(dossier_run(pk, stale_after=stale_after) for pk in job_ids)


def _progress(job_id: int, done: int, total: int) -> None:
    DossierJob.objects.filter(pk=job_id).update(
        progress_done=done, progress_total=total, updated_at=timezone.now()
    )


def dossier_download(*, by: User, job: DossierJob) -> bytes:
    """The finished dossier's bytes; every download is recorded in the audit log."""
    if job.status != DossierStatus.DONE:
        raise CycleError(_("Dit dossier is nog niet klaar."))
    with job.file.open("rb") as stored:
        data = stored.read()
    audit_record(
        actor=by,
        action="dossier.downloaded",
        target=job,
        detail={"student": job.student.student_number},
    )
    return data


# What each part of the dossier shows, by the part names of the register of personal data
# (apps/core/personal_data.py): an entry that names a part must be shown there
# (tests/cycle/test_personal_data_records.py).
PARTS = {
    "voorblad": [Placement, StudentProfile, "accounts.User"],
    "leerplan": [LeerplanApproval, LeerplanVersion],
    "formulieren": [FeedbackForm, FormVersion, FormEntry],
    "besluiten": [Disagreement, Concern, TerminationProposal, PlacementOutcome],
    "bewijs": ["cycle.Evidence"],
}


# --- Making the PDF ---------------------------------------------------------------------------
@dataclass
class Part:
    """One piece of the dossier, with its bookmark."""

    title: str
    render: Callable[[], bytes]


@dataclass
class PlacementRecord:
    placement: Placement
    approval: LeerplanApproval | None
    versions: list[FormVersion]
    disagreements: list
    concerns: list[Concern]
    terminations: list[TerminationProposal]
    maatwerk: list[PlacementOutcome]
    evidence: list[DossierEvidence] = field(default_factory=list)


def _leerplan_sections(text: str) -> list[tuple[str, list[str]]]:
    """The frozen leerplan text ("== outcome ==" headings, one fact per line) as sections."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        if line.startswith("== ") and line.endswith(" =="):
            sections.append((line[3:-3], []))
        elif line.strip():
            sections[-1][1].append(line)
    return [s for s in sections if s[0] or s[1]]


def dossier_records(job: DossierJob) -> list[PlacementRecord]:
    """What the dossier shows, per placement in the order of their periods, in a fixed
    number of queries. Placements the requester may no longer have a dossier of are left
    out; the student sees no guides-only dialogue (concerns, termination proposals)."""
    placements = access.dossier_placements(job.requested_by, job.student)
    if job.placement_id:
        placements = placements.filter(pk=job.placement_id)
    placements = list(
        placements.with_people()
        .select_related("student__programme__institute")
        .annotate(first_start=Min("periods__start"))
        .order_by("first_start", "id")
    )
    if not placements:
        raise CycleError(_("Er is geen stage van deze student waarvan je het dossier mag maken."))
    for_guides = job.student.user_id != job.requested_by_id
    versions = form_versions_of(placements).filter(state=FormState.SENT)
    approvals = (
        LeerplanApproval.objects.filter(
            of_placements(LeerplanApproval, placements), decision=ApprovalDecision.APPROVED
        )
        .select_related("leerplan", "version", "decided_by")
        .order_by("decided_at", "id")
    )
    outcome_related = ("placement_outcome__outcome", "placement_outcome__subject_outcome")
    disagreements = disagreements_of(placements).select_related(
        "entry__version__form__conversation",
        "raised_by",
        "escalated_by",
        "resolved_by",
        *(f"entry__{r}" for r in outcome_related),
    )
    concerns = (
        Concern.objects.filter(of_placements(Concern, placements))
        .select_related(
            "raised_by", "acknowledged_by", "handed_to", "placement_outcome", *outcome_related
        )
        .order_by("raised_at", "id")
        if for_guides
        else Concern.objects.none()
    )
    terminations = TerminationProposal.objects.filter(
        of_placements(TerminationProposal, placements)
    ).select_related("proposed_by", "decided_by", "intended_by")
    if not for_guides:
        terminations = terminations.filter(status=TerminationStatus.DECIDED)
    maatwerk = PlacementOutcome.objects.filter(
        of_placements(PlacementOutcome, placements), source=OutcomeSource.MAATWERK
    ).select_related("outcome", "subject_outcome")

    def of(rows, placement_id, model):
        """The rows of one placement, found by the model's lookup in the register."""
        *steps, last = personal_data.entry_of(model).placement.split("__")

        def placement_of(row):
            for step in steps:
                row = getattr(row, step)
            return getattr(row, f"{last}_id")

        return [r for r in rows if placement_of(r) == placement_id]

    versions, approvals = list(versions), list(approvals)
    disagreements, concerns = list(disagreements), list(concerns)
    terminations, maatwerk = list(terminations.order_by("proposed_at", "id")), list(maatwerk)
    evidence = evidence_dossier_rows(placements, for_guides=for_guides)
    records = []
    for placement in placements:
        approved = of(approvals, placement.pk, LeerplanApproval)
        records.append(
            PlacementRecord(
                placement=placement,
                approval=approved[-1] if approved else None,
                versions=of(versions, placement.pk, FormVersion),
                disagreements=of(disagreements, placement.pk, Disagreement),
                concerns=of(concerns, placement.pk, Concern),
                terminations=of(terminations, placement.pk, TerminationProposal),
                maatwerk=of(maatwerk, placement.pk, PlacementOutcome),
                evidence=evidence.get(placement.pk, []),
            )
        )
    return records


def _version_title(version: FormVersion) -> str:
    conversation = version.form.conversation
    return _("%(kind)s, versie %(n)s") % {
        "kind": conversation.get_kind_display(),
        "n": version.number,
    }


def dossier_parts(job: DossierJob) -> list[Part]:
    """The pieces of the dossier in order, each rendered only when its turn comes."""
    records = dossier_records(job)
    common = {"job": job, "student": job.student, "generated_at": timezone.now()}
    parts = [
        Part(
            _("Voorblad"),
            partial(
                render_template_pdf,
                "cycle/records/pdf/dossier_cover.html",
                {**common, "records": records, "version_title": _version_title},
            ),
        )
    ]
    for record in records:
        placement = record.placement
        where = f"{placement.school.name}"
        leerplan_context = {
            **common,
            "record": record,
            "sections": _leerplan_sections(record.approval.version.text)
            if record.approval and record.approval.version
            else [],
        }
        parts.append(
            Part(
                _("%(school)s: persoonlijk leerplan") % {"school": where},
                partial(
                    render_template_pdf, "cycle/records/pdf/dossier_leerplan.html", leerplan_context
                ),
            )
        )
        parts += [
            Part(f"{where}: {_version_title(v)}", partial(form_version_pdf, v))
            for v in record.versions
        ]
        parts.append(
            Part(
                _("%(school)s: besluiten") % {"school": where},
                partial(
                    render_template_pdf,
                    "cycle/records/pdf/dossier_decisions.html",
                    {**common, "record": record},
                ),
            )
        )
        if record.evidence:
            parts.append(
                Part(
                    _("%(school)s: bewijs") % {"school": where},
                    partial(
                        render_template_pdf,
                        "cycle/records/pdf/dossier_evidence.html",
                        {**common, "record": record},
                    ),
                )
            )
    return parts


def dossier_pdf(job: DossierJob, *, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The whole dossier as one PDF, reporting (done, total) after each part."""
    parts = dossier_parts(job)
    total = len(parts) + 1  # and joining them
    report = progress or (lambda done, total: None)
    report(0, total)
    writer = PdfWriter()
    for done, part in enumerate(parts, start=1):
        writer.append(io.BytesIO(part.render()), outline_item=part.title)
        report(done, total)
    writer.add_metadata(
        {
            "/Title": _("Dossier van %(name)s") % {"name": job.student.user.full_name},
            "/Producer": "Driehoek",
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
