"""Complexe beroepsvaardigheden per placement: the student and the werkplekbegeleider each
place the student on the phase table at three moments, shown side by side with the
differences marked in words, and the growth as a chart."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.cycle.beroepsvaardigheden.services import PhaseChoice, cbv_place
from apps.cycle.models import CbvPlacement
from apps.rubrics.models import Rubric
from apps.rubrics.services import RubricError
from tests.querycount import queries_for


@pytest.fixture
def table(db):
    call_command("loaddata", "rubrics", verbosity=0)
    return Rubric.objects.get(slug="complexe-beroepsvaardigheden")


def phases(table, position: int = 1, note: str = "") -> dict:
    level = table.levels.get(position=position).pk
    return {d.pk: PhaseChoice(level, note) for d in table.dimensions.all()}


def place(by, placement, table, moment="start", perspective="student", position=1):
    return cbv_place(
        by=by,
        placement=placement,
        moment=moment,
        perspective=perspective,
        choices=phases(table, position),
    )


def form_data(table, position: int = 1) -> dict:
    level = table.levels.get(position=position).pk
    data = {}
    for d in table.dimensions.all():
        data[f"level_{d.pk}"] = level
        data[f"note_{d.pk}"] = ""
    return data


# --- The service ------------------------------------------------------------------------------


def test_student_places_themself_on_every_dimension(placement, student, table):
    assert place(student.user, placement, table) == 14
    assert CbvPlacement.objects.filter(placement=placement, perspective="student").count() == 14


def test_the_werkplekbegeleider_fills_in_the_mentor_column(placement, mentor, table):
    place(mentor, placement, table, perspective="werkplekbegeleider", position=2)
    assert CbvPlacement.objects.filter(perspective="werkplekbegeleider").count() == 14


def test_the_schoolopleider_may_fill_in_the_mentor_column(placement, schoolopleider, table):
    place(schoolopleider, placement, table, perspective="werkplekbegeleider")
    assert CbvPlacement.objects.filter(placed_by=schoolopleider).count() == 14


def test_the_student_may_not_fill_in_the_mentor_column(placement, student, table):
    with pytest.raises(RubricError):
        place(student.user, placement, table, perspective="werkplekbegeleider")


def test_the_mentor_may_not_fill_in_the_student_column(placement, mentor, table):
    with pytest.raises(RubricError):
        place(mentor, placement, table, perspective="student")


def test_the_instituutsopleider_fills_in_neither_column(placement, instituutsopleider, table):
    with pytest.raises(RubricError):
        place(instituutsopleider, placement, table, perspective="werkplekbegeleider")


def test_every_dimension_needs_a_phase(placement, student, table):
    choices = phases(table)
    choices.pop(next(iter(choices)))
    with pytest.raises(RubricError, match="elke dimensie"):
        cbv_place(
            by=student.user,
            placement=placement,
            moment="start",
            perspective="student",
            choices=choices,
        )


def test_placing_again_replaces_the_earlier_choice_and_history_keeps_it(placement, student, table):
    place(student.user, placement, table, position=1)
    place(student.user, placement, table, position=2)

    rows = CbvPlacement.objects.filter(placement=placement)
    assert rows.count() == 14
    assert {r.level.position for r in rows} == {2}
    assert CbvPlacement.history.filter(placement=placement).count() == 28


# --- The pages --------------------------------------------------------------------------------


def test_the_page_marks_differences_in_words_not_only_colour(
    client, placement, student, mentor, table
):
    place(student.user, placement, table, position=1)
    place(mentor, placement, table, perspective="werkplekbegeleider", position=2)
    client.force_login(student.user)
    response = client.get(reverse("cycle:cbv", args=[placement.pk]))
    html = response.content.decode()
    assert html.count("werkplekbegeleider 1 fase hoger") == 14
    assert "Op 14 dimensies verschillen student en werkplekbegeleider." in html
    assert response.context["moments"][0].differences == 14


def test_equal_placements_are_not_marked(client, placement, student, mentor, table):
    place(student.user, placement, table, position=2)
    place(mentor, placement, table, perspective="werkplekbegeleider", position=2)
    client.force_login(mentor)
    response = client.get(reverse("cycle:cbv", args=[placement.pk]))
    assert response.context["moments"][0].differences == 0
    assert "cbv-differs" not in response.content.decode()


def test_the_chart_shows_the_average_phase_over_the_three_moments(
    client, placement, student, table
):
    place(student.user, placement, table, moment="start", position=1)
    place(student.user, placement, table, moment="tussenevaluatie", position=2)
    place(student.user, placement, table, moment="eindbeoordeling", position=3)
    client.force_login(student.user)
    response = client.get(reverse("cycle:cbv", args=[placement.pk]))
    chart = response.context["chart"]
    assert [p.label for p in chart.series[0].points] == [
        "Start: Beginfase",
        "Tussenevaluatie: Groei-fase",
        "Eindbeoordeling: Vergevorderde fase",
    ]
    assert chart.series[1].points == []  # the mentor has not placed yet
    assert "<desc" in response.content.decode()


def test_the_student_saves_their_column_through_the_page(client, placement, student, table):
    client.force_login(student.user)
    url = reverse("cycle:cbv_edit", args=[placement.pk, "tussenevaluatie"])
    response = client.post(url, form_data(table, position=3))
    assert response.url == reverse("cycle:cbv", args=[placement.pk])
    row = CbvPlacement.objects.filter(placement=placement, moment="tussenevaluatie").first()
    assert row.perspective == "student" and row.level.name == "Vergevorderde fase"


def test_a_missing_phase_is_an_error_and_the_notes_stay(client, placement, mentor, table):
    client.force_login(mentor)
    data = form_data(table)
    first = table.dimensions.order_by("position").first()
    data[f"level_{first.pk}"] = ""
    data[f"note_{first.pk}"] = "Zag ik in les 3"
    response = client.post(reverse("cycle:cbv_edit", args=[placement.pk, "start"]), data)
    assert response.status_code == 400
    assert "Kies een niveau." in response.content.decode()
    assert "Zag ik in les 3" in response.content.decode()


def test_the_form_shows_what_I_placed_before(client, placement, mentor, table):
    place(mentor, placement, table, perspective="werkplekbegeleider", position=3)
    client.force_login(mentor)
    response = client.get(reverse("cycle:cbv_edit", args=[placement.pk, "start"]))
    first = table.dimensions.order_by("position").first()
    assert response.context["form"][f"level_{first.pk}"].value() == table.levels.get(position=3).pk


def test_an_unknown_moment_is_404(client, placement, student, table):
    client.force_login(student.user)
    url = reverse("cycle:cbv_edit", args=[placement.pk, "halverwege"])
    assert client.get(url).status_code == 404


def test_the_placement_page_links_to_the_skills(client, placement, student, table):
    client.force_login(student.user)
    html = client.get(reverse("cycle:placement", args=[placement.pk])).content.decode()
    assert reverse("cycle:cbv", args=[placement.pk]) in html


def test_the_page_costs_the_same_empty_and_filled_in(client, placement, student, mentor, table):
    client.force_login(student.user)
    url = reverse("cycle:cbv", args=[placement.pk])
    empty = queries_for(client, url)
    for moment in ("start", "tussenevaluatie", "eindbeoordeling"):
        place(student.user, placement, table, moment=moment)
        place(mentor, placement, table, moment=moment, perspective="werkplekbegeleider")
    # session, user, roles, notifications count, the placement with its people, its periods,
    # the phase table, its levels, its dimensions, the placements with their phase: 10.
    assert queries_for(client, url) == empty == 10


def test_without_the_phase_table_the_page_says_so(client, placement, student):
    client.force_login(student.user)
    response = client.get(reverse("cycle:cbv", args=[placement.pk]), follow=True)
    assert "nog niet geladen" in response.content.decode()


def test_before_anyone_placed_the_page_says_so_instead_of_an_empty_chart(
    client, placement, mentor, table
):
    client.force_login(mentor)
    html = client.get(reverse("cycle:cbv", args=[placement.pk])).content.decode()
    assert "<svg" not in html
    assert "De grafiek verschijnt zodra" in html
    assert "Fasen kiezen als werkplekbegeleider" in html


def test_the_form_leads_back_to_the_overview_of_the_skills(client, placement, mentor, table):
    client.force_login(mentor)
    html = client.get(reverse("cycle:cbv_edit", args=[placement.pk, "start"])).content.decode()
    assert f'<a href="{reverse("cycle:cbv", args=[placement.pk])}">' in html
