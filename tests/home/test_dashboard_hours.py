"""The schoolopleider's overview shows each placement's lessons and guidance time against the
handbook's norm (ch.4) and flags the ones far behind pro rata, without a query per row."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.cycle.hours.selectors import monday
from apps.cycle.hours.services import week_hours_confirm, week_hours_register
from apps.cycle.models import WeekHours
from apps.home.dashboards import schoolopleider_dashboard
from apps.placements.models import SchoolRole
from apps.placements.services import school_assign
from tests.factories import PeriodFactory, UserFactory, make_placement, make_placements
from tests.querycount import queries_for

TODAY = timezone.localdate()
WEEK = timedelta(weeks=1)


@pytest.fixture
def period():
    """Eight weeks, four of which have passed."""
    start = monday(TODAY) - 4 * WEEK
    return PeriodFactory(start=start, end=start + 8 * WEEK - timedelta(days=3))


@pytest.fixture
def so(schoolopleider, placement):
    school_assign(
        by=None, school=placement.school, user=schoolopleider, role=SchoolRole.SCHOOLOPLEIDER
    )
    return schoolopleider


def register_weeks(placement, weeks: int, lessons: int, minutes: int) -> list[WeekHours]:
    return [
        week_hours_register(
            by=placement.student.user,
            placement=placement,
            week=monday(TODAY) - (n + 1) * WEEK,
            lessons=lessons,
            guidance_minutes=minutes,
        )
        for n in range(weeks)
    ]


def test_schoolopleider_sees_progress_and_the_placements_far_behind(so, placement, period):
    """Handbook ch.4: "40 – 50 lessen en/of onderwijsactiviteiten" and "Begeleidingstijd 30
    uur per student voor de werkplekbegeleider"; halfway, 20 lessons and 15 hours are on
    schedule, less than half of that is far behind."""
    on_track = make_placement(
        school=placement.school, period=period, werkplekbegeleider=UserFactory()
    )
    behind = make_placement(school=placement.school, period=period)
    rows = register_weeks(on_track, 4, lessons=5, minutes=225)
    week_hours_confirm(by=on_track.werkplekbegeleider, row=rows[0], lock_version=0)
    register_weeks(behind, 2, lessons=2, minutes=60)

    table = {r.placement: r.hours for r in schoolopleider_dashboard(so, TODAY)["students"]}

    assert (table[on_track].lessons, table[on_track].lessons_confirmed) == (20, 5)
    assert table[on_track].guidance_hours == 15 and not table[on_track].behind
    assert table[behind].lessons_behind and table[behind].guidance_behind
    assert not table[placement].behind  # its period (factory default) has not begun


def test_the_overview_page_shows_the_counts_and_the_flag(client, so, placement, period):
    behind = make_placement(school=placement.school, period=period)
    register_weeks(behind, 1, lessons=2, minutes=60)
    client.force_login(so)
    page = client.get(reverse("home")).content.decode()
    assert "2 van 40–50 lessen" in page and "1 van 30 uur" in page
    assert "ver achter" in page and "(niet alles bevestigd)" in page


def test_schoolopleider_home_costs_the_same_at_5_and_500_placements_with_hours(
    client, so, placement, period
):
    # 4 + the scope + the doubts (count) + the students page (with the hours as subqueries): 7,
    # as without hours.
    client.force_login(so)

    def grow(count: int) -> None:
        made = make_placements(count, school=placement.school, period=period)
        WeekHours.objects.bulk_create(
            WeekHours(
                placement=p,
                week=monday(TODAY) - (n + 1) * WEEK,
                lessons=3,
                guidance_minutes=60,
                registered_by=p.student.user,
                registered_at=timezone.now(),
                confirmed_by=so if n else None,
                confirmed_at=timezone.now() if n else None,
            )
            for p in made
            for n in range(3)
        )

    grow(4)
    at_5 = queries_for(client, reverse("home"))
    grow(495)
    assert queries_for(client, reverse("home")) == at_5 == 8  # incl. the triangle section
