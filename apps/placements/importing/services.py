"""Writes of the import: keeping an uploaded file until it is confirmed, and applying a
checked plan (students, their guides and placements), all or nothing.

`placements_import_apply(upload, by=...)` is the confirmation step as a function of its own,
so that a background task can call it for a large file; today the confirm view calls it.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.accounts.models import Role, RoleMembership, User
from apps.accounts.services import audit_record, invitations_send
from apps.core.tasks import DEFAULT_QUEUE, enqueue_on_commit
from apps.placements import lifecycle
from apps.placements.importing.selectors import (
    GUIDES,
    PLACEMENT_ONLY,
    SCHOOL_ROLE,
    ImportFileError,
    RowPlan,
    build_plan,
    read_table,
)
from apps.placements.models import (
    ImportStatus,
    ImportUpload,
    Period,
    Placement,
    PlacementOutcome,
    PlacementUserObjectPermission,
    SchoolAssignment,
    StudentProfile,
)
from apps.placements.services import (
    VIEW,
    PlacementError,
    placement_set_details,
    placement_set_outcome_choice,
    placement_set_people,
)


class ImportChanged(PlacementError):
    """The database changed between the preview and the confirmation."""


@dataclass
class ImportResult:
    created_placements: int
    changed_rows: int
    unchanged_rows: int
    invited: list[User]


# Rows per INSERT/UPDATE statement: far below SQLite's and PostgreSQL's parameter limits.
BATCH = 500
# Foreign keys are resolved by the plan; checking each again would cost a query per row.
PLACEMENT_FKS = [
    "student",
    "school",
    "werkplekbegeleider",
    "schoolopleider",
    "instituutsopleider",
    "duo_partner",
]


def _invalid(number: int, exc: ValidationError) -> PlacementError:
    return PlacementError(
        _("Rij %(number)s kon niet worden opgeslagen (%(exc)s); er is niets geïmporteerd.")
        % {"number": number, "exc": "; ".join(exc.messages)}
    )


class _BulkImport:
    """Applies the rows of a checked plan in bulk: every kind of row (people, roles, student
    profiles, school assignments, placements and what hangs on them) is written in a few
    statements, whatever the number of rows; a person on several rows is handled once.

    The plan has already checked everything a row can get wrong; what is validated here again
    is only what costs no query (field lengths, choices), and the database's constraints
    catch the rest, rolling everything back."""

    def __init__(self, by: User | None, rows: list[RowPlan]):
        self.by = by
        self.rows = rows
        self.history_user = by if by is not None and by.pk else None
        self.users: dict[str, User] = {}  # by e-mail address as in the file (lower case)
        self.invited: list[User] = []

    def run(self) -> None:
        self.people()
        self.roles()
        profiles = self.profiles()
        self.assignments()
        self.placements(profiles)

    # --- people ---------------------------------------------------------------------------

    def _persons(self):
        for row in self.rows:
            yield row, row.student, row.profile.user if row.profile else None
            for person in filter(None, row.guides.values()):
                yield row, person, None

    def people(self) -> None:
        """New accounts (without a password: they get an invitation), new names, the new
        e-mail address of a student found by number, and a phone number where there was none."""
        new: dict[str, User] = {}
        changed: dict[int, User] = {}
        # A person's phone number from any row (the plan checked that the rows agree).
        phones = {p.email: p.phone for _r, p, _u in self._persons() if p.phone}
        for row, person, profile_user in self._persons():
            if person.email in self.users:
                continue
            user = profile_user or person.user
            phone = phones.get(person.email, "")
            if user is None:
                user = User(email=person.email, full_name=person.name.strip(), phone=phone)
                user.set_unusable_password()
                try:
                    user.full_clean(
                        exclude=["password"], validate_unique=False, validate_constraints=False
                    )
                except ValidationError as exc:
                    raise _invalid(row.number, exc) from exc
                new[person.email] = user
            else:
                if user.email.lower() != person.email:
                    user.email = person.email
                    changed[user.pk] = user
                if user.full_name != person.name:
                    user.full_name = person.name
                    changed[user.pk] = user
                if phone and not user.phone:  # never replaces a number someone gave
                    user.phone = phone
                    changed[user.pk] = user
                try:
                    user.clean_fields(exclude=["password"])
                except ValidationError as exc:
                    raise _invalid(row.number, exc) from exc
            self.users[person.email] = user
        if changed:
            User.objects.bulk_update(
                list(changed.values()), ["email", "full_name", "phone"], batch_size=BATCH
            )
        created = User.objects.bulk_create(list(new.values()), batch_size=BATCH)
        for user in created:
            self.users[user.email] = user
        self.invited = created

    def _user(self, person) -> User:
        return self.users[person.email]

    # --- roles ----------------------------------------------------------------------------

    def roles(self) -> None:
        """Each person gets the role they have in the file (as `role_grant`; the import grants
        no admin role, so no one becomes staff)."""
        wanted = set()
        for row in self.rows:
            wanted.add((self._user(row.student).pk, Role.STUDENT))
            for _name, _email, role, field_name in GUIDES:
                if role is not None and row.guides[field_name] is not None:
                    wanted.add((self._user(row.guides[field_name]).pk, role))
        held = set(
            RoleMembership.objects.filter(user__in={u for u, _r in wanted}).values_list(
                "user_id", "role"
            )
        )
        missing = sorted(wanted - held)
        bulk_create_with_history(
            [RoleMembership(user_id=u, role=r) for u, r in missing],
            RoleMembership,
            batch_size=BATCH,
            default_user=self.history_user,
        )

    # --- student profiles -----------------------------------------------------------------

    def profiles(self) -> dict[str, StudentProfile]:
        profiles: dict[str, StudentProfile] = {}
        new, changed = [], []
        for row in self.rows:
            number = str(row.values["student_number"])
            if number in profiles:
                continue
            profile = row.profile or StudentProfile(
                user=self._user(row.student), student_number=number
            )
            wanted = {"programme": row.programme, "year": row.year, "mode": row.mode}
            if profile.pk is None or any(
                getattr(profile, f"{f}_id" if f == "programme" else f)
                != (v.pk if f == "programme" else v)
                for f, v in wanted.items()
            ):
                for name, value in wanted.items():
                    setattr(profile, name, value)
                try:
                    profile.clean_fields(exclude=["user", "programme"])
                except ValidationError as exc:
                    raise _invalid(row.number, exc) from exc
                (new if profile.pk is None else changed).append(profile)
            profiles[number] = profile
        bulk_create_with_history(
            new, StudentProfile, batch_size=BATCH, default_user=self.history_user
        )
        if changed:
            bulk_update_with_history(
                changed,
                StudentProfile,
                ["programme", "year", "mode"],
                batch_size=BATCH,
                default_user=self.history_user,
            )
        return profiles

    # --- school assignments ---------------------------------------------------------------

    def assignments(self) -> None:
        """Opleiders named in the file are assigned to the row's school (as `school_assign`):
        they get access to every placement there, including the ones already there."""
        wanted = set()
        for row in self.rows:
            for _name, _email, role, field_name in GUIDES:
                school_role = SCHOOL_ROLE.get(role)
                if field_name in PLACEMENT_ONLY:
                    continue  # the opleider and slb'er are named on the placement only
                if school_role and row.guides[field_name] is not None:
                    wanted.add((row.school.pk, self._user(row.guides[field_name]).pk, school_role))
        if not wanted:
            return
        schools = {s for s, _u, _r in wanted}
        existing = set(
            SchoolAssignment.objects.filter(school__in=schools).values_list(
                "school_id", "user_id", "role"
            )
        )
        missing = sorted(wanted - existing)
        bulk_create_with_history(
            [SchoolAssignment(school_id=s, user_id=u, role=r) for s, u, r in missing],
            SchoolAssignment,
            batch_size=BATCH,
            default_user=self.history_user,
        )
        # The placements already at those schools: the newly assigned see them too.
        newly = {(s, u) for s, u, _r in missing}
        at_school: dict[int, list[int]] = {}
        for pk, school_id in Placement.objects.filter(
            school__in={s for s, _u in newly}
        ).values_list("pk", "school_id"):
            at_school.setdefault(school_id, []).append(pk)
        wanted_grants = {(p, u) for s, u in newly for p in at_school.get(s, [])}
        self._grant(wanted_grants)

    def _grant(self, wanted: set[tuple[int, int]]) -> None:
        """Give each (placement, user) the view grant they lack (as `placement_sync_grants`)."""
        if not wanted:
            return
        permission = Permission.objects.get(
            codename=VIEW, content_type__app_label="placements", content_type__model="placement"
        )
        have = set(
            PlacementUserObjectPermission.objects.filter(
                permission=permission,
                content_object__in={p for p, _u in wanted},
                user__in={u for _p, u in wanted},
            ).values_list("content_object_id", "user_id")
        )
        PlacementUserObjectPermission.objects.bulk_create(
            [
                PlacementUserObjectPermission(permission=permission, user_id=u, content_object_id=p)
                for p, u in sorted(wanted - have)
            ],
            batch_size=BATCH,
        )

    # --- placements -----------------------------------------------------------------------

    def _people(self, row: RowPlan) -> dict[str, User | None]:
        return {
            field_name: self._user(row.guides[field_name]) if row.guides[field_name] else None
            for _name, _email, _role, field_name in GUIDES
        }

    def placements(self, profiles: dict[str, StudentProfile]) -> None:
        """New placements in bulk, with their periods, default outcomes, grants and what the
        apps that follow placements keep for them (`lifecycle.placements_created`); an
        existing placement that changes goes through the ordinary services, one by one."""
        new: list[Placement] = []
        periods: list[list[Period]] = []
        for row in self.rows:
            profile = profiles[str(row.values["student_number"])]
            people = self._people(row)
            if row.placement is not None:
                self.update(row, people)
                continue
            placement = Placement(
                student=profile,
                school=row.school,
                start=row.start,
                end=row.end,
                pilot=bool(row.pilot),
                professional_attitude=row.professional_attitude,
                **people,
            )
            placement.year_two_ids = {o.pk for o in row.year_two or ()}
            try:
                placement.clean_fields(exclude=PLACEMENT_FKS)
                placement.clean()
            except ValidationError as exc:
                raise _invalid(row.number, exc) from exc
            new.append(placement)
            periods.append(row.periods)
        if not new:
            return
        # The same objects come back, now with their primary keys.
        new = bulk_create_with_history(
            new, Placement, batch_size=BATCH, default_user=self.history_user
        )
        Periods = Placement.periods.through
        Periods.objects.bulk_create(
            [
                Periods(placement_id=p.pk, period_id=q.pk)
                for p, its in zip(new, periods, strict=True)
                for q in its
            ],
            batch_size=BATCH,
        )
        YearTwo = Placement.year_two_subject_outcomes.through
        YearTwo.objects.bulk_create(
            [YearTwo(placement_id=p.pk, subjectoutcome_id=o) for p in new for o in p.year_two_ids],
            batch_size=BATCH,
        )
        self.default_outcomes(new)
        staff: dict[int, set[int]] = {}
        for school_id, user_id in SchoolAssignment.objects.filter(
            school__in={p.school_id for p in new}
        ).values_list("school_id", "user_id"):
            staff.setdefault(school_id, set()).add(user_id)
        self._grant(
            {
                (p.pk, u)
                for p in new
                for u in {
                    p.student.user_id,
                    p.werkplekbegeleider_id,
                    p.schoolopleider_id,
                    p.instituutsopleider_id,
                    p.opleider_id,
                    p.studieloopbaanbegeleider_id,
                }
                | staff.get(p.school_id, set())
                if u is not None
            }
        )
        lifecycle.placements_created(by=self.by, placements=new)

    def default_outcomes(self, placements: list[Placement]) -> None:
        """As `placement_add_default_outcomes`, for many new placements: two queries per
        programme and one insert per few hundred outcomes."""
        defaults: dict[int, list] = {}
        subjects: dict[int, list] = {}
        rows = []
        for placement in placements:
            programme = placement.student.programme
            if programme.pk not in defaults:
                defaults[programme.pk] = list(programme.default_outcomes.all())
                subjects[programme.pk] = list(
                    programme.subject_outcomes.filter(institute_only=False)
                )
            rows += [
                PlacementOutcome(placement=placement, outcome=o, wpb_judges=o.is_summative)
                for o in defaults[programme.pk]
            ]
            # The vakdidactiek outcomes that match the student, as `subject_outcomes_for`
            # decides them for one placement (pilot, the year-2 choice).
            rows += [
                PlacementOutcome(
                    placement=placement,
                    subject_outcome=s,
                    wpb_judges=s.wpb_judges and (placement.pilot or not s.pilot),
                )
                for s in subjects[programme.pk]
                if not s.split_over_years or s.pk in placement.year_two_ids
            ]
        PlacementOutcome.objects.bulk_create(rows, batch_size=BATCH)

    def update(self, row: RowPlan, people: dict[str, User | None]) -> None:
        placement = row.placement
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
        self.outcome_choice(row, placement)

    def outcome_choice(self, row: RowPlan, placement: Placement) -> None:
        """The columns pilot, vakdidactiek jaar 2 and professionele houding; an empty one keeps
        what the placement has."""
        old_year_two = list(placement.year_two_subject_outcomes.all())
        pilot = placement.pilot if row.pilot is None else row.pilot
        year_two = old_year_two if row.year_two is None else row.year_two
        attitude = (
            placement.professional_attitude
            if row.professional_attitude is None
            else row.professional_attitude
        )
        if (pilot, {s.pk for s in year_two}, attitude) != (
            placement.pilot,
            {s.pk for s in old_year_two},
            placement.professional_attitude,
        ):
            placement_set_outcome_choice(
                by=self.by,
                placement=placement,
                pilot=pilot,
                year_two=year_two,
                professional_attitude=attitude,
            )


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
    importer = _BulkImport(by, [r for r in plan.rows if r.action != "ongewijzigd"])
    try:
        with transaction.atomic():
            importer.run()
    except (IntegrityError, DataError) as exc:
        # A conflict the preview could not foresee (such as two rows swapping e-mail
        # addresses): the transaction rolls back, so nothing is written.
        raise PlacementError(
            _("Het bestand kon niet worden opgeslagen (%(exc)s); er is niets geïmporteerd.")
            % {"exc": exc}
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


# How long an uploaded file waits for its confirmation.
UPLOAD_VALID = timedelta(hours=12)


def import_uploads_purge(*, now=None) -> int:
    """Delete every upload whose time is up; returns how many."""
    deleted, _per_model = ImportUpload.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted


@transaction.atomic
def import_upload_store(*, by: User, name: str, content: bytes) -> ImportUpload:
    """Keep an uploaded file (already read without error) until it is confirmed, for
    UPLOAD_VALID; the same file uploaded again by the same person is kept once, with a new
    expiry. Expired uploads of anyone are purged first."""
    import_uploads_purge()
    upload, _created = ImportUpload.objects.update_or_create(
        created_by=by,
        digest=hashlib.sha256(content).hexdigest(),
        defaults={
            "name": name[:255],
            "content": content,
            "expires_at": timezone.now() + UPLOAD_VALID,
            "status": ImportStatus.PREVIEW,
            "error": "",
        },
    )
    return upload


@transaction.atomic
def placements_import_apply(
    upload: ImportUpload,
    *,
    by: User,
    expected_digest: str | None = None,
    base_url: str | None = None,
) -> ImportResult:
    """Confirm an uploaded file: import it (`placements_import`, all or nothing, checked
    against the plan the admin saw when `expected_digest` is given) and forget the upload.
    On any error nothing is written and the upload stays for a new preview."""
    rows = read_table(upload.name, bytes(upload.content))
    result = placements_import(
        by=by,
        rows=rows,
        expected_digest=expected_digest,
        source=upload.name,
        base_url=base_url,
    )
    upload.delete()
    return result


def _summary(result: ImportResult) -> dict:
    return {
        "created_placements": result.created_placements,
        "changed_rows": result.changed_rows,
        "unchanged_rows": result.unchanged_rows,
        "invited": len(result.invited),
    }


@transaction.atomic
def placements_import_queue(
    upload: ImportUpload, *, by: User, rows: int, expected_digest: str, base_url: str
) -> ImportUpload:
    """Hand a large confirmed file to the task worker (a web request would outlast its
    timeout): the upload waits as `wachtrij` and the worker imports it, all or nothing, as
    `placements_import_apply` does in the request. Its page follows it there."""
    if upload.created_by_id != by.pk or upload.status != ImportStatus.PREVIEW:
        raise PlacementError(_("Dit bestand wordt al geïmporteerd of is al geïmporteerd."))
    upload.status = ImportStatus.QUEUED
    upload.rows = rows
    upload.expected_digest = expected_digest
    upload.base_url = base_url
    upload.expires_at = timezone.now() + UPLOAD_VALID
    upload.save(update_fields=["status", "rows", "expected_digest", "base_url", "expires_at"])
    audit_record(actor=by, action="placements.import_queued", target=upload, detail={"rows": rows})
    enqueue_on_commit(placements_import_run, upload_id=upload.pk)
    return upload


@task(queue_name=DEFAULT_QUEUE)
def placements_import_run(*, upload_id: int) -> bool:
    """The worker's half of `placements_import_queue`. The upload is claimed with one
    conditional UPDATE, so a task that runs twice imports once. The import is one transaction:
    it lands whole or the upload is `mislukt` with the reason, and nothing is written."""
    claimed = ImportUpload.objects.filter(pk=upload_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return False
    upload = ImportUpload.objects.select_related("created_by").get(pk=upload_id)
    done = ImportUpload.objects.filter(pk=upload_id)
    try:
        with transaction.atomic():
            rows = read_table(upload.name, bytes(upload.content))
            result = placements_import(
                by=upload.created_by,
                rows=rows,
                expected_digest=upload.expected_digest or None,
                source=upload.name,
                base_url=upload.base_url or None,
            )
    except (PlacementError, ImportFileError) as exc:
        done.update(status=ImportStatus.FAILED, error=str(exc), finished_at=timezone.now())
        return False
    except Exception:
        done.update(
            status=ImportStatus.FAILED,
            error=_(
                "De import is onverwacht mislukt; er is niets opgeslagen. Probeer het opnieuw."
            ),
            finished_at=timezone.now(),
        )
        raise
    # The file itself is no longer needed once it is in; its outcome stays until it expires.
    done.update(
        status=ImportStatus.DONE,
        summary=_summary(result),
        content=b"",
        finished_at=timezone.now(),
    )
    return True
