"""Writes on placements. The people grants of a placement are set here and nowhere else."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.accounts.models import User
from apps.accounts.services import audit_record
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
INSTITUTE_FIELDS = ("opleider", "studieloopbaanbegeleider")
PEOPLE_SELECT = ("student__user", "school", *PEOPLE_FIELDS)
KEEP = object()  # placement_set_people: leave this person as they are


class PlacementError(Exception):
    """A domain error with a message that can be shown to the user."""


def placement_sync_grants(*, placement: Placement) -> None:
    """Make the placement's guardian grants match its people exactly.

    Its people are the triangle (student, werkplekbegeleider, schoolopleider,
    instituutsopleider) plus the opleiders assigned to its school. Everyone who is no longer
    one of them loses access at once (the next request); extra grants given through
    `placement_grant_extra` are kept.
    """
    named = placement.people() | placement.institute_people()
    people = {p.pk for p in named.values() if p is not None}
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


def subject_outcomes_for(placement: Placement) -> dict:
    """The vakdidactiek outcomes that match this student, each with whether the
    werkplekbegeleider judges it (handbook 5.5):

    - "De leeruitkomsten die tekstkleur ‘grijs’ hebben ... worden volledig op het instituut
      verzorgd ... De werkplekbegeleider heeft hier geen rol in": institute-only ones are left
      out;
    - "*studenten tonen 2 luks aan in jaar 2 en de overige in jaar 3": of the outcomes split
      over the years only the placement's year-2 choice is in (none until it is made);
    - "Bij Biologie, *een deel van de studenten NaSk en Engels (Teaching grammar) heeft u als
      werkplekbegeleider ook een beoordelende rol": a pilot outcome is judged by the wpb only
      for a student in the pilot; for the others the wpb gives feedback.
    """
    chosen = {s.pk for s in placement.year_two_subject_outcomes.all()}
    return {
        s: s.wpb_judges and (placement.pilot or not s.pilot)
        for s in placement.student.programme.subject_outcomes.filter(institute_only=False)
        if not s.split_over_years or s.pk in chosen
    }


def placement_add_default_outcomes(*, placement: Placement) -> None:
    """Give a placement its programme's default set (summative ones judged by the wpb) and the
    vakdidactiek outcomes that match the student (`subject_outcomes_for`), skipping what it
    already has."""
    programme = placement.student.programme
    have = set(placement.outcomes.values_list("outcome_id", "subject_outcome_id"))
    rows = [
        PlacementOutcome(placement=placement, outcome=o, wpb_judges=o.is_summative)
        for o in programme.default_outcomes.all()
        if (o.pk, None) not in have
    ] + [
        PlacementOutcome(placement=placement, subject_outcome=s, wpb_judges=judges)
        for s, judges in subject_outcomes_for(placement).items()
        if (None, s.pk) not in have
    ]
    PlacementOutcome.objects.bulk_create(rows)


@transaction.atomic
def placement_set_outcome_choice(
    *,
    by: User | None,
    placement: Placement,
    pilot: bool,
    year_two: Iterable,
    professional_attitude: bool | None = None,
) -> Placement:
    """Record the student's pilot membership, year-2 choice of split subject outcomes and
    whether "professionele houding" (Oriëntatie op Beroep) was achieved; the apps that follow
    placements (`lifecycle`) then bring its outcome set and forms in line."""
    year_two = list(year_two)
    problem = placement.student.programme.year_two_problem(year_two)
    if problem:
        raise PlacementError(capfirst(problem))
    placement.pilot = pilot
    placement.professional_attitude = professional_attitude
    placement._history_user = by
    placement.full_clean()
    placement.save(update_fields=["pilot", "professional_attitude"])
    placement.year_two_subject_outcomes.set(year_two)
    audit_record(
        actor=by,
        action="placement.outcome_choice",
        target=placement,
        detail={
            "pilot": pilot,
            "year_two": [s.pk for s in year_two],
            "professional_attitude": professional_attitude,
        },
    )
    lifecycle.placement_changed(by=by, placement=placement, created=False)
    return placement


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
    opleider: User | None = None,
    studieloopbaanbegeleider: User | None = None,
    days: str = "maandag en dinsdag",
    start: date | None = None,
    end: date | None = None,
    pilot: bool = False,
    year_two: Iterable = (),
    professional_attitude: bool | None = None,
) -> Placement:
    """Create a placement with the outcomes that match the student (`pilot`, the `year_two`
    choice of split subject outcomes) and grant its people access;
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
        opleider=opleider,
        studieloopbaanbegeleider=studieloopbaanbegeleider,
        days=days,
        start=start,
        end=end,
        pilot=pilot,
        professional_attitude=professional_attitude,
    )
    year_two = list(year_two)
    problem = student.programme.year_two_problem(year_two)
    if problem:
        raise PlacementError(capfirst(problem))
    placement._history_user = by
    placement.full_clean()
    placement.save()
    placement.periods.set(periods)
    placement.year_two_subject_outcomes.set(year_two)
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
    opleider=KEEP,
    studieloopbaanbegeleider=KEEP,
) -> Placement:
    """Replace the people of a placement; whoever is replaced loses access immediately. The
    opleider and the studieloopbaanbegeleider stay as they are unless given."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.werkplekbegeleider = werkplekbegeleider
    placement.schoolopleider = schoolopleider
    placement.instituutsopleider = instituutsopleider
    if opleider is not KEEP:
        placement.opleider = opleider
    if studieloopbaanbegeleider is not KEEP:
        placement.studieloopbaanbegeleider = studieloopbaanbegeleider
    placement._history_user = by
    placement.full_clean()
    placement.save(update_fields=[*PEOPLE_FIELDS, *INSTITUTE_FIELDS])
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
