"""Every way of making a placement gives it its cycle; new periods or dates re-plan what has not
taken place; the status follows the cycle."""

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from apps.cycle.conversations.services import (
    REPLAN_REASON,
    conversation_mark_held,
    conversation_reschedule,
    kennismaking_save,
    placement_follow,
)
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import FORM_KINDS, Conversation, FormState
from apps.placements import lifecycle
from apps.placements.models import Placement, PlacementStatus
from apps.placements.services import placement_set_details, placement_set_status
from tests.factories import (
    LearningOutcomeFactory,
    PeriodFactory,
    ProgrammeFactory,
    SchoolFactory,
    StudentProfileFactory,
    make_placement,
)
from tests.placements.conftest import csv_file, import_row

KINDS = ["kennismaking", "startgesprek", "tussenevaluatie", "eindbeoordeling"]


def assert_has_its_cycle(placement: Placement) -> None:
    """Four main conversations, and a form with a working version (an entry per outcome) for
    the tussenevaluatie and the eindbeoordeling."""
    conversations = placement.conversations.order_by("planned_date")
    assert list(conversations.values_list("kind", flat=True)) == KINDS
    assert all(c.planned_date for c in conversations)
    outcomes = placement.outcomes.count()
    assert outcomes > 0
    for conversation in conversations.filter(kind__in=FORM_KINDS):
        version = conversation.form.versions.get()
        assert version.state == FormState.DRAFT
        assert version.entries.count() == outcomes


@pytest.fixture
def catalogue(db):
    """What the import row of tests.placements refers to, with a programme that has an
    outcome, so the forms have entries."""
    SchoolFactory(name="Het Stedelijk College")
    PeriodFactory(name="Blok 3", start=date(2027, 2, 1), end=date(2027, 3, 29))
    ProgrammeFactory(code="BI", default_outcomes=[LearningOutcomeFactory()])


def test_the_cycle_follows_placements_through_the_lifecycle_hook():
    assert placement_follow in lifecycle.registered()


def test_the_service_gives_a_placement_its_cycle(db):
    programme = ProgrammeFactory(default_outcomes=[LearningOutcomeFactory()])
    assert_has_its_cycle(make_placement(student=StudentProfileFactory(programme=programme)))


def test_the_import_page_gives_a_placement_its_cycle(client, admin_user, catalogue):
    client.force_login(admin_user)
    file = SimpleUploadedFile("stages.csv", csv_file(import_row()))
    preview = client.post(reverse("placements:import"), {"file": file})
    form = preview.context["confirm"]
    client.post(
        reverse("placements:import_confirm"),
        {"file_digest": form["file_digest"].value(), "plan_digest": form["plan_digest"].value()},
    )
    placement = Placement.objects.get()
    assert_has_its_cycle(placement)
    assert placement.conversations.first().history.earliest().history_user == admin_user


def test_the_import_command_gives_a_placement_its_cycle(catalogue, tmp_path):
    path = tmp_path / "stages.csv"
    path.write_bytes(csv_file(import_row()))
    call_command("import_placements", str(path), "--commit", stdout=StringIO())
    assert_has_its_cycle(Placement.objects.get())


