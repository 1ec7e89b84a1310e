"""Hours and lessons (apps/cycle/hours, handbook ch.4 Randvoorwaarden): the student registers
each week, the werkplekbegeleider confirms, and the placement shows progress against the norm."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import AuditEvent, Notification
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.hours.forms import WeekHoursForm
from apps.cycle.hours.selectors import (
    Norm,
    Progress,
    monday,
    norm_for,
    placement_progress,
    placement_weeks,
    weeks_of,
)
from apps.cycle.hours.services import (
    week_hours_confirm,
    week_hours_confirm_all,
    week_hours_register,
    week_hours_reopen,
    week_hours_update,
)
from apps.cycle.models import WeekHours
from apps.placements.models import PlacementStatus
from tests.factories import PeriodFactory, UserFactory, make_placement

THIS_MONDAY = monday(timezone.localdate())
WEEK = timedelta(weeks=1)


@pytest.fixture
def running(student, mentor, schoolopleider, instituutsopleider):
    """A placement in its fourth week: three weeks have passed, five are to come."""
    period = PeriodFactory(start=THIS_MONDAY - 3 * WEEK, end=THIS_MONDAY + 5 * WEEK - timedelta(1))
    return make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
        period=period,
    )


def register(placement, week, lessons=3, minutes=90, note=""):
    return week_hours_register(
        by=placement.student.user,
        placement=placement,
        week=week,
        lessons=lessons,
        guidance_minutes=minutes,
        note=note,
    )


# --- Registering ------------------------------------------------------------------------------


def test_student_registers_lessons_and_guidance_time_per_week(running, student):
    """Handbook ch.4: "Aantal lessen per student: 40 – 50 lessen en/of onderwijsactiviteiten
    met groepen leerlingen" and "Begeleidingstijd 30 uur per student voor de
    werkplekbegeleider": the student registers both for a week."""
    row = register(running, THIS_MONDAY - 3 * WEEK, lessons=4, minutes=90, note="2B en 3H")
    assert (row.lessons, row.guidance_minutes, row.note) == (4, 90, "2B en 3H")
    assert not row.is_confirmed and row.registered_by == student.user
    assert AuditEvent.objects.filter(action="week_hours.registered").exists()


def test_only_the_student_registers(running, mentor):
    with pytest.raises(CycleError):
        week_hours_register(
            by=mentor,
            placement=running,
            week=THIS_MONDAY,
            lessons=1,
            guidance_minutes=0,
        )


def test_a_week_is_registered_once(running):
    register(running, THIS_MONDAY)
    with pytest.raises(CycleError, match="al geregistreerd"):
        register(running, THIS_MONDAY)
    assert WeekHours.objects.count() == 1


@pytest.mark.parametrize(
    "week", [THIS_MONDAY + WEEK, THIS_MONDAY - 4 * WEEK, THIS_MONDAY + timedelta(1)]
)
def test_a_week_not_begun_or_outside_the_placement_is_refused(running, week):
    with pytest.raises(CycleError):
        register(running, week)


@pytest.mark.parametrize(("lessons", "minutes"), [(41, 0), (2, 80), (2, 41 * 60)])
def test_implausible_numbers_are_refused(running, lessons, minutes):
    with pytest.raises(CycleError):
        register(running, THIS_MONDAY, lessons=lessons, minutes=minutes)


