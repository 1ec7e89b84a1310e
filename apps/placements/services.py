"""Writes on placements. The people grants of a placement are set here and nowhere else."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.accounts.models import User
from apps.placements import lifecycle
from apps.placements.models import (
    Period,
    Placement,
    PlacementExtraAccess,
    PlacementOutcome,
    PlacementStatus,
    PlacementUserObjectPermission,
    School,
    SchoolAssignment,
    SchoolRole,
    StudentProfile,
    TerminationReason,
)

# What each person of the triangle may do on their placement (django-guardian object grants).
VIEW = "view_placement"
PEOPLE_FIELDS = ("werkplekbegeleider", "schoolopleider", "instituutsopleider")
PEOPLE_SELECT = ("student__user", "school", *PEOPLE_FIELDS)


class PlacementError(Exception):
    """A domain error with a message that can be shown to the user."""


def placement_sync_grants(*, placement: Placement) -> None:
    """Make the placement's guardian grants match its people exactly.

    Its people are the triangle (student, werkplekbegeleider, schoolopleider,
    instituutsopleider) plus the opleiders assigned to its school. Everyone who is no longer
    one of them loses access at once (the next request); extra grants given through
    `placement_grant_extra` are kept.
    """
    people = {p.pk for p in placement.people().values() if p is not None}
    people |= set(placement.school.assignments.values_list("user_id", flat=True))
    current = set(
        PlacementUserObjectPermission.objects.filter(
            content_object=placement, permission__codename=VIEW
        ).values_list("user_id", flat=True)
    )
    extra = set(placement.extra_access.values_list("user_id", flat=True))
    stale = current - people - extra
    if stale:
        PlacementUserObjectPermission.objects.filter(
            content_object=placement, user_id__in=stale
        ).delete()
    for user in User.objects.filter(pk__in=people - current):
        assign_perm(f"placements.{VIEW}", user, placement)


def placement_add_default_outcomes(*, placement: Placement) -> None:
    """Give a placement its programme's default set (summative ones judged by the wpb), skipping
    what it already has and subject outcomes taught wholly at the institute."""
    programme = placement.student.programme
    have = set(placement.outcomes.values_list("outcome_id", "subject_outcome_id"))
    rows = [
        PlacementOutcome(placement=placement, outcome=o, wpb_judges=o.is_summative)
        for o in programme.default_outcomes.all()
        if (o.pk, None) not in have
    ] + [
        PlacementOutcome(placement=placement, subject_outcome=s, wpb_judges=s.wpb_judges)
        for s in programme.subject_outcomes.filter(institute_only=False)
        if (None, s.pk) not in have
    ]
    PlacementOutcome.objects.bulk_create(rows)


@transaction.atomic
def placement_create(
    *,
    by: User | None,
    student: StudentProfile,
    school: School,
    periods: Iterable[Period],
    werkplekbegeleider: User | None = None,
    schoolopleider: User | None = None,
    instituutsopleider: User | None = None,
    days: str = "maandag en dinsdag",
    start: date | None = None,
    end: date | None = None,
) -> Placement:
    """Create a placement with the programme's default outcomes and grant its people access;
    the apps that follow placements (`lifecycle`) then give it what they keep for it, such as
    its conversations and forms. `start` and `end` narrow the placement within its periods
    (empty: the periods decide)."""
    periods = list(periods)
    if not periods:
        raise PlacementError(_("Een stage heeft minstens één periode."))
    placement = Placement(
        student=student,
        school=school,
        werkplekbegeleider=werkplekbegeleider,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
        days=days,
        start=start,
        end=end,
    )
    placement._history_user = by
    placement.full_clean()
    placement.save()
    placement.periods.set(periods)
    placement_add_default_outcomes(placement=placement)
    placement_sync_grants(placement=placement)
    lifecycle.placement_changed(by=by, placement=placement, created=True)
    return placement


@transaction.atomic
def placement_set_people(
    *,
    by: User | None,
    placement: Placement,
    werkplekbegeleider: User | None,
    schoolopleider: User | None,
    instituutsopleider: User | None,
) -> Placement:
    """Replace the people of a placement; whoever is replaced loses access immediately."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.werkplekbegeleider = werkplekbegeleider
    placement.schoolopleider = schoolopleider
    placement.instituutsopleider = instituutsopleider
    placement._history_user = by
    placement.full_clean()
    placement.save(update_fields=list(PEOPLE_FIELDS))
    placement_sync_grants(placement=placement)
    return placement


