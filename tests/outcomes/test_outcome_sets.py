"""The vakdidactiek outcomes that match the student (handbook 5.5), built from the seed fixture:
pilot membership, the year-2 choice of split outcomes and the institute-only ones."""

import pytest
from django.core.management import call_command

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.models import FormVersion
from apps.outcomes.models import SubjectOutcome
from apps.placements.services import PlacementError, placement_create, placement_set_outcome_choice
from tests.factories import PeriodFactory, ProgrammeFactory, SchoolFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seed():
    call_command("loaddata", "outcomes", verbosity=0)


def student_of(subject: str):
    programme = ProgrammeFactory(code=subject)
    programme.subject_outcomes.set(SubjectOutcome.objects.filter(subject=subject))
    return StudentProfileFactory(programme=programme)


def create(subject: str, **choice):
    return placement_create(
        by=None,
        student=student_of(subject),
        school=SchoolFactory(),
        periods=[PeriodFactory()],
        **choice,
    )


def subject_set(placement) -> dict[str, bool]:
    """{title: wpb judges} of the placement's vakdidactiek outcomes."""
    return {
        po.subject_outcome.title: po.wpb_judges
        for po in placement.outcomes.exclude(subject_outcome=None).select_related("subject_outcome")
    }


def split(subject: str) -> list[SubjectOutcome]:
    return list(SubjectOutcome.objects.filter(subject=subject, split_over_years=True))


def test_english_outside_the_pilot_gets_teaching_grammar_without_a_judgement():
    # 5.5: "Bij Biologie, *een deel van de studenten NaSk en Engels (Teaching grammar) heeft u
    # als werkplekbegeleider ook een beoordelende rol."
    assert subject_set(create("EN"))["Teaching Grammar"] is False


def test_english_in_the_pilot_has_teaching_grammar_judged_by_the_mentor():
    # 5.5: "(voor de pilot) Teaching Grammar"; ch.1: "Bij biologie en de pilot bij Engels en
    # NaSk ook beoordelen."
    placement = create("EN", pilot=True)
    assert subject_set(placement) == {
        "Leerganganalyse": False,
        "Teaching Grammar": True,
        "Teaching Young Adult Fiction": False,
    }


def test_wi_shows_only_the_two_outcomes_chosen_for_year_two():
    # 5.5: "*studenten tonen 2 luks aan in jaar 2 en de overige in jaar 3 afhankelijk van het
    # programma op de werkplek."
    algebra, meetkunde, *_rest = split("WI")
    placement = create("WI", year_two=[algebra, meetkunde])
    assert subject_set(placement) == {algebra.title: False, meetkunde.title: False}


def test_wi_without_a_choice_has_no_split_outcome_yet():
    # 5.5: "studenten tonen 2 luks aan in jaar 2": not four; the choice is still to be made.
    assert subject_set(create("WI")) == {}


def test_nask_in_the_pilot_has_its_two_outcomes_judged_by_the_mentor():
    # 5.5: "*een deel van de studenten NaSk ... heeft u als werkplekbegeleider ook een
    # beoordelende rol" and "*studenten tonen 2 luks aan in jaar 2".
    chosen = split("NA/SK")[:2]
    placement = create("NA/SK", pilot=True, year_two=chosen)
    assert subject_set(placement) == {s.title: True for s in chosen}


def test_nask_outside_the_pilot_gets_feedback_only():
    chosen = split("NA/SK")[2:]
    assert set(subject_set(create("NA/SK", year_two=chosen)).values()) == {False}


def test_a_year_two_choice_of_three_is_refused():
    # 5.5: "studenten tonen 2 luks aan in jaar 2".
    with pytest.raises(PlacementError, match="twee"):
        create("WI", year_two=split("WI")[:3])


def test_grey_outcomes_marked_institute_only_stay_off_the_form():
    # 5.5: "De leeruitkomsten die tekstkleur ‘grijs’ hebben (bij Engels en Geschiedenis) worden
    # volledig op de het instituut verzorgd ... De werkplekbegeleider heeft hier geen rol in."
    SubjectOutcome.objects.filter(subject="GS", title__startswith="Excursie").update(
        institute_only=True
    )
    assert "Excursiedidactiek & toetsing" not in subject_set(create("GS"))


def test_a_later_choice_brings_the_open_forms_in_line():
    algebra, meetkunde, rekenen, _statistiek = split("WI")
    placement = create("WI", year_two=[algebra, meetkunde])
    conversations_plan(by=None, placement=placement)
    placement_set_outcome_choice(
        by=None, placement=placement, pilot=False, year_two=[algebra, rekenen]
    )
    assert set(subject_set(placement)) == {algebra.title, rekenen.title}
    form = FormVersion.objects.filter(form__conversation__placement=placement).first()
    titles = {e.placement_outcome.subject_outcome.title for e in form.entries.all()}
    assert titles == {algebra.title, rekenen.title}


def test_joining_the_pilot_later_makes_the_mentor_judge():
    placement = create("EN")
    placement_set_outcome_choice(by=None, placement=placement, pilot=True, year_two=[])
    assert subject_set(placement)["Teaching Grammar"] is True
