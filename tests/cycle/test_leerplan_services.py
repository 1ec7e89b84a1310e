"""The persoonlijk leerplan services: drafts, stale saves, submitting, deciding, versions."""

import pytest

from apps.accounts.models import Notification
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.leerplan.selectors import (
    PHASE_RUBRIC_SLUG,
    answer_token,
    leerplan_of,
    leerplan_progress,
    placement_outcomes,
    version_diff,
)
from apps.cycle.leerplan.services import (
    leerplan_answer,
    leerplan_decide,
    leerplan_goal_save,
    leerplan_save,
    leerplan_submit,
)
from apps.cycle.models import Leerplan, LeerplanGoal, LeerplanStatus, LeerplanVersion
from apps.outcomes.models import Indicator
from apps.rubrics.models import Rubric
from tests.factories import LearningOutcomeFactory, make_placement

PHASES = ["Beginfase", "Groei-fase", "Vergevorderde fase"]


def make_phase_table(dimensions: int = 2) -> Rubric:
    """A small complexe beroepsvaardigheden table (the real one has 14 dimensions)."""
    rubric = Rubric.objects.create(
        slug=PHASE_RUBRIC_SLUG, name="Complexe beroepsvaardigheden", kind="fasen"
    )
    levels = [rubric.levels.create(position=n, name=name) for n, name in enumerate(PHASES, 1)]
    for n in range(1, dimensions + 1):
        dimension = rubric.dimensions.create(position=n, name=f"Vaardigheid {n}")
        for level in levels:
            dimension.descriptors.create(level=level, text=f"{dimension.name}: {level.name}.")
    return rubric


def goals_for(placement, **values) -> dict[int, dict]:
    """The same values on every outcome of the placement."""
    return {po.pk: dict(values) for po in placement.outcomes.all()}


def worked_out(goal: str = "Ik start elke les met een routine.") -> dict:
    """What the handbook asks per outcome: why, the goal, activities, when we are satisfied."""
    return {
        "why": "Rust helpt mijn klas.",
        "goal": goal,
        "activities": "Observeren bij een collega.",
        "maat_voldoende": "De klas is binnen 2 minuten stil.",
    }


def submit(placement, student, lock_version=0, goal="Ik start elke les met een routine."):
    return leerplan_submit(
        by=student.user,
        placement=placement,
        lock_version=lock_version,
        goals=goals_for(placement, **worked_out(goal)),
    )


@pytest.fixture
def submitted(cycle_placement, student):
    submit(cycle_placement, student)
    return cycle_placement


def test_student_saves_a_draft_as_often_as_wanted(cycle_placement, student):
    leerplan_save(
        by=student.user, placement=cycle_placement, lock_version=0, wishes={"qualities": "Rust"}
    )
    saved = leerplan_save(
        by=student.user,
        placement=cycle_placement,
        lock_version=1,
        goals=goals_for(cycle_placement, goal="Routines", scale_now=40),
    )
    assert saved.status == LeerplanStatus.DRAFT and saved.qualities == "Rust"
    assert list(saved.goals.values_list("goal", "scale_now")) == [("Routines", 40)] * 2


def test_stale_save_is_refused_and_carries_the_saved_text(cycle_placement, student):
    goals = goals_for(cycle_placement, goal="Eerste tekst")
    leerplan_save(by=student.user, placement=cycle_placement, lock_version=0, goals=goals)
    with pytest.raises(StaleEdit) as refused:
        leerplan_save(
            by=student.user,
            placement=cycle_placement,
            lock_version=0,
            goals=goals_for(cycle_placement, goal="Tweede tekst"),
        )
    po = cycle_placement.outcomes.first()
    assert refused.value.current["goals"][po.pk]["goal"] == "Eerste tekst"
    assert not LeerplanGoal.objects.filter(goal="Tweede tekst").exists()


