"""The judgements for the examination board as CSV: one row per student and outcome on the
latest sent version of each form, filtered by period, programme, outcome and form.

Semicolon separated and UTF-8 with a byte order mark, so Excel opens it as it is. The whole
export costs a fixed number of queries, however many rows it has.
"""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.excel_csv import csv_text, safe_cell
from apps.cycle.models import (
    Disagreement,
    DisagreementStatus,
    FormEntry,
    FormState,
    FormVersion,
    Judgement,
)
from apps.cycle.procedure.outcome_set import OPL_CODE, counts_as_shown
from apps.cycle.procedure.selectors import effective_judgement
from apps.placements.models import Placement, outcome_order

PLACEMENT = "version__form__conversation__placement"


def judgement_entries(
    scope: QuerySet[Placement],
    *,
    period: int | None = None,
    programme: int | None = None,
    outcome: int | None = None,
    subject_outcome: int | None = None,
    kind: str | None = None,
) -> list[FormEntry]:
    """The entries of the latest sent version of every form of the placements in scope (a
    correction counts once it is sent), filtered. Three queries: the entries with their
    student, school, outcome, version and sender (1), the placements' periods (2) and the
    disagreements about the judgements (3)."""
    placements = scope
    if period:
        placements = placements.filter(periods=period)
    if programme:
        placements = placements.filter(student__programme=programme)
    newer_sent = FormVersion.objects.filter(
        form=OuterRef("version__form"), state=FormState.SENT, number__gt=OuterRef("version__number")
    )
    entries = FormEntry.objects.filter(
        version__state=FormState.SENT, **{f"{PLACEMENT}__in": placements}
    ).exclude(Exists(newer_sent))
    if outcome:
        entries = entries.filter(placement_outcome__outcome=outcome)
    if subject_outcome:
        entries = entries.filter(placement_outcome__subject_outcome=subject_outcome)
    if kind:
        entries = entries.filter(version__form__conversation__kind=kind)
    return list(
        entries.select_related(
            f"{PLACEMENT}__student__user",
            f"{PLACEMENT}__student__programme",
            f"{PLACEMENT}__school",
            "version__form__conversation",
            "version__sent_by",
            "placement_outcome__outcome",
            "placement_outcome__subject_outcome",
        )
        .prefetch_related(
            f"{PLACEMENT}__periods",
            Prefetch("disagreements", queryset=Disagreement.objects.order_by("raised_at", "id")),
        )
        .order_by(
            f"{PLACEMENT}__student__user__full_name",
            f"{PLACEMENT}__student__student_number",
            f"{PLACEMENT}_id",
            "version__form__conversation__planned_date",
            "version__form__conversation_id",
            *outcome_order("placement_outcome__"),
            "id",
        )
    )


HEADER = [
    gettext_lazy("Studentnummer"),
    gettext_lazy("Naam"),
    gettext_lazy("Opleiding"),
    gettext_lazy("Periode"),
    gettext_lazy("School"),
    gettext_lazy("Formulier"),
    gettext_lazy("Leeruitkomst"),
    gettext_lazy("Titel"),
    gettext_lazy("Oordeel"),
    gettext_lazy("Vertrouwen in afronding jaar 3"),
    gettext_lazy("Meningsverschil"),
    gettext_lazy("Versie"),
    gettext_lazy("Verzonden op"),
    gettext_lazy("Verzonden door"),
]


def _disagreement_note(disagreements: list[Disagreement]) -> str:
    if any(d.status == DisagreementStatus.OPEN for d in disagreements):
        return _("loopt")
    resolved = [d for d in disagreements if d.status != DisagreementStatus.OPEN]
    if not resolved:
        return ""
    return _("%(status)s; oorspronkelijk oordeel: %(original)s") % {
        "status": resolved[-1].get_status_display(),
        "original": resolved[-1].get_original_judgement_display(),
    }


def _shown_by_leerklimaat(entries: list[FormEntry]) -> set[int]:
    """The versions whose 5.1 is judged voldaan for a year-2 student: there "Oriëntatie op een
    positief leerklimaat" counts as shown (`outcome_set.counts_as_shown`, handbook ch.1). Read
    from the entries in the export, so no query."""
    return {
        e.version_id
        for e in entries
        if e.placement_outcome.outcome is not None
        and e.version.form.conversation.placement.student.year == 2
        and counts_as_shown(
            OPL_CODE,
            {e.placement_outcome.outcome.code: effective_judgement(e, list(e.disagreements.all()))},
        )
    }


def _row(entry: FormEntry, period_name: str | None, shown: set[int] = frozenset()) -> list[str]:
    version = entry.version
    conversation = version.form.conversation
    placement = conversation.placement
    po = entry.placement_outcome
    disagreements = list(entry.disagreements.all())
    judgement = effective_judgement(entry, disagreements)
    if not judgement and entry.version_id in shown and po.outcome and po.outcome.code == OPL_CODE:
        judgement = Judgement.VOLDAAN
    labels = dict(FormEntry._meta.get_field("judgement").choices)
    confidence = {True: _("ja"), False: _("nee"), None: ""}[entry.confidence_year3]
    periods = period_name or ", ".join(p.name for p in placement.periods.all())
    if po.outcome is not None:
        code, title = po.outcome.code, po.outcome.title
    else:
        code, title = po.subject_outcome.get_subject_display(), po.subject_outcome.title
    return [
        safe_cell(v)
        for v in (
            placement.student.student_number,
            placement.student.user.full_name,
            placement.student.programme.name,
            periods,
            placement.school.name,
            conversation.get_kind_display(),
            code,
            title,
            labels.get(judgement, ""),
            confidence,
            _disagreement_note(disagreements),
            version.number,
            timezone.localtime(version.sent_at).strftime("%Y-%m-%d %H:%M"),
            version.sent_by.full_name,
        )
    ]


def judgements_csv(entries: list[FormEntry], *, period_name: str | None = None) -> str:
    """The CSV text in Excel's dialect, every cell safe from formulas (`apps.core.excel_csv`)."""
    shown = _shown_by_leerklimaat(entries)
    return csv_text(
        [[str(h) for h in HEADER], *(_row(entry, period_name, shown) for entry in entries)]
    )


def judgements_export(
    *, by, scope: QuerySet[Placement], filters: dict, period_name: str | None = None
) -> str:
    """The CSV for `by`, recorded in the audit log with its filters and number of rows."""
    from apps.accounts.services import audit_record

    entries = judgement_entries(scope, **filters)
    audit_record(
        actor=by,
        action="judgements.exported",
        detail={"filters": {k: v for k, v in filters.items() if v}, "rows": len(entries)},
    )
    return judgements_csv(entries, period_name=period_name)
