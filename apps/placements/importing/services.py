"""Applying a checked import plan: students, their guides and placements, all or nothing."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.accounts.models import Role, User
from apps.accounts.services import audit_record, invitations_send, role_grant, user_create
from apps.placements.importing.selectors import GUIDES, SCHOOL_ROLE, build_plan
from apps.placements.models import School, SchoolAssignment, StudentProfile
from apps.placements.services import (
    PlacementError,
    placement_create,
    placement_set_details,
    placement_set_people,
    school_assign,
)


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

    def guide(self, person, role: Role, school: School) -> User:
        user = self.user(person)
        role_grant(by=self.by, user=user, role=role)
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
            field: self.guide(row.guides[field], role, row.school) if row.guides[field] else None
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
