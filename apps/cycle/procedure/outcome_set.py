"""The outcome set that matches the student, kept in line with the placement (handbook 5.5 and
ch.1 "Bijzondere maatwerktrajecten"): the vakdidactiek outcomes follow pilot membership and the
year-2 choice, the entry condition of year 2 holds a placement at "gepland" until the
instituutsopleider records an exception, and "Oriëntatie op een positief leerklimaat" counts
once 5.1 is judged voldaan in year 2.

Every write takes the acting user, runs in a transaction and is audited; a sent form is never
changed (an outcome with a sent or written entry stays on the placement).
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record, notify
from apps.cycle.access import is_institute_assessor
from apps.cycle.common import CycleError
from apps.cycle.models import FormEntry, FormState, FormVersion, Judgement
from apps.placements.models import OutcomeSource, Placement, PlacementOutcome
from apps.placements.services import (
    PlacementError,
    placement_set_outcome_choice,
    subject_outcomes_for,
)

# The year-1 outcome that 5.1 in year 2 stands in for, and the year-2 outcome that does it.
OPL_CODE = "J1-OPL"
LEERKLIMAAT_CODE = "5.1"


def _unwritten(placement_outcome: PlacementOutcome) -> bool:
    """Nothing was written on this outcome and no form with it was sent."""
    entries = placement_outcome.form_entries.all()
    written = (
        entries.filter(version__state=FormState.SENT).exists()
        or entries.exclude(self_reflection="", feedback="", feed_forward="", judgement="").exists()
    )
    return not written and not placement_outcome.leerplan_goals.exists()


def outcome_set_follow(*, by: User | None, placement: Placement, created: bool) -> None:
    """Registered with `apps.placements.lifecycle`: when a placement changes, bring its default
    vakdidactiek outcomes in line with `subject_outcomes_for` (pilot, year-2 choice,
    institute-only). New ones get an entry on every form not yet sent; ones no longer wanted go
    when nothing was written on them; maatwerk additions are left alone."""
    if created:
        return  # placement_create built the set before the forms were made
    wanted = subject_outcomes_for(placement)
    current = {
        po.subject_outcome_id: po
        for po in placement.outcomes.filter(
            source=OutcomeSource.DEFAULT, subject_outcome__isnull=False
        )
    }
    for po in current.values():
        judges = next((j for s, j in wanted.items() if s.pk == po.subject_outcome_id), None)
        if judges is None:
            if _unwritten(po):
                po.form_entries.all().delete()
                po._history_user = by
                po.delete()
        elif po.wpb_judges != judges:
            po.wpb_judges = judges
            po._history_user = by
            po.save(update_fields=["wpb_judges"])
    added = PlacementOutcome.objects.bulk_create(
        [
            PlacementOutcome(placement=placement, subject_outcome=s, wpb_judges=judges)
            for s, judges in wanted.items()
            if s.pk not in current
        ]
    )
    if added:
        open_versions = FormVersion.objects.filter(form__conversation__placement=placement).exclude(
            state=FormState.SENT
        )
        FormEntry.objects.bulk_create(
            [FormEntry(version=v, placement_outcome=po) for v in open_versions for po in added]
        )


def outcome_choice_set(
    *, by: User, placement: Placement, pilot: bool, year_two, professional_attitude: bool | None
) -> Placement:
    """The instituutsopleider or the praktijkbureau records pilot membership, the year-2
    choice and the entry condition from the maatwerk page (`placement_set_outcome_choice`)."""
    if not is_institute_assessor(by, placement) and not by.is_praktijkbureau:
        raise CycleError(_("Alleen de instituutsopleider regelt maatwerk."))
    try:
        return placement_set_outcome_choice(
            by=by,
            placement=placement,
            pilot=pilot,
            year_two=year_two,
            professional_attitude=professional_attitude,
        )
    except PlacementError as exc:
        raise CycleError(str(exc)) from exc


@transaction.atomic
def entry_exception_record(*, by: User, placement: Placement, reason: str) -> Placement:
    """Handbook ch.1 (Oriëntatie op Beroep): "Als de student deze leeruitkomst niet behaald heeft
    op de onderdelen ‘professionele houding’ dan kan de student niet naar het werkplekleren in
    jaar 2 doorstromen." Only the instituutsopleider (or the praktijkbureau) records the
    exception that lets such a placement start."""
    if not is_institute_assessor(by, placement) and not by.is_praktijkbureau:
        raise CycleError(_("Alleen de instituutsopleider legt een uitzondering vast."))
    if not reason.strip():
        raise CycleError(_("Beschrijf de uitzondering en waarom die gemaakt wordt."))
    placement.entry_exception = reason.strip()
    placement.entry_exception_by = by
    placement.entry_exception_at = timezone.now()
    placement._history_user = by
    placement.full_clean()
    placement.save(update_fields=["entry_exception", "entry_exception_by", "entry_exception_at"])
    audit_record(actor=by, action="placement.entry_exception", target=placement)
    notify(
        recipients=[placement.student.user, placement.werkplekbegeleider, placement.schoolopleider],
        message=lambda: _(
            "De instituutsopleider heeft een uitzondering vastgelegd: de stage kan starten."
        ),
        url=reverse("cycle:placement", args=[placement.pk]),
    )
    return placement


def counts_as_shown(code: str, judgements: dict[str, str]) -> bool:
    """Handbook ch.1 (Oriëntatie op een positief leerklimaat): "Als de student de leeruitkomst
    ‘creëren van positief leerklimaat’ bij wpl2 lj2 aantoont, dan kan deze leeruitkomst
    automatisch in de beoordeling worden meegenomen." Whether the outcome with `code` counts as
    shown, given {outcome code: judgement} of a year-2 eindbeoordeling."""
    return code == OPL_CODE and judgements.get(LEERKLIMAAT_CODE) == Judgement.VOLDAAN


def derived_judgements(placement: Placement) -> dict[int, str]:
    """{placement outcome id: judgement} for outcomes that count as shown because of another
    (J1-OPL from 5.1 voldaan in year 2), read from the latest sent eindbeoordeling."""
    if placement.student.year != 2:
        return {}
    opl = placement.outcomes.filter(outcome__code=OPL_CODE).select_related("outcome").first()
    if opl is None:
        return {}
    sent = (
        FormEntry.objects.filter(
            version__form__conversation__placement=placement,
            version__form__conversation__kind="eindbeoordeling",
            version__state=FormState.SENT,
            placement_outcome__outcome__code=LEERKLIMAAT_CODE,
        )
        .filter(~Q(judgement=""))
        .order_by("-version__number")
        .values_list("judgement", flat=True)
        .first()
    )
    if counts_as_shown(opl.outcome.code, {LEERKLIMAAT_CODE: sent or ""}):
        return {opl.pk: Judgement.VOLDAAN}
    return {}