def test_submit_freezes_a_version_and_notifies_the_werkplekbegeleider(
    cycle_placement, student, mentor
):
    version = submit(cycle_placement, student)
    assert version.number == 1 and version.submitted_by == student.user
    assert "Doel: Ik start elke les met een routine." in version.text
    assert len(version.snapshot["goals"]) == 2
    assert Leerplan.objects.get().status == LeerplanStatus.SUBMITTED
    assert Notification.objects.filter(recipient=mentor, message__contains="ingediend").exists()


def test_submit_without_every_outcome_worked_out_is_refused_and_changes_nothing(
    cycle_placement, student
):
    first = cycle_placement.outcomes.first()
    with pytest.raises(CycleError, match="Nog nodig bij .*5.4 PPI: waarom .*, je doel, ") as no:
        leerplan_submit(
            by=student.user,
            placement=cycle_placement,
            lock_version=0,
            goals={first.pk: {"goal": "Alleen deze"}},
        )
    assert "5.1 Creëren van positief leerklimaat: waarom" in str(no.value)
    assert not LeerplanVersion.objects.exists()
    assert not LeerplanGoal.objects.exists()


def test_submit_names_only_the_parts_still_missing(cycle_placement, student):
    goals = goals_for(cycle_placement, **worked_out())
    klimaat = cycle_placement.outcomes.get(outcome__code="5.1")
    goals[klimaat.pk] |= {"activities": "", "maat_voldoende": ""}
    with pytest.raises(CycleError) as refused:
        leerplan_submit(by=student.user, placement=cycle_placement, lock_version=0, goals=goals)
    message = str(refused.value)
    assert "5.1 Creëren van positief leerklimaat: wat je gaat doen" in message
    assert "wanneer jullie tevreden zijn" in message and "je doel" not in message
    assert "5.4 PPI" not in message


def test_a_route_step_and_a_phase_count_as_activities_and_satisfied(cycle_placement, student):
    table = make_phase_table()
    step = {"kind": "activiteit", "description": "Observeren", "origin": "school"}
    values = worked_out() | {"activities": "", "maat_voldoende": ""}
    values |= {"route": [step], "phases": {table.dimensions.first().pk: table.levels.first().pk}}
    version = leerplan_submit(
        by=student.user,
        placement=cycle_placement,
        lock_version=0,
        goals=goals_for(cycle_placement, **values),
    )
    assert version.number == 1


def test_student_saves_one_outcome_and_leaves_the_others(cycle_placement, student):
    klimaat, ppi = cycle_placement.outcomes.order_by("outcome__position")
    leerplan_goal_save(
        by=student.user,
        placement=cycle_placement,
        placement_outcome=ppi,
        lock_version=0,
        values={"goal": "PPI-doel"},
    )
    leerplan_goal_save(
        by=student.user,
        placement=cycle_placement,
        placement_outcome=klimaat,
        lock_version=1,
        values={"goal": "Klimaat-doel"},
    )
    assert dict(LeerplanGoal.objects.values_list("placement_outcome", "goal")) == {
        ppi.pk: "PPI-doel",
        klimaat.pk: "Klimaat-doel",
    }


def test_saving_an_outcome_of_another_placement_is_refused(cycle_placement, student):
    other = make_placement().outcomes.create(outcome=LearningOutcomeFactory())
    with pytest.raises(CycleError, match="hoort niet bij deze stage"):
        leerplan_goal_save(
            by=student.user,
            placement=cycle_placement,
            placement_outcome=other,
            lock_version=0,
            values={"goal": "Doel"},
        )


def test_progress_counts_the_outcomes_worked_out(cycle_placement, student):
    klimaat, ppi = cycle_placement.outcomes.order_by("outcome__position")
    goals = {klimaat.pk: worked_out(), ppi.pk: {"goal": "Alleen een doel"}}
    leerplan_save(by=student.user, placement=cycle_placement, lock_version=0, goals=goals)
    progress = leerplan_progress(leerplan_of(cycle_placement), placement_outcomes(cycle_placement))
    assert (progress.done, progress.total, progress.complete) == (1, 2, False)
    assert [row.status for row in progress.outcomes] == ["uitgewerkt", "begonnen"]
    assert progress.outcomes[1].missing == ["why", "activities", "satisfied"]


