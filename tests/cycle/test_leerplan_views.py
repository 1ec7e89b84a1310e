"""The leerplan pages: what the student types is never lost, errors sit at their field, the
guides read, answer and decide, and the page costs the same queries however large."""

import pytest
from django.urls import reverse

from apps.cycle.leerplan import leerplan_decide, leerplan_save
from apps.cycle.models import Leerplan, LeerplanStatus
from apps.outcomes.models import KijkkaderDimension
from apps.placements.models import PlacementOutcome
from tests.cycle.test_leerplan_services import make_phase_table, submit
from tests.factories import LearningOutcomeFactory, make_placement
from tests.querycount import queries_for


def url(name: str, placement) -> str:
    return reverse(f"cycle:{name}", args=[placement.pk])


def page_data(placement, lock: int = 0, **fields) -> dict:
    """The POST of the leerplan page: empty except `fields`, given for every outcome
    (`goal="..."`) or with a full name (`**{"g12-goal": "..."}`)."""
    data = {"lock_version": lock}
    for po in placement.outcomes.all():
        data |= {f"g{po.pk}-route-TOTAL_FORMS": 2, f"g{po.pk}-route-INITIAL_FORMS": 0}
        for name, value in fields.items():
            if "-" not in name:
                data[f"g{po.pk}-{name}"] = value
    return data | {k: v for k, v in fields.items() if "-" in k}


@pytest.fixture
def as_student(client, student):
    client.force_login(student.user)
    return client


def test_student_saves_a_draft_and_sees_it_back(as_student, cycle_placement):
    response = as_student.post(
        url("leerplan", cycle_placement), page_data(cycle_placement, goal="Rust in de klas")
    )
    assert response.status_code == 302
    assert "Rust in de klas" in as_student.get(url("leerplan", cycle_placement)).content.decode()