def test_the_django_admin_gives_a_placement_its_cycle(client, admin_user):
    programme = ProgrammeFactory(default_outcomes=[LearningOutcomeFactory()])
    student = StudentProfileFactory(programme=programme)
    school, period = SchoolFactory(), PeriodFactory()
    client.force_login(admin_user)
    data = {
        "student": student.pk,
        "school": school.pk,
        "periods": [period.pk],
        "days": "maandag en dinsdag",
        "status": PlacementStatus.PLANNED,
    }
    for prefix in ("outcomes", "extra_access"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:placements_placement_add"), data)
    assert response.status_code == 302, response.context["errors"]
    placement = Placement.objects.get()
    assert_has_its_cycle(placement)
    assert placement.conversations.first().history.earliest().history_user == admin_user


def test_a_change_in_the_django_admin_of_the_periods_re_plans(client, admin_user, placement):
    later = PeriodFactory(start=date(2027, 4, 5), end=date(2027, 5, 31))
    client.force_login(admin_user)
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    data = {
        "student": placement.student_id,
        "school": placement.school_id,
        "periods": [later.pk],
        "days": placement.days,
        "status": placement.status,
        "werkplekbegeleider": placement.werkplekbegeleider_id,
        "schoolopleider": placement.schoolopleider_id,
        "instituutsopleider": placement.instituutsopleider_id,
    }
    for prefix in ("outcomes", "extra_access"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    assert client.post(url, data).status_code == 302
    kennismaking = placement.conversations.get(kind="kennismaking")
    assert kennismaking.planned_date == date(2027, 4, 5)
    assert kennismaking.history.latest().history_user == admin_user


# --- Re-planning ------------------------------------------------------------------------------


def move(placement, period, by=None, start=None, end=None):
    return placement_set_details(
        by=by, placement=placement, school=placement.school, periods=[period], start=start, end=end
    )


def dates_of(placement) -> dict[str, date]:
    return dict(placement.conversations.values_list("kind", "planned_date"))


def test_new_periods_move_the_dates_not_yet_held(placement, admin_user):
    move(placement, PeriodFactory(start=date(2027, 4, 5), end=date(2027, 5, 31)), by=admin_user)
    assert dates_of(placement) == {
        "kennismaking": date(2027, 4, 5),
        "startgesprek": date(2027, 4, 19),
        "tussenevaluatie": date(2027, 5, 3),
        "eindbeoordeling": date(2027, 5, 31),
    }
    last = placement.conversations.get(kind="startgesprek").history.latest()
    assert (last.history_user, last.history_change_reason) == (admin_user, REPLAN_REASON)


def test_a_held_conversation_keeps_its_date(placement):
    placement.conversations.filter(kind="kennismaking").update(held_date=date(2027, 2, 1))
    move(placement, PeriodFactory(start=date(2027, 4, 5), end=date(2027, 5, 31)))
    dates = dates_of(placement)
    assert dates["kennismaking"] == date(2027, 2, 1)
    assert dates["startgesprek"] == date(2027, 4, 19)


def test_a_conversation_whose_form_was_sent_keeps_its_date(placement, mentor):
    tussen = placement.conversations.get(kind="tussenevaluatie")
    form_version_send(by=mentor, version=tussen.form.versions.get())
    move(placement, PeriodFactory(start=date(2027, 4, 5), end=date(2027, 5, 31)))
    assert dates_of(placement)["tussenevaluatie"] == date(2027, 3, 1)


def test_a_later_first_day_moves_the_dates_with_it(placement):
    move(placement, placement.periods.get(), start=date(2027, 2, 8))
    assert dates_of(placement)["kennismaking"] == date(2027, 2, 8)
    assert dates_of(placement)["startgesprek"] == date(2027, 2, 22)


def test_a_change_of_school_alone_re_plans_nothing(placement, mentor):
    conversation = placement.conversations.get(kind="startgesprek")
    Conversation.objects.filter(pk=conversation.pk).update(planned_date=date(2027, 2, 16))
    placement_set_details(
        by=None,
        placement=placement,
        school=SchoolFactory(),
        periods=list(placement.periods.all()),
        start=None,
        end=None,
    )
    assert dates_of(placement)["startgesprek"] == date(2027, 2, 16)


# --- Status -----------------------------------------------------------------------------------


def status_of(placement) -> str:
    return Placement.objects.values_list("status", flat=True).get(pk=placement.pk)


def test_a_new_placement_is_planned(placement):
    assert status_of(placement) == PlacementStatus.PLANNED


def test_recording_the_kennismaking_makes_it_active(placement, student):
    kennismaking_save(
        by=student.user, placement=placement, lock_version=0, values={}, agenda_done=[]
    )
    assert status_of(placement) == PlacementStatus.ACTIVE
    assert placement.history.latest().history_user == student.user


def test_a_held_conversation_makes_it_active(placement, mentor):
    conversation = placement.conversations.get(kind="kennismaking")
    conversation_mark_held(by=mentor, conversation=conversation, held=date(2026, 1, 5))
    assert status_of(placement) == PlacementStatus.ACTIVE


def test_the_cycle_never_revives_a_terminated_placement(placement, mentor):
    placement_set_status(
        by=None,
        placement=placement,
        status=PlacementStatus.TERMINATED,
        termination_reason="mismatch",
        termination_date=date(2027, 2, 10),
    )
    conversation = placement.conversations.get(kind="kennismaking")
    conversation_mark_held(by=mentor, conversation=conversation, held=date(2026, 1, 5))
    assert status_of(placement) == PlacementStatus.TERMINATED


def test_new_dates_of_a_period_in_the_django_admin_re_plan_its_placements(
    client, admin_user, placement
):
    period = placement.periods.get()
    client.force_login(admin_user)
    url = reverse("admin:placements_period_change", args=[period.pk])
    data = {"name": period.name, "start": "2027-04-05", "end": "2027-05-31"}
    assert client.post(url, data).status_code == 302
    assert dates_of(placement)["kennismaking"] == date(2027, 4, 5)


def test_a_date_moved_by_hand_stays_when_it_still_lies_in_the_new_periods(placement, mentor):
    startgesprek = placement.conversations.get(kind="startgesprek")
    conversation_reschedule(by=mentor, conversation=startgesprek, planned_date=date(2027, 2, 25))
    move(placement, placement.periods.get(), start=date(2027, 2, 8))
    assert dates_of(placement)["startgesprek"] == date(2027, 2, 25)
    assert dates_of(placement)["kennismaking"] == date(2027, 2, 8)


def test_a_date_moved_by_hand_follows_when_it_falls_outside_the_new_periods(placement, mentor):
    startgesprek = placement.conversations.get(kind="startgesprek")
    conversation_reschedule(by=mentor, conversation=startgesprek, planned_date=date(2027, 2, 25))
    move(placement, PeriodFactory(start=date(2027, 4, 5), end=date(2027, 5, 31)))
    assert dates_of(placement)["startgesprek"] == date(2027, 4, 19)
