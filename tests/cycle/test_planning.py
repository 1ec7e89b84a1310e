"""Planned dates from the planning rules, and moving one date of one placement."""

from datetime import date

import pytest
from django.urls import reverse

from apps.cycle.common import CycleError
from apps.cycle.conversations.selectors import planned_dates_for
from apps.cycle.conversations.services import conversation_reschedule, conversations_plan
from apps.cycle.models import Conversation, PlanningRule
from tests.factories import PeriodFactory, make_placement
from tests.querycount import queries_for

# PeriodFactory: 1 February 2027 (a Monday) to 29 March 2027, eight weeks later.
START = date(2027, 2, 1)


@pytest.fixture
def planned(placement):
    conversations_plan(by=None, placement=placement)
    return placement


def conversation(placement, kind="startgesprek") -> Conversation:
    return placement.conversations.get(kind=kind)


def test_default_plans_week_1_week_3_halfway_and_the_last_week(placement):
    assert planned_dates_for(placement) == {
        "kennismaking": date(2027, 2, 1),
        "startgesprek": date(2027, 2, 15),
        "tussenevaluatie": date(2027, 3, 1),
        "eindbeoordeling": date(2027, 3, 29),
    }


def test_a_programme_rule_moves_the_startgesprek(placement):
    PlanningRule.objects.create(programme=placement.student.programme, startgesprek_week=4)
    assert planned_dates_for(placement)["startgesprek"] == date(2027, 2, 22)


def test_a_period_rule_beats_a_programme_rule(placement):
    period = placement.periods.get()
    PlanningRule.objects.create(programme=placement.student.programme, startgesprek_week=4)
    PlanningRule.objects.create(period=period, startgesprek_week=2)
    assert planned_dates_for(placement)["startgesprek"] == date(2027, 2, 8)


def test_a_programme_and_period_rule_beats_both(placement):
    programme, period = placement.student.programme, placement.periods.get()
    PlanningRule.objects.create(programme=programme, startgesprek_week=4)
    PlanningRule.objects.create(period=period, startgesprek_week=2)
    PlanningRule.objects.create(programme=programme, period=period, startgesprek_week=5)
    assert planned_dates_for(placement)["startgesprek"] == date(2027, 3, 1)


def test_a_rule_of_another_programme_does_not_apply(placement):
    other = make_placement().student.programme
    PlanningRule.objects.create(
        programme=other, period=placement.periods.get(), kennismaking_week=2
    )
    assert planned_dates_for(placement)["kennismaking"] == START


def test_a_rule_without_weeks_plans_halfway_and_the_last_week(placement):
    PlanningRule.objects.create(programme=placement.student.programme, tussenevaluatie_week=6)
    dates = planned_dates_for(placement)
    assert dates["tussenevaluatie"] == date(2027, 3, 8)
    assert dates["eindbeoordeling"] == date(2027, 3, 29)


def test_a_week_past_the_end_means_the_last_week(placement):
    PlanningRule.objects.create(programme=placement.student.programme, eindbeoordeling_week=20)
    assert planned_dates_for(placement)["eindbeoordeling"] == date(2027, 3, 29)


def test_two_periods_plan_over_the_whole_span_and_skip_the_gap(placement):
    # Eight weeks of term 3 to Friday, two weeks without placement, eight weeks of term 4;
    # the middle falls in the gap.
    placement.periods.update(end=date(2027, 3, 26))
    placement.periods.add(PeriodFactory(start=date(2027, 4, 12), end=date(2027, 6, 4)))
    dates = planned_dates_for(placement)
    assert dates["tussenevaluatie"] == date(2027, 4, 12)
    assert dates["eindbeoordeling"] == date(2027, 5, 31)


def test_planning_costs_two_queries(placement, django_assert_num_queries):
    with django_assert_num_queries(2):  # the periods, the rules
        planned_dates_for(placement)


def test_conversations_are_planned_by_the_rule(student):
    PlanningRule.objects.create(programme=student.programme, startgesprek_week=4)
    placement = make_placement(student=student)
    assert conversation(placement).planned_date == date(2027, 2, 22)