def test_scale_out_of_range_keeps_the_typed_text_and_says_why(as_student, cycle_placement):
    data = page_data(cycle_placement, goal="Mijn zorgvuldig getypte doel", scale_now=150)
    response = as_student.post(url("leerplan", cycle_placement), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Mijn zorgvuldig getypte doel" in page
    assert "Vul een getal van 1 tot en met 100 in." in page
    assert not Leerplan.objects.exists()


def test_route_step_without_a_kind_is_marked_at_its_field(as_student, cycle_placement):
    po = cycle_placement.outcomes.first()
    data = page_data(cycle_placement, **{f"g{po.pk}-route-0-description": "Boek lezen"})
    response = as_student.post(url("leerplan", cycle_placement), data)
    assert response.status_code == 400
    assert "Kies: leerinhoud, leeractiviteit of bron." in response.content.decode()


def test_route_rows_are_added_and_removed(as_student, cycle_placement):
    po = cycle_placement.outcomes.first()
    row = {"kind": "bron", "description": "Boek over klassenmanagement", "origin": "instituut"}
    data = page_data(cycle_placement, **{f"g{po.pk}-route-0-{k}": v for k, v in row.items()})
    as_student.post(url("leerplan", cycle_placement), data)
    assert po.leerplan_goals.get().route.count() == 1
    data = page_data(
        cycle_placement, lock=1, **{f"g{po.pk}-route-0-{k}": v for k, v in row.items()}
    )
    data |= {f"g{po.pk}-route-INITIAL_FORMS": 1, f"g{po.pk}-route-0-DELETE": "on"}
    as_student.post(url("leerplan", cycle_placement), data)
    assert po.leerplan_goals.get().route.count() == 0


def test_stale_save_shows_the_saved_text_and_keeps_the_typed_text(as_student, cycle_placement):
    as_student.post(
        url("leerplan", cycle_placement), page_data(cycle_placement, goal="Uit venster 1")
    )
    response = as_student.post(
        url("leerplan", cycle_placement), page_data(cycle_placement, goal="Uit venster 2")
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Uit venster 1" in page and "Uit venster 2" in page
    assert 'name="lock_version" value="1"' in page


def test_submit_without_goals_marks_the_empty_goal_fields(as_student, cycle_placement):
    response = as_student.post(
        url("leerplan_submit", cycle_placement), page_data(cycle_placement, why="Omdat")
    )
    page = response.content.decode()
    assert response.status_code == 400
    # at both goal fields, and in the list of errors at the top of the page
    assert page.count("Schrijf een doel voordat je het leerplan indient.") == 4
    assert "Omdat" in page


def test_submit_saves_and_submits_in_one_go(as_student, cycle_placement):
    response = as_student.post(
        url("leerplan_submit", cycle_placement), page_data(cycle_placement, goal="Doel")
    )
    assert response.status_code == 302
    assert Leerplan.objects.get().status == LeerplanStatus.SUBMITTED


def test_guides_read_but_cannot_save(client, cycle_placement, mentor, instituutsopleider):
    for person in (mentor, instituutsopleider):
        client.force_login(person)
        assert client.get(url("leerplan", cycle_placement)).status_code == 200
        assert (
            client.post(url("leerplan", cycle_placement), page_data(cycle_placement)).status_code
            == 403
        )


def test_outsider_gets_404(client, cycle_placement, outsider):
    client.force_login(outsider)
    assert client.get(url("leerplan", cycle_placement)).status_code == 404
    assert client.get(url("leerplan_versions", cycle_placement)).status_code == 404


def test_student_cannot_decide_on_their_own_plan(as_student, cycle_placement, student):
    submit(cycle_placement, student)
    response = as_student.post(url("leerplan_decide", cycle_placement), {"decision": "goedgekeurd"})
    assert response.status_code == 403


def test_returning_without_a_comment_is_marked_at_the_comment(
    client, cycle_placement, student, mentor
):
    submit(cycle_placement, student)
    client.force_login(mentor)
    response = client.post(url("leerplan_decide", cycle_placement), {"decision": "teruggegeven"})
    assert response.status_code == 400
    assert "Schrijf bij het teruggeven wat de student moet aanpassen." in response.content.decode()


def test_mentor_returns_and_the_student_sees_the_comment(client, cycle_placement, student, mentor):
    submit(cycle_placement, student)
    client.force_login(mentor)
    client.post(
        url("leerplan_decide", cycle_placement),
        {"decision": "teruggegeven", "comment": "Maak het doel meetbaar."},
    )
    client.force_login(student.user)
    page = client.get(url("leerplan", cycle_placement)).content.decode()
    assert "Maak het doel meetbaar." in page and "Indienen ter goedkeuring" in page


def test_approved_plan_is_read_only_for_the_student(as_student, cycle_placement, student, mentor):
    submit(cycle_placement, student)
    leerplan_decide(by=mentor, placement=cycle_placement, decision="goedgekeurd")
    page = as_student.get(url("leerplan", cycle_placement)).content.decode()
    assert "alleen-lezen" in page and "Concept opslaan" not in page
    assert (
        as_student.post(url("leerplan", cycle_placement), page_data(cycle_placement)).status_code
        == 403
    )


def test_mentor_answers_the_guidance_wishes(client, cycle_placement, student, mentor):
    leerplan_save(by=student.user, placement=cycle_placement, lock_version=0, wishes={})
    client.force_login(mentor)
    page = client.get(url("leerplan", cycle_placement)).content.decode()
    seen = page.split('name="seen" value="')[1].split('"')[0]
    client.post(
        url("leerplan_answer", cycle_placement), {"guides_answer": "Elke week.", "seen": seen}
    )
    assert Leerplan.objects.get().guides_answer == "Elke week."


def test_versions_page_shows_what_changed(client, cycle_placement, student, mentor):
    submit(cycle_placement, student, goal="Eerste doel")
    leerplan_decide(
        by=mentor, placement=cycle_placement, decision="teruggegeven", comment="Scherper."
    )
    submit(cycle_placement, student, Leerplan.objects.get().lock_version, goal="Scherper doel")
    client.force_login(mentor)
    page = client.get(url("leerplan_versions", cycle_placement)).content.decode()
    assert "toegevoegd:" in page and "Doel: Scherper doel</ins>" in page
    assert "verwijderd:" in page and "Doel: Eerste doel</del>" in page


def test_versions_page_refuses_an_unknown_version(client, cycle_placement, mentor):
    client.force_login(mentor)
    response = client.get(url("leerplan_versions", cycle_placement) + "?van=1&naar=x")
    assert response.status_code == 400


def test_phase_table_is_shown_with_its_descriptors(as_student, cycle_placement):
    make_phase_table()
    page = as_student.get(url("leerplan", cycle_placement)).content.decode()
    assert "Vaardigheid 1: Groei-fase." in page


def add_outcomes(placement, n: int) -> None:
    for _ in range(n):
        outcome = LearningOutcomeFactory()
        dimension = KijkkaderDimension.objects.create(outcome=outcome, position=1, name="Dim")
        dimension.indicators.create(position=1, text="Indicator")
        PlacementOutcome.objects.create(placement=placement, outcome=outcome)


def fill(placement, student, table) -> None:
    """A goal with an indicator, two route steps and a phase on every outcome."""
    dimension, level = table.dimensions.first(), table.levels.first()
    goals = {}
    for po in placement.outcomes.prefetch_related("outcome__dimensions__indicators"):
        indicators = [i.pk for d in po.outcome.dimensions.all() for i in d.indicators.all()]
        step = {"kind": "bron", "description": "Boek", "origin": "school"}
        goals[po.pk] = {
            "goal": "Doel",
            "indicators": indicators[:1],
            "route": [step, step],
            "phases": {dimension.pk: level.pk},
        }
    lock = Leerplan.objects.filter(placement=placement).first()
    leerplan_save(
        by=student.user,
        placement=placement,
        lock_version=lock.lock_version if lock else 0,
        goals=goals,
    )


def test_leerplan_page_costs_the_same_at_2_and_6_outcomes_and_5_and_500_placements(
    client, cycle_placement, student, mentor
):
    # session, user, roles, placement (+ people) and its periods, leerplan, goals with their
    # indicators, route and phases, approvals, versions, outcomes with kijkkader dimensions
    # and indicators, the phase table (rubric, levels, dimensions, descriptors), notification
    # count; none per outcome, goal, indicator, dimension or placement.
    table = make_phase_table(dimensions=3)
    pages = [url("leerplan", cycle_placement), url("leerplan_versions", cycle_placement)]

    def costs() -> list[int]:
        counts = []
        for person in (student.user, mentor):
            client.force_login(person)
            counts += [queries_for(client, p) for p in pages]
        return counts

    for _ in range(4):
        make_placement(werkplekbegeleider=mentor)
    fill(cycle_placement, student, table)
    at_2 = costs()
    add_outcomes(cycle_placement, 4)
    fill(cycle_placement, student, table)
    at_6 = costs()
    for _ in range(495):
        make_placement(werkplekbegeleider=mentor)
    at_500 = costs()
    print("queries (student page, student versions, mentor page, mentor versions):", at_500)
    assert at_2 == at_6 == at_500
    assert max(at_500) <= 25
