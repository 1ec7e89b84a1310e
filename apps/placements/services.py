"""Writes on placements. The people grants of a placement are set here and nowhere else."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from guardian.shortcuts import assign_perm

from apps.accounts.models import Role, User
from apps.accounts.services import audit_record, invitations_send, role_grant, user_create
from apps.placements import lifecycle
from apps.placements.imports import GUIDES, PLACEMENT_ONLY, SCHOOL_ROLE, build_plan
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
    opleider: User | None = None,
    studieloopbaanbegeleider: User | None = None,
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
        opleider=opleider,
        studieloopbaanbegeleider=studieloopbaanbegeleider,
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


# --- Import -----------------------------------------------------------------------------------


class ImportChanged(PlacementError):
    """The database changed between the preview and the confirmation."""


@dataclass
class ImportResult:
    created_placements: int
    changed_rows: int
    unchanged_rows: int
    invited: list[User]


class _Importer:
    """Applies the rows of a checked plan; remembers whom it already created or updated, so a
    person on several rows is handled once."""

    def __init__(self, by: User | None):
        self.by = by
        self.users: dict[str, User] = {}
        self.profiles: dict[str, StudentProfile] = {}
        self.assigned: set[tuple[int, int, str]] = set()
        self.invited: list[User] = []

    def user(self, person) -> User:
        user = self.users.get(person.email) or person.user
        if user is None:
            user = user_create(by=self.by, email=person.email, full_name=person.name)
            self.invited.append(user)
        elif user.full_name != person.name:
            user.full_name = person.name
            user.full_clean()
            user.save(update_fields=["full_name"])
        self.users[person.email] = user
        return user

    def student(self, row) -> StudentProfile:
        number = str(row.values["student_number"])
        if number in self.profiles:
            return self.profiles[number]
        profile = row.profile
        if profile is None:
            profile = StudentProfile(user=self.user(row.student), student_number=number)
        else:
            user = profile.user
            if user.email != row.student.email:
                user.email = row.student.email
                user.full_clean()
                user.save(update_fields=["email"])
            self.users[user.email] = user
            self.user(row.student)
        wanted = {"programme": row.programme, "year": row.year, "mode": row.mode}
        changed = [f for f, value in wanted.items() if getattr(profile, f, None) != value]
        if profile.pk is None or changed:
            for name, value in wanted.items():
                setattr(profile, name, value)
            profile._history_user = self.by
            profile.full_clean()
            profile.save()
        role_grant(by=self.by, user=profile.user, role=Role.STUDENT)
        self.profiles[number] = profile
        return profile

    def guide(self, person, role: Role | None, school: School | None) -> User:
        """The person, with their role; assigned to the school for a school role, unless
        `school` is None (the opleider and slb'er are named on the placement only)."""
        user = self.user(person)
        if role is not None:
            role_grant(by=self.by, user=user, role=role)
        if school is None:
            return user
        school_role = SCHOOL_ROLE.get(role)
        key = (school.pk, user.pk, school_role)
        if school_role and key not in self.assigned:
            self.assigned.add(key)
            if not SchoolAssignment.objects.filter(
                school=school, user=user, role=school_role
            ).exists():
                school_assign(by=self.by, school=school, user=user, role=school_role)
        return user

    def apply(self, row) -> None:
        profile = self.student(row)
        people = {
            field: (
                self.guide(row.guides[field], role, None if field in PLACEMENT_ONLY else row.school)
                if row.guides[field]
                else None
            )
            for _name, _email, role, field in GUIDES
        }
        placement = row.placement
        if placement is None:
            placement_create(
                by=self.by,
                student=profile,
                school=row.school,
                periods=row.periods,
                start=row.start,
                end=row.end,
                **people,
            )
            return
        where = (placement.school_id, {p.pk for p in placement.periods.all()})
        when = (placement.start, placement.end)
        if where != (row.school.pk, {p.pk for p in row.periods}) or when != (row.start, row.end):
            placement_set_details(
                by=self.by,
                placement=placement,
                school=row.school,
                periods=row.periods,
                start=row.start,
                end=row.end,
            )
        if any(getattr(placement, f"{f}_id") != (u.pk if u else None) for f, u in people.items()):
            placement_set_people(by=self.by, placement=placement, **people)


@transaction.atomic
def placements_import(
    *,
    by: User | None,
    rows: list,
    expected_digest: str | None = None,
    source: str = "",
    base_url: str | None = None,
) -> ImportResult:
    """Import students, their guides and placements from checked rows, all or nothing.

    The rows are checked again here (`build_plan`); with any error nothing is written. When
    `expected_digest` is given (the fingerprint of the preview the admin confirmed) and the
    plan is no longer the same, nothing is written either (ImportChanged). Accounts are
    created without a password; their owners get an invitation to choose one, mailed once the
    import is committed, with a link on `base_url` (the address the importing person used;
    `settings.SITE_URL` when there is no request). Rows that match the database change nothing.
    """
    plan = build_plan(rows)
    if plan.has_errors:
        raise PlacementError(
            ngettext(
                "Het bestand bevat %(count)d fout; er is niets geïmporteerd.",
                "Het bestand bevat %(count)d fouten; er is niets geïmporteerd.",
                plan.error_count,
            )
            % {"count": plan.error_count}
        )
    if expected_digest is not None and plan.digest != expected_digest:
        raise ImportChanged(
            "De gegevens zijn veranderd sinds het voorbeeld; er is niets geïmporteerd. "
            "Bekijk het nieuwe voorbeeld en bevestig opnieuw."
        )
    importer = _Importer(by)
    try:
        for row in plan.rows:
            if row.action != "ongewijzigd":
                importer.apply(row)
    except (IntegrityError, ValidationError) as exc:
        # A conflict the preview could not foresee (such as two rows swapping e-mail
        # addresses): the transaction rolls back, so nothing is written.
        raise PlacementError(
            _("Rij %(number)s kon niet worden opgeslagen (%(exc)s); er is niets geïmporteerd.")
            % {"number": row.number, "exc": exc}
        ) from exc
    result = ImportResult(
        created_placements=plan.count("nieuw"),
        changed_rows=plan.count("wijzigen"),
        unchanged_rows=plan.count("ongewijzigd"),
        invited=importer.invited,
    )
    audit_record(
        actor=by,
        action="placements.imported",
        detail={
            "source": source,
            "rows": len(plan.rows),
            "created_placements": result.created_placements,
            "changed_rows": result.changed_rows,
            "unchanged_rows": result.unchanged_rows,
            "invited": [u.email for u in importer.invited],
            "digest": plan.digest,
        },
    )
    # The invitations are written with the import; their mail leaves after the commit.
    invitations_send(by=by, users=importer.invited, base_url=base_url or settings.SITE_URL)
    return result
