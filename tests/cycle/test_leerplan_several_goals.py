"""Several leerdoelen under one outcome, each with its own schaalvraag line."""

import pytest
from django.urls import reverse

from apps.cycle.common import CycleError
from apps.cycle.leerplan.services import leerplan_goal_save
from apps.cycle.models import LeerdoelLine, Leerplan, LeerplanVersion
from tests.cycle.test_leerplan_services import submit
from tests.cycle.test_leerplan_views import step_data, step_url

# 004, sessie 1, activiteit 2 (Schaalvraag).
APART = "Ieder leerdoel wordt op een aparte lijn ingeschaald."

SECOND = {"text": "Ik geef heldere instructies.", "scale_now": 30, "scale_target": 70}


def first_outcome(placement):
    return placement.outcomes.order_by("outcome__position").first()


def save_lines(placement, student, lines, lock=0):
    po = first_outcome(placement)
    return leerplan_goal_save(
        by=student.user,
        placement=placement,
        placement_outcome=po,
        lock_version=lock,
        values={"goal": "Rust in de klas", "scale_now": 40, "more_goals": lines},
    )


def test_an_outcome_holds_several_goals_each_on_its_own_scale(cycle_placement, student):
    """APART: the second goal has its own now and target."""
    save_lines(cycle_placement, student, [SECOND, {"text": "Ik sluit af.", "scale_now": 10}])
    lines = list(LeerdoelLine.objects.order_by("position"))
    assert [(line.position, line.scale_now) for line in lines] == [(2, 30), (3, 10)]


def test_a_goal_without_text_is_refused(cycle_placement, student):
    with pytest.raises(CycleError, match="leerdoel"):
        save_lines(cycle_placement, student, [{"text": " ", "scale_now": 30}])


def test_a_scale_out_of_range_is_refused(cycle_placement, student):
    with pytest.raises(CycleError, match="1 tot en met 100"):
        save_lines(cycle_placement, student, [SECOND | {"scale_target": 140}])


def test_every_goal_and_its_scale_is_in_the_submitted_version(cycle_placement, student):
    save_lines(cycle_placement, student, [SECOND])
    submit(cycle_placement, student, Leerplan.objects.get().lock_version)
    text = LeerplanVersion.objects.get().text
    assert "Leerdoel 2: Ik geef heldere instructies." in text
    assert "  Waar sta ik nu (1–100): 30" in text


def test_the_step_page_saves_a_further_goal(client, cycle_placement, student):
    po = first_outcome(cycle_placement)
    client.force_login(student.user)
    data = step_data(po, goal="Rust")
    prefix = f"g{po.pk}-doelen"
    data |= {f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0}
    data |= {f"{prefix}-0-text": "Ik geef heldere instructies.", f"{prefix}-0-scale_now": 25}
    client.post(step_url(cycle_placement, po), data)
    assert LeerdoelLine.objects.get().scale_now == 25
    page = client.get(reverse("cycle:leerplan_step", args=[cycle_placement.pk, po.pk]))
    assert "Ik geef heldere instructies." in page.content.decode()


def test_a_step_post_without_the_rows_leaves_the_goals_as_they_are(
    client, cycle_placement, student
):
    save_lines(cycle_placement, student, [SECOND])
    po = first_outcome(cycle_placement)
    client.force_login(student.user)
    client.post(step_url(cycle_placement, po), step_data(po, 1, goal="Rust"))
    assert LeerdoelLine.objects.count() == 1
