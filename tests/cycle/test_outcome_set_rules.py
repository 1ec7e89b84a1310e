"""The handbook's rules on the outcome set in the cycle: optional vakdidactiek feedback (3.6),
maatwerk (ch.1 "Bijzondere maatwerktrajecten") and the entry condition of year 2."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.cycle.common import CycleError
from apps.cycle.conversations.services import conversation_mark_held
from apps.cycle.feedback.rules import send_problems
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import Conversation
from apps.cycle.procedure.outcome_set import derived_judgements, entry_exception_record
from apps.cycle.procedure.services import maatwerk_add
from apps.cycle.records.judgements import judgement_entries, judgements_csv
from apps.outcomes.models import SubjectOutcome
from apps.placements.models import Placement, PlacementOutcome, PlacementStatus
from tests.factories import LearningOutcomeFactory

OPL_ROUTE = (
    "Als de student de leeruitkomst ‘creëren van positief leerklimaat’ bij wpl2 lj2 aantoont"
)


def vakdidactiek(placement, *, judged: bool) -> PlacementOutcome:
    subject = SubjectOutcome.objects.create(subject="WI", title="Vakdidactiek algebra", ects=5)
    return PlacementOutcome.objects.create(
        placement=placement, subject_outcome=subject, wpb_judges=judged
    )


def test_unjudged_vakdidactiek_feedback_does_not_block_sending(cycle_placement, eind):
    # 3.6: "Bij de andere vakgroepen kunt u de feedback kwijt in het feedback -en
    # beoordelingsformulier." A place for feedback, not a requirement.
    eind.entries.create(placement_outcome=vakdidactiek(cycle_placement, judged=False))
    errors, _warnings = send_problems(eind)
    assert not [e for e in errors if "algebra" in e]


def test_judged_vakdidactiek_still_needs_a_judgement(cycle_placement, eind):
    # ch.1: "Bij biologie en de pilot bij Engels en NaSk ook beoordelen."
    eind.entries.create(placement_outcome=vakdidactiek(cycle_placement, judged=True))
    errors, _warnings = send_problems(eind)
    assert any("algebra" in e and "voldaan" in e for e in errors)


def test_maatwerk_takes_the_handbooks_rule_for_wpb_judgement(cycle_placement, instituutsopleider):
    # ch.1, Oriëntatie op de lerende: "Een beoordeling van de werkplekbegeleider is dan niet
    # nodig."
    year1 = LearningOutcomeFactory(code="J1-OOL", study_year=1, wpb_judgement_needed=False)
    added = maatwerk_add(
        by=instituutsopleider, placement=cycle_placement, outcome=year1, reason="Jaar 1 open"
    )
    assert added.wpb_judges is False


def test_maatwerk_route_is_shown_to_the_mentor(client, cycle_placement, instituutsopleider, mentor):
    # ch.1: "Afhankelijk van de leeruitkomst uit jaar 1 worden andere maatwerktrajecten
    # opgestart"; the werkplekbegeleider sees which.
    year1 = LearningOutcomeFactory(code="J1-OPL", study_year=1, maatwerk_route=OPL_ROUTE)
    maatwerk_add(by=instituutsopleider, placement=cycle_placement, outcome=year1, reason="open")
    client.force_login(mentor)
    page = client.get(reverse("cycle:placement", args=[cycle_placement.pk])).content.decode()
    assert OPL_ROUTE in page


def test_kennismaking_with_open_year1_outcomes_signals_the_io(
    client, placement, student, instituutsopleider
):
    # ch.1: "In dat geval moeten zij dit kenbaar maken tijdens het kennismakingsgesprek. Neem in
    # dit geval contact op met de instituutsopleider."
    client.force_login(student.user)
    url = reverse("cycle:kennismaking", args=[placement.pk])
    client.post(url, {"lock_version": 0, "open_year1_outcomes": "on"})
    note = instituutsopleider.notifications.get()
    assert "jaar 1 open" in note.message
    assert note.url == reverse("cycle:maatwerk", args=[placement.pk])


def hold(placement: Placement) -> Placement:
    placement.professional_attitude = False
    placement.save()
    return placement


def test_without_professional_attitude_the_placement_stays_planned(cycle_placement, mentor):
    # ch.1, Oriëntatie op Beroep: "Als de student deze leeruitkomst niet behaald heeft op de
    # onderdelen ‘professionele houding’ dan kan de student niet naar het werkplekleren in
    # jaar 2 doorstromen."
    hold(cycle_placement)
    conversation = Conversation.objects.filter(placement=cycle_placement).first()
    conversation_mark_held(by=mentor, conversation=conversation, held=timezone.localdate())
    cycle_placement.refresh_from_db()
    assert cycle_placement.status == PlacementStatus.PLANNED


def test_an_exception_by_the_io_lets_the_placement_start(
    cycle_placement, mentor, instituutsopleider
):
    hold(cycle_placement)
    entry_exception_record(by=instituutsopleider, placement=cycle_placement, reason="Herstel")
    conversation = Conversation.objects.filter(placement=cycle_placement).first()
    conversation_mark_held(by=mentor, conversation=conversation, held=timezone.localdate())
    cycle_placement.refresh_from_db()
    assert cycle_placement.status == PlacementStatus.ACTIVE


def test_only_the_io_records_the_exception(cycle_placement, mentor):
    with pytest.raises(CycleError, match="instituutsopleider"):
        entry_exception_record(by=mentor, placement=hold(cycle_placement), reason="x")


@pytest.fixture
def opl(cycle_placement, instituutsopleider):
    year1 = LearningOutcomeFactory(code="J1-OPL", title="Oriëntatie op een positief leerklimaat")
    return maatwerk_add(
        by=instituutsopleider, placement=cycle_placement, outcome=year1, reason="open"
    )


def test_leerklimaat_voldaan_in_year_two_counts_for_opl(cycle_placement, opl, eind, mentor):
    # ch.1: "Als de student de leeruitkomst ‘creëren van positief leerklimaat’ bij wpl2 lj2
    # aantoont, dan kan deze leeruitkomst automatisch in de beoordeling worden meegenomen."
    eind.entries.exclude(placement_outcome=opl).update(judgement="voldaan")
    form_version_send(by=mentor, version=eind)
    assert derived_judgements(cycle_placement) == {opl.pk: "voldaan"}
    csv = judgements_csv(judgement_entries(Placement.objects.all()))
    assert any("J1-OPL" in line and "Voldaan" in line for line in csv.splitlines())


def test_leerklimaat_niet_voldaan_does_not_count(cycle_placement, opl, eind, mentor):
    eind.entries.exclude(placement_outcome=opl).update(judgement="niet_voldaan")
    form_version_send(by=mentor, version=eind)
    assert derived_judgements(cycle_placement) == {}


def test_maatwerk_page_shows_the_year1_routes_to_the_io(
    client, cycle_placement, instituutsopleider
):
    # ch.1: "Afhankelijk van de leeruitkomst uit jaar 1 worden andere maatwerktrajecten
    # opgestart" — the io sees each route before choosing.
    LearningOutcomeFactory(code="J1-OPL", study_year=1, is_maatwerk=True, maatwerk_route=OPL_ROUTE)
    client.force_login(instituutsopleider)
    page = client.get(reverse("cycle:maatwerk", args=[cycle_placement.pk])).content.decode()
    assert OPL_ROUTE in page


def test_io_records_the_exception_on_the_maatwerk_page(client, cycle_placement, instituutsopleider):
    hold(cycle_placement)
    client.force_login(instituutsopleider)
    url = reverse("cycle:maatwerk", args=[cycle_placement.pk])
    client.post(url, {"action": "exception", "reason": "Herstelopdracht afgesproken"})
    cycle_placement.refresh_from_db()
    assert not cycle_placement.entry_blocked