def test_progress_of_a_plan_not_yet_saved_is_empty(cycle_placement):
    progress = leerplan_progress(None, placement_outcomes(cycle_placement))
    assert [row.status for row in progress.outcomes] == ["leeg", "leeg"]
    assert progress.done == 0


def test_returning_needs_a_comment(submitted, mentor):
    with pytest.raises(CycleError, match="wat de student moet aanpassen"):
        leerplan_decide(by=mentor, placement=submitted, decision="teruggegeven", comment=" ")
    assert Leerplan.objects.get().status == LeerplanStatus.SUBMITTED


def test_approved_plan_is_read_only(submitted, student, mentor):
    leerplan_decide(by=mentor, placement=submitted, decision="goedgekeurd")
    lock = Leerplan.objects.get().lock_version
    with pytest.raises(CycleError, match="goedgekeurd en kan nu niet"):
        leerplan_save(by=student.user, placement=submitted, lock_version=lock, wishes={})


def test_resubmit_after_return_makes_version_2(submitted, student, mentor):
    approval = leerplan_decide(
        by=mentor, placement=submitted, decision="teruggegeven", comment="Maak 5.1 concreter."
    )
    assert approval.version.number == 1
    version = submit(submitted, student, Leerplan.objects.get().lock_version, goal="Concreter")
    assert version.number == 2
    assert LeerplanVersion.objects.count() == 2


def test_schoolopleider_decides_in_place_of_the_werkplekbegeleider(
    submitted, schoolopleider, student
):
    leerplan_decide(by=schoolopleider, placement=submitted, decision="goedgekeurd")
    assert Leerplan.objects.get().status == LeerplanStatus.APPROVED
    assert Notification.objects.filter(recipient=student.user, message__contains="goedgekeurd")


def test_instituutsopleider_cannot_decide(submitted, instituutsopleider):
    with pytest.raises(CycleError, match="Alleen de werkplekbegeleider"):
        leerplan_decide(by=instituutsopleider, placement=submitted, decision="goedgekeurd")


def test_a_plan_is_decided_only_once(submitted, mentor, schoolopleider):
    leerplan_decide(by=mentor, placement=submitted, decision="goedgekeurd")
    with pytest.raises(CycleError, match="Alleen een ingediend leerplan"):
        leerplan_decide(by=schoolopleider, placement=submitted, decision="goedgekeurd")


def test_diff_shows_a_changed_line(submitted, student, mentor):
    leerplan_decide(by=mentor, placement=submitted, decision="teruggegeven", comment="Concreter.")
    submit(submitted, student, Leerplan.objects.get().lock_version, goal="Routine met timer.")
    one, two = LeerplanVersion.objects.order_by("number")
    hunks = version_diff(one.text, two.text)
    assert [h.section for h in hunks] == ["5.1 Creëren van positief leerklimaat", "5.4 PPI"]
    changed = hunks[0].lines
    assert ("removed", "Doel: Ik start elke les met een routine.") in [
        (line.kind, line.text) for line in changed
    ]
    assert ("added", "Doel: Routine met timer.") in [(line.kind, line.text) for line in changed]


def test_same_texts_have_no_diff():
    assert version_diff("a\nb\n", "a\nb\n") == []


def test_scale_outside_1_to_100_is_refused(cycle_placement, student):
    with pytest.raises(CycleError, match="1 tot en met 100"):
        leerplan_save(
            by=student.user,
            placement=cycle_placement,
            lock_version=0,
            goals=goals_for(cycle_placement, scale_target=101),
        )


