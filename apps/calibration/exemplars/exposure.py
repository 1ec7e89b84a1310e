"""The exposure rule of the exemplar bank (calibration-design.md §3.2, step 5):

    "an exemplar is never shown to (a) its authoring mentor, (b) anyone at the source school in
    the same or the following studiejaar, or (c) the student's own io."

"At the source school" is read broadly, because re-identification is the harm: anyone assigned
to the school (schoolopleiders, instituutsopleiders) and anyone who guided or assessed a
placement there (werkplekbegeleider, schoolopleider, instituutsopleider, the institute's
opleider) that started in the source school year or the next. Constructed exemplars have no
source and may be shown to anyone.

Batched: two queries for any number of exemplars, so a session with four exemplars and twelve
participants, or the bank's list, asks the database twice.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Min
from django.db.models.functions import Coalesce

from apps.calibration.models import Exemplar
from apps.placements.models import Placement, SchoolAssignment

GUIDES = ("werkplekbegeleider_id", "schoolopleider_id", "instituutsopleider_id", "opleider_id")


def school_years_window(school_year: str) -> tuple[date, date] | None:
    """The first day of `school_year` ("2026-2027") and the first day after the next one."""
    try:
        first = int(school_year.split("-")[0])
    except (ValueError, AttributeError):
        return None
    return date(first, 8, 1), date(first + 2, 8, 1)


def excluded_ids(exemplars: Iterable[Exemplar]) -> dict[int, set[int]]:
    """For each exemplar, the ids of everyone who must never be shown it."""
    exemplars = list(exemplars)
    excluded: dict[int, set[int]] = {
        e.pk: {e.source_mentor_id, e.source_instituutsopleider_id} - {None} for e in exemplars
    }
    sourced = [e for e in exemplars if e.source_school_id and not e.constructed]
    if not sourced:
        return excluded
    schools = {e.source_school_id for e in sourced}
    assigned: dict[int, set[int]] = defaultdict(set)
    for school_id, user_id in SchoolAssignment.objects.filter(school_id__in=schools).values_list(
        "school_id", "user_id"
    ):
        assigned[school_id].add(user_id)
    windows = {e.pk: school_years_window(e.source_school_year) for e in sourced}
    placements = list(
        Placement.objects.filter(school_id__in=schools)
        .annotate(first_day=Coalesce("start", Min("periods__start")))
        .values("school_id", "first_day", *GUIDES)
    )
    for exemplar in sourced:
        ids = excluded[exemplar.pk]
        ids |= assigned[exemplar.source_school_id]
        window = windows[exemplar.pk]
        for row in placements:
            if row["school_id"] != exemplar.source_school_id:
                continue
            # Without a known source year every placement at the school counts.
            if window and row["first_day"] and not window[0] <= row["first_day"] < window[1]:
                continue
            ids |= {row[guide] for guide in GUIDES} - {None}
    return excluded


def may_see(user, exemplar: Exemplar) -> bool:
    return user.pk not in excluded_ids([exemplar])[exemplar.pk]


def shown_to(user, exemplars: Iterable[Exemplar]) -> list[Exemplar]:
    """The exemplars of `exemplars` that `user` may be shown, in their order."""
    exemplars = list(exemplars)
    excluded = excluded_ids(exemplars)
    return [e for e in exemplars if user.pk not in excluded[e.pk]]
