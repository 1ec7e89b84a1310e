"""The leerplan pages: an overview with where each outcome stands, a step per outcome and one
for the guidance wishes; what the student types is never lost, errors sit at their field, the
guides read the whole plan, answer and decide, and the pages cost the same queries however
large."""

import datetime

import pytest
from django.urls import reverse

from apps.cycle.leerplan.services import leerplan_decide, leerplan_save
from apps.cycle.models import Conversation, Leerplan, LeerplanStatus
from apps.outcomes.models import KijkkaderDimension
from apps.placements.models import PlacementOutcome
from tests.cycle.test_leerplan_services import make_phase_table, submit, worked_out
from tests.factories import LearningOutcomeFactory, make_placement, make_placements
from tests.querycount import queries_for


def url(name: str, placement, *args) -> str:
    return reverse(f"cycle:{name}", args=[placement.pk, *args])


def outcomes(placement) -> list:
    return list(placement.outcomes.order_by("outcome__position"))


def step_url(placement, po) -> str:
    return url("leerplan_step", placement, po.pk)


def step_data(po, lock: int = 0, **fields) -> dict:
    """The POST of one step: empty except `fields` (`goal="..."`, or `**{"route-0-kind": ..}`
    for the leerroute)."""
    data = {"lock_version": lock, f"g{po.pk}-route-TOTAL_FORMS": 2}
    data[f"g{po.pk}-route-INITIAL_FORMS"] = 0
    return data | {f"g{po.pk}-{name}": value for name, value in fields.items()}


@pytest.fixture
def as_student(client, student):
    client.force_login(student.user)
    return client


def test_student_saves_a_step_and_sees_it_back(as_student, cycle_placement):
    klimaat = outcomes(cycle_placement)[0]
    response = as_student.post(
        step_url(cycle_placement, klimaat), step_data(klimaat, goal="Rust in de klas")
    )
    assert response.url == step_url(cycle_placement, klimaat)
    assert "Rust in de klas" in as_student.get(response.url).content.decode()


def test_save_and_next_goes_to_the_next_outcome_then_to_the_guidance(as_student, cycle_placement):
    klimaat, ppi = outcomes(cycle_placement)
    data = step_data(klimaat, goal="Doel") | {"naar": "volgende"}
    assert as_student.post(step_url(cycle_placement, klimaat), data).url == step_url(
        cycle_placement, ppi
    )
    data = step_data(ppi, lock=1, goal="Doel") | {"naar": "volgende"}
    response = as_student.post(step_url(cycle_placement, ppi), data)
    assert response.url == url("leerplan_wishes", cycle_placement)


def test_save_and_back_goes_to_the_previous_outcome(as_student, cycle_placement):
    klimaat, ppi = outcomes(cycle_placement)
    data = step_data(ppi, why="Omdat") | {"naar": str(klimaat.pk)}
    assert as_student.post(step_url(cycle_placement, ppi), data).url == step_url(
        cycle_placement, klimaat
    )