def test_indicator_of_another_outcome_is_refused(cycle_placement, student):
    ppi = cycle_placement.outcomes.get(outcome__code="5.4")
    with pytest.raises(CycleError, match="hoort niet bij het kijkkader"):
        leerplan_save(
            by=student.user,
            placement=cycle_placement,
            lock_version=0,
            goals={ppi.pk: {"indicators": [Indicator.objects.first().pk]}},
        )


def test_route_phases_and_indicators_are_kept_in_the_version(cycle_placement, student):
    table = make_phase_table()
    dimension, groei = table.dimensions.first(), table.levels.get(name="Groei-fase")
    klimaat = cycle_placement.outcomes.get(outcome__code="5.1")
    indicator = Indicator.objects.get(text="Je past consequent routines toe.")
    step = {"kind": "activiteit", "description": "Observeren bij een collega", "origin": "school"}
    goals = goals_for(cycle_placement, **worked_out("Doel"))
    goals[klimaat.pk] |= {
        "indicators": [indicator.pk],
        "route": [step],
        "phases": {dimension.pk: groei.pk},
    }
    text = leerplan_submit(
        by=student.user, placement=cycle_placement, lock_version=0, goals=goals
    ).text
    assert "  - Leeractiviteit (school): Observeren bij een collega" in text
    assert "  - Vaardigheid 1: Groei-fase" in text
    assert "  - Klassenmanagement: Je past consequent routines toe." in text


def test_a_phase_outside_the_table_is_refused(cycle_placement, student):
    table = make_phase_table()
    other = Rubric.objects.create(slug="ander", name="Ander", kind="fasen")
    level = other.levels.create(position=1, name="Elders")
    klimaat = cycle_placement.outcomes.get(outcome__code="5.1")
    with pytest.raises(CycleError, match="tabel complexe beroepsvaardigheden"):
        leerplan_save(
            by=student.user,
            placement=cycle_placement,
            lock_version=0,
            goals={klimaat.pk: {"phases": {table.dimensions.first().pk: level.pk}}},
        )


def test_an_untouched_outcome_gets_no_goal_row(cycle_placement, student):
    klimaat = cycle_placement.outcomes.get(outcome__code="5.1")
    goals = goals_for(cycle_placement, goal="")
    goals[klimaat.pk]["goal"] = "Alleen hier"
    leerplan_save(by=student.user, placement=cycle_placement, lock_version=0, goals=goals)
    assert list(LeerplanGoal.objects.values_list("placement_outcome", flat=True)) == [klimaat.pk]


def test_only_the_student_writes_the_leerplan(cycle_placement, mentor):
    with pytest.raises(CycleError, match="Alleen de student"):
        leerplan_save(by=mentor, placement=cycle_placement, lock_version=0, wishes={})


def test_guides_answer_does_not_overwrite_the_other_guide(
    cycle_placement, student, mentor, schoolopleider
):
    leerplan_save(
        by=student.user, placement=cycle_placement, lock_version=0, wishes={"help_wanted": "5.1"}
    )
    seen = answer_token(Leerplan.objects.get())
    leerplan_answer(by=mentor, placement=cycle_placement, answer="Wekelijks gesprek.", seen=seen)
    with pytest.raises(StaleEdit) as refused:
        leerplan_answer(by=schoolopleider, placement=cycle_placement, answer="Nee", seen=seen)
    assert refused.value.current["guides_answer"] == "Wekelijks gesprek."
    assert Leerplan.objects.get().guides_answered_by == mentor


def test_guides_answer_leaves_the_students_draft_open(cycle_placement, student, mentor):
    leerplan_save(by=student.user, placement=cycle_placement, lock_version=0, wishes={})
    leerplan_answer(
        by=mentor,
        placement=cycle_placement,
        answer="Ja.",
        seen=answer_token(Leerplan.objects.get()),
    )
    leerplan_save(by=student.user, placement=cycle_placement, lock_version=1, wishes={})
