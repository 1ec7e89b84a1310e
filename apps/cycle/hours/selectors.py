"""Reads of hours and lessons: which weeks a placement has, the norm of the handbook, and the
progress against it, for one placement or as annotations for a table of many.

Handbook ch.4 (Randvoorwaarden): "Aantal lessen per student: 40 – 50 lessen en/of
onderwijsactiviteiten met groepen leerlingen" and "Begeleidingstijd 30 uur per student voor de
werkplekbegeleider". The placement it describes is "Twee periode van acht weken", so progress
is weighed pro rata over the weeks of the placement's periods that have passed.

Weeks: the logbook has no weeks of its own (a log is a begeleidingsgesprek with a number and
a date), so a week here is the calendar week, named by its Monday, as Dutch schools count
them (the stage days are "maandag en dinsdag"). The placement's first and last day are the
ones the planning of the conversations uses (`conversations.selectors.placement_span`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import db
from apps.cycle.conversations.selectors import periods_of, placement_span
from apps.cycle.models import WeekHours
from apps.placements.models import Placement, PlacementStatus

WEEK = timedelta(weeks=1)


@dataclass(frozen=True)
class Norm:
    """What the handbook expects of one placement: lessons (a range) and guidance hours."""

    lessons_min: int
    lessons_max: int
    guidance_hours: int


def norm_for(study_year: int | None) -> Norm | None:
    """The norm for a student in `study_year` (settings.HOURS_NORMS), None when there is none."""
    values = settings.HOURS_NORMS.get(study_year)
    return Norm(**values) if values else None


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_of(first: date, last: date, periods: Iterable[tuple[date, date]]) -> list[date]:
    """The Mondays of the calendar weeks that hold a day of the placement: a day inside one
    of its `periods` (start, end) and between its `first` and `last` day. A gap between two
    periods (toets- en herkansingsweken) holds no week."""
    weeks: set[date] = set()
    for start, end in periods:
        lo, hi = max(start, first), min(end, last)
        week = monday(lo)
        while week <= hi:
            weeks.add(week)
            week += WEEK
    return sorted(weeks)


def period_dates(placement: Placement) -> list[tuple[date, date]]:
    """(start, end) of the placement's periods (uses a prefetch when there is one)."""
    return [(p.start, p.end) for p in periods_of(placement)]


def placement_weeks(
    placement: Placement, periods: list[tuple[date, date]] | None = None
) -> list[date]:
    """The weeks of the placement (their Mondays), empty without a period."""
    periods = sorted(period_dates(placement) if periods is None else periods)
    if not periods:
        return []
    first, last = placement_span(
        placement.start, placement.end, periods[0][0], max(end for _start, end in periods)
    )
    return weeks_of(first, last, periods)


def week_label(week: date) -> str:
    """ "week 6 (2 februari)": the calendar week's number, as schools name it, and its Monday."""
    return _("week %(number)d (%(date)s)") % {
        "number": week.isocalendar().week,
        "date": date_format(week, "j F Y"),
    }


def hours_text(minutes: int) -> str:
    """Minutes as hours the Dutch way, in quarter-hours: 90 -> "1,5", 75 -> "1,25"."""
    return f"{minutes / 60:g}".replace(".", ",")


@dataclass(frozen=True)
class Progress:
    """A placement's lessons and guidance time so far against its norm. Registered counts
    every registered week; confirmed only what the werkplekbegeleider confirmed. Pro rata: the
    norm's share for the weeks of the placement that have passed (a week has passed once its
    Sunday is over); far behind when what is registered stays below HOURS_BEHIND_PERCENT of
    that share."""

    norm: Norm | None
    lessons: int
    lessons_confirmed: int
    guidance_minutes: int
    guidance_minutes_confirmed: int
    weeks_passed: int
    weeks_total: int
    ended_early: bool = False

    @property
    def guidance_hours(self) -> float:
        return self.guidance_minutes / 60

    @property
    def guidance_hours_confirmed(self) -> float:
        return self.guidance_minutes_confirmed / 60

    @property
    def share_passed(self) -> float:
        return self.weeks_passed / self.weeks_total if self.weeks_total else 0.0

    @property
    def expected_lessons(self) -> float:
        """The lower bound of the lessons norm, pro rata."""
        return self.norm.lessons_min * self.share_passed if self.norm else 0.0

    @property
    def expected_minutes(self) -> float:
        return self.norm.guidance_hours * 60 * self.share_passed if self.norm else 0.0

    def _far_below(self, registered: int, expected: float) -> bool:
        if self.norm is None or self.ended_early or expected <= 0:
            return False
        return registered * 100 < expected * settings.HOURS_BEHIND_PERCENT

    @property
    def behind_percent(self) -> int:
        return settings.HOURS_BEHIND_PERCENT

    @property
    def lessons_behind(self) -> bool:
        return self._far_below(self.lessons, self.expected_lessons)

    @property
    def guidance_behind(self) -> bool:
        return self._far_below(self.guidance_minutes, self.expected_minutes)

    @property
    def behind(self) -> bool:
        return self.lessons_behind or self.guidance_behind