def test_scale_out_of_range_keeps_the_typed_text_and_says_why(as_student, cycle_placement):
    klimaat = outcomes(cycle_placement)[0]
    data = step_data(klimaat, goal="Mijn zorgvuldig getypte doel", scale_now=150)
    response = as_student.post(step_url(cycle_placement, klimaat), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Mijn zorgvuldig getypte doel" in page
    assert "Vul een getal van 1 tot en met 100 in." in page
    assert not Leerplan.objects.exists()


def test_route_step_without_a_kind_is_marked_at_its_field(as_student, cycle_placement):
    klimaat = outcomes(cycle_placement)[0]
    data = step_data(klimaat, **{"route-0-description": "Boek lezen"})
    response = as_student.post(step_url(cycle_placement, klimaat), data)
    assert response.status_code == 400
    assert "Kies: leerinhoud, leeractiviteit of bron." in response.content.decode()


def test_route_rows_are_added_and_removed(as_student, cycle_placement):
    po = outcomes(cycle_placement)[0]
    row = {"kind": "bron", "description": "Boek over klassenmanagement", "origin": "instituut"}
    route = {f"route-0-{k}": v for k, v in row.items()}
    as_student.post(step_url(cycle_placement, po), step_data(po, **route))
    assert po.leerplan_goals.get().route.count() == 1
    data = step_data(po, lock=1, **route, **{"route-INITIAL_FORMS": 1, "route-0-DELETE": "on"})
    as_student.post(step_url(cycle_placement, po), data)
    assert po.leerplan_goals.get().route.count() == 0


def test_stale_step_save_shows_the_saved_text_and_keeps_the_typed_text(as_student, cycle_placement):
    po = outcomes(cycle_placement)[0]
    as_student.post(step_url(cycle_placement, po), step_data(po, goal="Uit venster 1"))
    response = as_student.post(step_url(cycle_placement, po), step_data(po, goal="Uit venster 2"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Uit venster 1" in page and "Uit venster 2" in page
    assert 'name="lock_version" value="1"' in page


def test_kijkkader_indicators_are_folded_until_asked_for(as_student, cycle_placement):
    page = as_student.get(step_url(cycle_placement, outcomes(cycle_placement)[0])).content.decode()
    fold = page.split('id="kijkkader"')[1].split("</fieldset>")[0]
    assert fold.count("<details") == 2 and "open" not in fold.split("<summary")[0]
    assert "Je past consequent routines toe." in fold


def test_phase_table_is_shown_with_its_descriptors(as_student, cycle_placement):
    make_phase_table()
    page = as_student.get(step_url(cycle_placement, outcomes(cycle_placement)[0]))
    assert "Vaardigheid 1: Groei-fase." in page.content.decode()


def test_overview_shows_progress_and_what_is_missing_per_outcome(as_student, cycle_placement):
    klimaat, ppi = outcomes(cycle_placement)
    goals = {klimaat.pk: worked_out(), ppi.pk: {"goal": "Alleen een doel"}}
    leerplan_save(
        by=cycle_placement.student.user, placement=cycle_placement, lock_version=0, goals=goals
    )
    page = as_student.get(url("leerplan", cycle_placement)).content.decode()
    assert "1 van 2 uitgewerkt" in page
    assert "uitgewerkt</span>" in page and "begonnen</span>" in page
    assert "Nog nodig: waarom deze leeruitkomst belangrijk voor je is" in page
    assert step_url(cycle_placement, ppi) in page


def test_wishes_step_saves_the_guidance_wishes(as_student, cycle_placement):
    data = {"lock_version": 0, "help_wanted": "Bij 5.1", "naar": "overzicht"}
    response = as_student.post(url("leerplan_wishes", cycle_placement), data)
    assert response.url == url("leerplan", cycle_placement)
    assert Leerplan.objects.get().help_wanted == "Bij 5.1"


def test_stale_wishes_save_keeps_the_typed_text(as_student, cycle_placement):
    as_student.post(url("leerplan_wishes", cycle_placement), {"lock_version": 0, "pitfalls": "A"})
    response = as_student.post(
        url("leerplan_wishes", cycle_placement), {"lock_version": 0, "pitfalls": "Mijn B"}
    )
    assert response.status_code == 409
    assert "Mijn B" in response.content.decode()


def test_submit_of_an_unfinished_plan_says_what_is_missing_and_links_to_the_step(
    as_student, cycle_placement
):
    klimaat = outcomes(cycle_placement)[0]
    as_student.post(step_url(cycle_placement, klimaat), step_data(klimaat, goal="Doel"))
    response = as_student.post(url("leerplan_submit", cycle_placement), {"lock_version": 1})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Werk eerst elke leeruitkomst uit" in page
    assert f'href="{step_url(cycle_placement, klimaat)}"' in page
    assert Leerplan.objects.get().status == LeerplanStatus.DRAFT


def test_submit_of_a_worked_out_plan(as_student, cycle_placement, student):
    for n, po in enumerate(outcomes(cycle_placement)):
        as_student.post(step_url(cycle_placement, po), step_data(po, lock=n, **worked_out()))
    response = as_student.post(url("leerplan_submit", cycle_placement), {"lock_version": 2})
    assert response.status_code == 302
    assert Leerplan.objects.get().status == LeerplanStatus.SUBMITTED


def set_startgesprek(placement, **dates) -> None:
    Conversation.objects.filter(placement=placement, kind="startgesprek").update(**dates)


def test_overview_names_the_planned_date_of_the_startgesprek(as_student, cycle_placement):
    set_startgesprek(cycle_placement, planned_date=datetime.date(2026, 3, 2), held_date=None)
    page = as_student.get(url("leerplan", cycle_placement)).content.decode()
    assert "Dat gesprek is gepland op 2 maart 2026." in page


def test_overview_mentions_no_date_when_the_startgesprek_has_none(as_student, cycle_placement):
    set_startgesprek(cycle_placement, planned_date=None, held_date=None)
    page = as_student.get(url("leerplan", cycle_placement)).content.decode()
    assert "Dat gesprek heeft nog geen datum" in page and "gepland op" not in page


def test_overview_says_so_when_there_is_no_startgesprek(as_student, cycle_placement):
    Conversation.objects.filter(placement=cycle_placement, kind="startgesprek").delete()
    page = as_student.get(url("leerplan", cycle_placement)).content.decode()
    assert "Voor deze stage is nog geen startgesprek gepland" in page
    assert "het startgesprek" not in page
    wishes = as_student.get(url("leerplan_wishes", cycle_placement)).content.decode()
    assert "startgesprek" not in wishes


def test_overview_after_the_startgesprek_says_to_sharpen_and_submit(as_student, cycle_placement):
    set_startgesprek(cycle_placement, held_date=datetime.date(2026, 3, 3))
    page = as_student.get(url("leerplan", cycle_placement)).content.decode()
    assert "Je hebt je plan besproken in het startgesprek van 3 maart 2026." in page


def test_guides_read_the_overview_but_cannot_save_a_step(
    client, cycle_placement, mentor, instituutsopleider
):
    po = outcomes(cycle_placement)[0]
    for person in (mentor, instituutsopleider):
        client.force_login(person)
        assert client.get(url("leerplan", cycle_placement)).status_code == 200
        assert client.get(step_url(cycle_placement, po)).url.endswith(f"#lu-{po.pk}")
        assert client.post(step_url(cycle_placement, po), step_data(po)).status_code == 403


def test_outsider_gets_404(client, cycle_placement, outsider):
    client.force_login(outsider)
    po = outcomes(cycle_placement)[0]
    for page in ("leerplan", "leerplan_wishes", "leerplan_versions"):
        assert client.get(url(page, cycle_placement)).status_code == 404
    assert client.get(step_url(cycle_placement, po)).status_code == 404


def test_outcome_of_another_placement_is_404(as_student, cycle_placement):
    other = make_placement().outcomes.create(outcome=LearningOutcomeFactory())
    assert as_student.get(step_url(cycle_placement, other)).status_code == 404
    assert as_student.post(step_url(cycle_placement, other), step_data(other)).status_code == 404


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


def test_mentor_reads_the_whole_plan_on_the_overview(client, cycle_placement, student, mentor):
    submit(cycle_placement, student, goal="Elke les een routine.")
    client.force_login(mentor)
    page = client.get(url("leerplan", cycle_placement)).content.decode()
    assert page.count("Elke les een routine.") == 2 and "Besluit opslaan" in page


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
    assert "alleen-lezen" in page and "Uitwerken" not in page and "Indienen" not in page
    po = outcomes(cycle_placement)[0]
    assert as_student.post(step_url(cycle_placement, po), step_data(po)).status_code == 403


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


def add_outcomes(placement, n: int) -> None:
    for _ in range(n):
        outcome = LearningOutcomeFactory()
        dimension = KijkkaderDimension.objects.create(outcome=outcome, position=1, name="Dim")
        dimension.indicators.create(position=1, text="Indicator")
        PlacementOutcome.objects.create(placement=placement, outcome=outcome)


def fill(placement, student, table) -> None:
    """A worked-out goal with an indicator, two route steps and a phase on every outcome."""
    dimension, level = table.dimensions.first(), table.levels.first()
    goals = {}
    for po in placement.outcomes.prefetch_related("outcome__dimensions__indicators"):
        indicators = [i.pk for d in po.outcome.dimensions.all() for i in d.indicators.all()]
        step = {"kind": "bron", "description": "Boek", "origin": "school"}
        goals[po.pk] = worked_out() | {
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


def test_leerplan_pages_cost_the_same_at_2_and_6_outcomes_and_5_and_500_placements(
    client, cycle_placement, student, mentor
):
    # session, user, roles, placement (+ people) and its periods, leerplan, goals with their
    # indicators, route and phases, approvals, versions, outcomes with kijkkader dimensions
    # and indicators, the phase table (rubric, levels, dimensions, descriptors), the
    # startgesprek, notification count; none per outcome, goal, indicator, dimension or
    # placement. The student's pages: overview, the first step, the guidance step, versions;
    # the mentor's: overview (the whole plan) and versions.
    table = make_phase_table(dimensions=3)
    first = outcomes(cycle_placement)[0]
    students_pages = [
        url("leerplan", cycle_placement),
        step_url(cycle_placement, first),
        url("leerplan_wishes", cycle_placement),
        url("leerplan_versions", cycle_placement),
    ]
    mentors_pages = [url("leerplan", cycle_placement), url("leerplan_versions", cycle_placement)]

    def costs() -> list[int]:
        client.force_login(student.user)
        counts = [queries_for(client, p) for p in students_pages]
        client.force_login(mentor)
        return counts + [queries_for(client, p) for p in mentors_pages]

    for _ in range(4):
        make_placement(werkplekbegeleider=mentor)
    fill(cycle_placement, student, table)
    at_2 = costs()
    add_outcomes(cycle_placement, 4)
    fill(cycle_placement, student, table)
    at_6 = costs()
    make_placements(495, werkplekbegeleider=mentor)
    at_500 = costs()
    print("queries (student: overview, step, wishes, versions; mentor: overview, versions)")
    print(at_500)
    assert at_2 == at_6 == at_500
    assert max(at_500) <= 25