@pytest.mark.parametrize(
    ("typed", "minutes"), [("1,5", 90), ("1.25", 75), ("0", 0), ("2", 120), (" 0,75 ", 45)]
)
def test_guidance_time_is_typed_in_hours_in_quarter_hours(typed, minutes):
    form = WeekHoursForm({"lessons": "3", "guidance_hours": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["guidance_hours"] == minutes


@pytest.mark.parametrize("typed", ["1,1", "anderhalf", "-1", "NaN", "100"])
def test_guidance_time_that_is_no_quarter_hour_gets_a_dutch_message(typed):
    form = WeekHoursForm({"lessons": "3", "guidance_hours": typed})
    assert not form.is_valid()
    (message,) = form.errors["guidance_hours"]
    assert any(word in message for word in ("uur", "uren", "kwartier")), message


# --- Correcting and confirming ----------------------------------------------------------------


def test_student_corrects_an_open_week(running, student):
    row = register(running, THIS_MONDAY)
    saved = week_hours_update(
        by=student.user, row=row, lock_version=0, lessons=5, guidance_minutes=60
    )
    assert (saved.lessons, saved.guidance_minutes, saved.lock_version) == (5, 60, 1)


def test_a_stale_correction_is_refused_not_overwritten(running, student):
    row = register(running, THIS_MONDAY)
    week_hours_update(by=student.user, row=row, lock_version=0, lessons=5, guidance_minutes=60)
    with pytest.raises(StaleEdit) as refused:
        week_hours_update(by=student.user, row=row, lock_version=0, lessons=9, guidance_minutes=0)
    assert refused.value.current["Lessen"] == 5
    assert WeekHours.objects.get().lessons == 5


def test_mentor_confirms_a_week_and_then_the_student_cannot_change_it(running, student, mentor):
    row = register(running, THIS_MONDAY)
    confirmed = week_hours_confirm(by=mentor, row=row, lock_version=row.lock_version)
    assert confirmed.confirmed_by == mentor and confirmed.is_confirmed
    with pytest.raises(CycleError, match="bevestigd"):
        week_hours_update(
            by=student.user,
            row=row,
            lock_version=confirmed.lock_version,
            lessons=9,
            guidance_minutes=0,
        )
    assert WeekHours.objects.get().lessons == 3


def test_mentor_confirms_only_what_was_shown(running, student, mentor):
    row = register(running, THIS_MONDAY)
    week_hours_update(by=student.user, row=row, lock_version=0, lessons=8, guidance_minutes=60)
    with pytest.raises(StaleEdit):
        week_hours_confirm(by=mentor, row=row, lock_version=0)
    assert not WeekHours.objects.get().is_confirmed


def test_only_the_placements_own_mentor_confirms(running, student, outsider, instituutsopleider):
    row = register(running, THIS_MONDAY)
    for person in (student.user, outsider, instituutsopleider):
        with pytest.raises(CycleError):
            week_hours_confirm(by=person, row=row, lock_version=0)


def test_schoolopleider_may_confirm_in_the_mentors_place(running, schoolopleider):
    row = register(running, THIS_MONDAY)
    assert week_hours_confirm(by=schoolopleider, row=row, lock_version=0).is_confirmed


def test_a_mentor_with_little_time_confirms_every_open_week_at_once(running, mentor):
    rows = [register(running, THIS_MONDAY - n * WEEK) for n in range(3)]
    week_hours_confirm(by=mentor, row=rows[0], lock_version=0)
    seen = {r.pk: r.lock_version for r in WeekHours.objects.filter(confirmed_at__isnull=True)}
    assert week_hours_confirm_all(by=mentor, placement=running, seen=seen) == 2
    assert WeekHours.objects.filter(confirmed_by=mentor).count() == 3
    assert WeekHours.history.filter(confirmed_by=mentor).count() == 3  # history kept
    event = AuditEvent.objects.filter(action="week_hours.confirmed").latest("pk")
    assert len(event.detail["weeks"]) == 2


def test_confirm_all_confirms_nothing_when_a_week_came_or_changed_since(running, student, mentor):
    first = register(running, THIS_MONDAY - WEEK)
    seen = {first.pk: 0}
    register(running, THIS_MONDAY)  # registered after the mentor opened the page
    with pytest.raises(StaleEdit) as refused:
        week_hours_confirm_all(by=mentor, placement=running, seen=seen)
    assert len(refused.value.current) == 1
    assert not WeekHours.objects.filter(confirmed_at__isnull=False).exists()


def test_confirm_all_without_open_weeks_says_so(running, mentor):
    with pytest.raises(CycleError, match="geen open weken"):
        week_hours_confirm_all(by=mentor, placement=running, seen={1: 0})


# --- Reopening for a correction ---------------------------------------------------------------


def test_a_confirmed_week_is_reopened_with_a_reason_then_corrected_and_confirmed_again(
    running, student, mentor
):
    row = register(running, THIS_MONDAY, lessons=3)
    row = week_hours_confirm(by=mentor, row=row, lock_version=0)
    with pytest.raises(CycleError):
        week_hours_reopen(by=mentor, row=row, lock_version=row.lock_version, reason="  ")
    row = week_hours_reopen(
        by=mentor, row=row, lock_version=row.lock_version, reason="Het waren er 4."
    )
    assert not row.is_confirmed and row.reopened_by == mentor
    event = AuditEvent.objects.get(action="week_hours.reopened")
    assert event.detail["reason"] == "Het waren er 4."
    assert event.detail["confirmed"]["lessons"] == 3
    assert Notification.objects.filter(recipient=student.user, message__contains="4.").exists()
    row = week_hours_update(
        by=student.user, row=row, lock_version=row.lock_version, lessons=4, guidance_minutes=90
    )
    assert week_hours_confirm(by=mentor, row=row, lock_version=row.lock_version).lessons == 4
    assert list(
        WeekHours.history.filter(confirmed_at__isnull=False).values_list("lessons", flat=True)
    ) == [4, 3]


def test_the_student_cannot_reopen(running, student, mentor):
    row = register(running, THIS_MONDAY)
    row = week_hours_confirm(by=mentor, row=row, lock_version=0)
    with pytest.raises(CycleError):
        week_hours_reopen(by=student.user, row=row, lock_version=row.lock_version, reason="x")


# --- Weeks and progress -----------------------------------------------------------------------


def test_the_weeks_of_two_periods_of_eight_weeks_skip_the_gap_between():
    """Handbook ch.4: "Lengte Twee periode van acht weken", "De eerste acht weken van periode
    3 (daarna twee weken geen stage in verband met toets- en herkansingsweken) Daarna de
    eerste acht weken van periode 4": sixteen weeks, none in the gap."""
    p3 = (date(2027, 2, 1), date(2027, 3, 26))
    p4 = (date(2027, 4, 12), date(2027, 6, 4))
    weeks = weeks_of(p3[0], p4[1], [p3, p4])
    assert len(weeks) == 16
    assert date(2027, 3, 29) not in weeks and date(2027, 4, 5) not in weeks
    assert all(w.weekday() == 0 for w in weeks)


def test_a_placement_that_starts_midweek_counts_that_week(student):
    period = PeriodFactory(start=date(2027, 2, 3), end=date(2027, 3, 26))
    placement = make_placement(student=student, period=period)
    assert placement_weeks(placement)[0] == date(2027, 2, 1)


def norm() -> Norm:
    return Norm(lessons_min=40, lessons_max=50, guidance_hours=30)


def progress(lessons: int, minutes: int, passed: int = 8, total: int = 16) -> Progress:
    return Progress(norm(), lessons, 0, minutes, 0, passed, total)


def test_progress_is_weighed_pro_rata_over_the_weeks_that_passed(settings):
    """Handbook ch.4: "40 – 50 lessen" and "30 uur" per student for the whole placement;
    halfway, 20 lessons and 15 hours are on schedule, and less than half of that
    (HOURS_BEHIND_PERCENT) is far behind."""
    settings.HOURS_BEHIND_PERCENT = 50
    on_track = progress(20, 15 * 60)
    assert (on_track.expected_lessons, on_track.expected_minutes) == (20, 15 * 60)
    assert not on_track.behind
    assert not progress(10, 7.5 * 60).behind  # exactly half: not far behind
    assert progress(9, 8 * 60).lessons_behind and not progress(9, 8 * 60).guidance_behind
    assert progress(12, 7 * 60).guidance_behind


def test_nothing_is_behind_before_the_first_week_has_passed_or_without_a_norm():
    assert not progress(0, 0, passed=0).behind
    assert not Progress(None, 0, 0, 0, 0, 8, 16).behind
    assert not Progress(norm(), 0, 0, 0, 0, 8, 16, ended_early=True).behind


def test_the_handbooks_norm_holds_for_year_two_the_year_it_describes():
    """Handbook ch.4 (of the year-2 werkplekleren): "40 – 50 lessen en/of
    onderwijsactiviteiten" and "Begeleidingstijd 30 uur per student"."""
    assert norm_for(2) == Norm(40, 50, 30)
    assert norm_for(1) is None and norm_for(3) is None


def test_the_norm_is_a_setting(settings):
    settings.HOURS_NORMS = {3: {"lessons_min": 60, "lessons_max": 70, "guidance_hours": 40}}
    assert norm_for(3) == Norm(60, 70, 40) and norm_for(2) is None


def test_placement_progress_counts_registered_and_confirmed(running, mentor):
    rows = [register(running, THIS_MONDAY - n * WEEK, lessons=2, minutes=120) for n in range(3)]
    week_hours_confirm(by=mentor, row=rows[0], lock_version=0)
    result = placement_progress(running, timezone.localdate())
    assert (result.lessons, result.lessons_confirmed) == (6, 2)
    assert (result.guidance_hours, result.guidance_hours_confirmed) == (6, 2)
    assert (result.weeks_passed, result.weeks_total) == (3, 8)
    # 3 of 8 weeks: 15 lessons and 11.25 hours expected; 6 lessons is below half of 15,
    # 6 hours is not below half of 11.25.
    assert result.lessons_behind and not result.guidance_behind


def test_a_terminated_placement_is_not_flagged(running):
    running.status = PlacementStatus.TERMINATED
    assert not placement_progress(running, timezone.localdate()).behind


# --- Pages ------------------------------------------------------------------------------------


def test_the_placement_page_shows_progress_against_the_norm(client, running, student, mentor):
    """The placement page: "x van 40–50 lessen, y van 30 uur begeleiding"."""
    rows = [register(running, THIS_MONDAY - n * WEEK, lessons=16, minutes=360) for n in range(2)]
    week_hours_confirm(by=mentor, row=rows[0], lock_version=0)
    client.force_login(mentor)
    page = client.get(reverse("cycle:placement", args=[running.pk])).content.decode()
    assert "32 van 40–50 lessen" in page and "16 bevestigd" in page
    assert "12 van 30 uur begeleiding" in page and "6 uur bevestigd" in page


def test_student_registers_a_week_on_the_page(client, running, student):
    client.force_login(student.user)
    url = reverse("cycle:hours", args=[running.pk])
    week = (THIS_MONDAY - WEEK).isoformat()
    data = {"week": week, "lessons": "4", "guidance_hours": "1,5", "note": "2B"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert WeekHours.objects.get().guidance_minutes == 90
    # The week is taken: it is no longer offered, and posting it again keeps what was typed.
    response = client.post(url, {**data, "note": "Mijn tekst"})
    assert response.status_code == 400 and "Mijn tekst" in response.content.decode()


def test_a_stale_edit_on_the_page_is_409_and_keeps_what_was_typed(client, running, student):
    row = register(running, THIS_MONDAY)
    week_hours_update(by=student.user, row=row, lock_version=0, lessons=5, guidance_minutes=60)
    client.force_login(student.user)
    response = client.post(
        reverse("cycle:hours_week", args=[row.pk]),
        {"lessons": "7", "guidance_hours": "2", "note": "Wat ik typte", "lock_version": "0"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Wat ik typte" in page and "Wat er nu is opgeslagen" in page


def test_a_confirmed_week_cannot_be_changed_on_the_page(client, running, student, mentor):
    row = register(running, THIS_MONDAY)
    row = week_hours_confirm(by=mentor, row=row, lock_version=0)
    client.force_login(student.user)
    response = client.post(
        reverse("cycle:hours_week", args=[row.pk]),
        {"lessons": "9", "guidance_hours": "0", "lock_version": str(row.lock_version)},
    )
    assert response.status_code == 400
    assert WeekHours.objects.get().lessons == 3


def test_mentor_confirms_all_on_the_page_and_a_changed_week_is_409(
    client, running, student, mentor
):
    rows = [register(running, THIS_MONDAY - n * WEEK) for n in range(2)]
    client.force_login(mentor)
    url = reverse("cycle:hours_confirm_all", args=[running.pk])
    shown = [f"{r.pk}:{r.lock_version}" for r in rows]
    week_hours_update(by=student.user, row=rows[0], lock_version=0, lessons=6, guidance_minutes=0)
    assert client.post(url, {"open": shown}).status_code == 409
    shown[0] = f"{rows[0].pk}:1"
    assert client.post(url, {"open": shown}).status_code == 302
    assert WeekHours.objects.filter(confirmed_by=mentor).count() == 2


def test_an_outsider_gets_404_for_every_hours_page(client, running, outsider):
    row = register(running, THIS_MONDAY)
    client.force_login(outsider)
    assert client.get(reverse("cycle:hours", args=[running.pk])).status_code == 404
    assert client.get(reverse("cycle:hours_week", args=[row.pk])).status_code == 404
    assert client.post(reverse("cycle:hours_confirm", args=[row.pk])).status_code == 404


def test_another_students_week_is_404_for_a_student(client, running):
    other = make_placement(period=running.periods.first())
    row = register(running, THIS_MONDAY)
    client.force_login(other.student.user)
    assert client.get(reverse("cycle:hours_week", args=[row.pk])).status_code == 404


def test_a_mentor_of_another_placement_at_the_school_cannot_confirm(client, running):
    row = register(running, THIS_MONDAY)
    colleague = UserFactory()
    make_placement(school=running.school, werkplekbegeleider=colleague)
    client.force_login(colleague)
    response = client.post(reverse("cycle:hours_confirm", args=[row.pk]), {"lock_version": 0})
    assert response.status_code == 404
    assert not WeekHours.objects.get().is_confirmed