def weeks_passed(weeks: list[date], today: date) -> int:
    return sum(1 for week in weeks if week + WEEK <= today)


def placement_progress(placement: Placement, today: date) -> Progress:
    """The progress of one placement: one aggregate query (its periods from the prefetch of
    `placement_for_user`, or one more)."""
    confirmed = Q(confirmed_at__isnull=False)
    totals = WeekHours.objects.filter(placement=placement).aggregate(
        all_lessons=Sum("lessons"),
        confirmed_lessons=Sum("lessons", filter=confirmed),
        all_minutes=Sum("guidance_minutes"),
        confirmed_minutes=Sum("guidance_minutes", filter=confirmed),
    )
    weeks = placement_weeks(placement)
    return Progress(
        norm=norm_for(placement.student.year),
        lessons=totals["all_lessons"] or 0,
        lessons_confirmed=totals["confirmed_lessons"] or 0,
        guidance_minutes=totals["all_minutes"] or 0,
        guidance_minutes_confirmed=totals["confirmed_minutes"] or 0,
        weeks_passed=weeks_passed(weeks, today),
        weeks_total=len(weeks),
        ended_early=placement.status == PlacementStatus.TERMINATED,
    )


def with_hours_totals(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """Placements annotated with their registered and confirmed lessons and guidance minutes:
    four correlated subqueries in the same query, never a query per row."""
    rows = WeekHours.objects.filter(placement=OuterRef("pk"))
    confirmed = rows.filter(confirmed_at__isnull=False)
    return placements.annotate(
        hours_lessons=db.sum_subquery(rows, "lessons"),
        hours_lessons_confirmed=db.sum_subquery(confirmed, "lessons"),
        hours_minutes=db.sum_subquery(rows, "guidance_minutes"),
        hours_minutes_confirmed=db.sum_subquery(confirmed, "guidance_minutes"),
    )


def progress_from(
    placement: Placement, periods: list[tuple[date, date]], study_year: int | None, today: date
) -> Progress:
    """The progress of a placement annotated by `with_hours_totals`, its periods read
    already (start, end): no query."""
    weeks = placement_weeks(placement, periods)
    return Progress(
        norm=norm_for(study_year),
        lessons=placement.hours_lessons,
        lessons_confirmed=placement.hours_lessons_confirmed,
        guidance_minutes=placement.hours_minutes,
        guidance_minutes_confirmed=placement.hours_minutes_confirmed,
        weeks_passed=weeks_passed(weeks, today),
        weeks_total=len(weeks),
        ended_early=placement.status == PlacementStatus.TERMINATED,
    )


@dataclass(frozen=True)
class WeekRow:
    """One week of the placement on its hours page: its registration, if any."""

    week: date
    label: str
    hours: WeekHours | None


def week_rows(placement: Placement, today: date) -> list[WeekRow]:
    """Every week of the placement that has begun, newest first, with its registration; a
    registration outside the weeks (the periods changed since) is listed too. One query."""
    rows = {
        r.week: r
        for r in WeekHours.objects.filter(placement=placement).select_related(
            "confirmed_by", "reopened_by"
        )
    }
    weeks = sorted({w for w in placement_weeks(placement) if w <= today} | set(rows), reverse=True)
    return [WeekRow(week=w, label=week_label(w), hours=rows.get(w)) for w in weeks]


def weeks_to_register(placement: Placement, today: date) -> list[date]:
    """The weeks the student may still register: begun, inside the placement, no row yet.
    Newest first."""
    taken = set(WeekHours.objects.filter(placement=placement).values_list("week", flat=True))
    return [w for w in reversed(placement_weeks(placement)) if w <= today and w not in taken]