@transaction.atomic
def placement_set_details(
    *,
    by: User | None,
    placement: Placement,
    school: School,
    periods: Iterable[Period],
    start: date | None,
    end: date | None,
) -> Placement:
    """Correct where and when a placement is. Moving it to another school is only possible
    while it is planned (nothing was recorded at the old school yet); the opleiders of the old
    school lose access, those of the new school get it. When its periods or dates change, the
    apps that follow placements (`lifecycle`) re-plan what has not taken place yet."""
    periods = list(periods)
    if not periods:
        raise PlacementError(_("Een stage heeft minstens één periode."))
    placement = (
        Placement.objects.select_related(*PEOPLE_SELECT)
        .select_for_update(of=("self",))
        .get(pk=placement.pk)
    )
    if placement.school_id != school.pk and placement.status != PlacementStatus.PLANNED:
        raise PlacementError(_("Een stage die al begonnen is, kan niet naar een andere school."))
    when = (set(placement.periods.values_list("pk", flat=True)), placement.start, placement.end)
    placement.school = school
    placement.start = start
    placement.end = end
    placement._history_user = by
    placement.full_clean()
    placement.save(update_fields=["school", "start", "end"])
    placement.periods.set(periods)
    placement_sync_grants(placement=placement)
    if when != ({p.pk for p in periods}, start, end):
        lifecycle.placement_changed(by=by, placement=placement, created=False)
    return placement


@transaction.atomic
def placement_set_status(
    *,
    by: User | None,
    placement: Placement,
    status: PlacementStatus,
    termination_reason: TerminationReason | str = "",
    termination_date: date | None = None,
) -> Placement:
    """Move a placement to another status; termination needs a reason and a date."""
    if status == PlacementStatus.TERMINATED and not (termination_reason and termination_date):
        raise PlacementError(_("Bij voortijdige beëindiging horen een reden en een datum."))
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.status = status
    placement.termination_reason = (
        termination_reason if status == PlacementStatus.TERMINATED else ""
    )
    placement.termination_date = termination_date if status == PlacementStatus.TERMINATED else None
    placement._history_user = by
    placement.full_clean()
    placement.save(update_fields=["status", "termination_reason", "termination_date"])
    return placement


@transaction.atomic
def placement_grant_extra(
    *, by: User, placement: Placement, user: User, reason: str
) -> PlacementExtraAccess:
    """Give one more person access to one placement (for example a vakdidacticus), with a reason."""
    if not reason.strip():
        raise PlacementError(_("Geef een reden voor de extra toegang."))
    access, _created = PlacementExtraAccess.objects.get_or_create(
        placement=placement, user=user, defaults={"reason": reason.strip(), "granted_by": by}
    )
    assign_perm(f"placements.{VIEW}", user, placement)
    return access


@transaction.atomic
def placement_revoke_extra(*, by: User, placement: Placement, user: User) -> None:
    """Take back an extra grant; the triangle's own people keep their access."""
    PlacementExtraAccess.objects.filter(placement=placement, user=user).delete()
    placement_sync_grants(placement=placement)


@transaction.atomic
def school_assign(
    *, by: User | None, school: School, user: User, role: SchoolRole
) -> SchoolAssignment:
    """Make `user` schoolopleider of, or instituutsopleider for, a school: they see every
    placement there from the next request on."""
    assignment, created = SchoolAssignment.objects.get_or_create(
        school=school, user=user, role=role
    )
    if created:
        assignment._history_user = by
    for placement in school.placements.select_related(*PEOPLE_SELECT):
        placement_sync_grants(placement=placement)
    return assignment


@transaction.atomic
def school_unassign(*, by: User | None, assignment: SchoolAssignment) -> None:
    """End an assignment; access to the school's placements ends with it, unless the person
    is also named on a placement itself."""
    school = assignment.school
    assignment._history_user = by
    assignment.delete()
    for placement in school.placements.select_related(*PEOPLE_SELECT):
        placement_sync_grants(placement=placement)