@pytest.mark.parametrize("who", ["mentor", "schoolopleider", "instituutsopleider", "admin_user"])
def test_the_guides_and_the_praktijkbureau_may_move_a_date(planned, who, request):
    by = request.getfixturevalue(who)
    moved = conversation_reschedule(
        by=by, conversation=conversation(planned), planned_date=date(2027, 2, 16)
    )
    assert moved.planned_date == date(2027, 2, 16)


def test_the_student_may_not_move_a_date(planned, student):
    with pytest.raises(CycleError, match="Alleen de begeleiders"):
        conversation_reschedule(
            by=student.user, conversation=conversation(planned), planned_date=date(2027, 2, 16)
        )


def test_a_date_outside_the_period_is_refused_in_dutch(planned, mentor):
    with pytest.raises(CycleError, match="valt buiten de stageperiode"):
        conversation_reschedule(
            by=mentor, conversation=conversation(planned), planned_date=date(2027, 4, 5)
        )
    assert conversation(planned).planned_date == date(2027, 2, 15)


def test_a_held_conversation_keeps_its_date(planned, mentor):
    Conversation.objects.filter(placement=planned).update(held_date=date(2027, 2, 15))
    with pytest.raises(CycleError, match="al gehouden"):
        conversation_reschedule(
            by=mentor, conversation=conversation(planned), planned_date=date(2027, 2, 16)
        )


def test_history_records_who_moved_it_from_when_to_when(planned, mentor):
    conversation_reschedule(
        by=mentor, conversation=conversation(planned), planned_date=date(2027, 2, 16)
    )
    last = conversation(planned).history.latest()
    assert last.history_user == mentor
    assert last.history_change_reason == "verplaatst van 2027-02-15 naar 2027-02-16"


def test_the_student_is_told_and_sees_the_new_date(client, planned, mentor, student):
    client.force_login(mentor)
    url = reverse("cycle:conversation_reschedule", args=[conversation(planned).pk])
    assert client.post(url, {"planned_date": "2027-02-17"}).status_code == 302
    client.force_login(student.user)
    page = client.get(reverse("cycle:planning", args=[planned.pk])).content.decode()
    assert "17 februari 2027" in page
    assert student.user.notifications.filter(message__contains="17 februari 2027").exists()


def test_the_form_shows_the_period_error_on_the_date_field(client, planned, mentor):
    client.force_login(mentor)
    url = reverse("cycle:conversation_reschedule", args=[conversation(planned).pk])
    response = client.post(url, {"planned_date": "2027-06-01"})
    assert response.status_code == 400
    assert "valt buiten de stageperiode" in response.context["form"].errors["planned_date"][0]


def test_the_student_sees_no_move_links(client, planned, student):
    client.force_login(student.user)
    page = client.get(reverse("cycle:planning", args=[planned.pk])).content.decode()
    assert "Verplaatsen" not in page


def add_begeleidingsgesprekken(placement, n: int) -> None:
    last = placement.conversations.filter(kind="begeleidingsgesprek").count()
    Conversation.objects.bulk_create(
        Conversation(
            placement=placement,
            kind="begeleidingsgesprek",
            sequence=last + i,
            planned_date=date(2027, 2, 2),
            held_date=date(2027, 2, 2),
        )
        for i in range(1, n + 1)
    )


# Session, user, roles, the placement with its people, its periods, the conversations; the
# page adds the planning rule and the unread-notifications count of the menu.
@pytest.mark.parametrize(("name", "budget"), [("cycle:planning", 8), ("cycle:placement_ics", 6)])
def test_planning_pages_cost_the_same_for_5_and_50_conversations(
    client, planned, mentor, name, budget
):
    client.force_login(mentor)
    url = reverse(name, args=[planned.pk])
    add_begeleidingsgesprekken(planned, 1)
    assert queries_for(client, url) == budget
    add_begeleidingsgesprekken(planned, 45)
    assert queries_for(client, url) == budget
