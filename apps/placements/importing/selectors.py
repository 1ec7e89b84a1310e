"""Reading and checking an import file of placements: one row per placement, with its student,
school, people and period(s).

`read_table` turns a CSV or XLSX file into rows of text (or dates); `build_plan` compares them
with the database and says per row what an import would create or change, and every error, in
Dutch with the row number and the column. Nothing here writes: `placements_import` in
`apps.placements.importing.services` applies a plan without errors, all or nothing.

Matching, so that importing the same file twice changes nothing and a corrected file updates in
place: a student is found by student number (else by e-mail address), everyone else by e-mail
address, and a placement by its student and a shared period.
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User, validate_phone
from apps.core.excel_csv import (
    CONTROL_CHARACTERS,
    FORMULA_STARTS,
    UnreadableFile,
    csv_bytes,
    read_rows,
)
from apps.placements.models import (
    ImportStatus,
    ImportUpload,
    Period,
    Placement,
    PlacementStatus,
    Programme,
    School,
    SchoolAssignment,
    SchoolRole,
    StudentProfile,
    StudyMode,
)

MAX_ROWS = 5000
PERIOD_SEPARATOR = "+"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    example: str


COLUMNS = (
    Column("student_number", "studentnummer", True, "500123"),
    Column("student_name", "naam student", True, "Sanne de Vries"),
    Column("student_email", "e-mail student", True, "sanne.devries@student.example.nl"),
    Column("programme", "opleiding", True, "BI"),
    Column("year", "studiejaar", True, "2"),
    Column("mode", "voltijd/deeltijd", False, "voltijd"),
    Column("school", "school", True, "Het Stedelijk College"),
    Column("wpb_name", "naam werkplekbegeleider", False, "Wim Jansen"),
    Column("wpb_email", "e-mail werkplekbegeleider", False, "w.jansen@school.example.nl"),
    Column("wpb_phone", "telefoon werkplekbegeleider", False, "06 12345678"),
    Column("so_name", "naam schoolopleider", False, "Sandra Bakker"),
    Column("so_email", "e-mail schoolopleider", False, "s.bakker@school.example.nl"),
    Column("so_phone", "telefoon schoolopleider", False, ""),
    Column("io_name", "naam instituutsopleider", False, "Ingrid Visser"),
    Column("io_email", "e-mail instituutsopleider", False, "i.visser@instituut.example.nl"),
    Column("opleider_name", "naam opleider instituut", False, ""),
    Column("opleider_email", "e-mail opleider instituut", False, ""),
    Column("slb_name", "naam slb'er", False, ""),
    Column("slb_email", "e-mail slb'er", False, ""),
    Column("periods", "periode", True, "Blok 3"),
    Column("start", "begindatum", False, ""),
    Column("end", "einddatum", False, ""),
    # The outcome set that matches the student (handbook 5.5, ch.1); empty: leave as it is.
    Column("pilot", "pilot vakdidactiek", False, "nee"),
    Column("year_two", "vakdidactiek jaar 2", False, ""),
    Column("professional_attitude", "professionele houding behaald", False, "ja"),
)
YES_NO = {
    "ja": True,
    "j": True,
    "yes": True,
    "1": True,
    "nee": False,
    "n": False,
    "no": False,
    "0": False,
}
HEADERS = {c.key: c.header for c in COLUMNS}
# The guides of a row: (name column, e-mail column, role, placement field). The opleider of
# the institute (who assesses) works on the institute's dashboard but is no opleider of the
# school; the slb'er has no role of their own. For both, an empty column keeps whom an
# existing placement has.
GUIDES = (
    ("wpb_name", "wpb_email", Role.WERKPLEKBEGELEIDER, "werkplekbegeleider"),
    ("so_name", "so_email", Role.SCHOOLOPLEIDER, "schoolopleider"),
    ("io_name", "io_email", Role.INSTITUUTSOPLEIDER, "instituutsopleider"),
    ("opleider_name", "opleider_email", Role.INSTITUUTSOPLEIDER, "opleider"),
    ("slb_name", "slb_email", None, "studieloopbaanbegeleider"),
)
PLACEMENT_ONLY = ("opleider", "studieloopbaanbegeleider")
# The phone numbers the school's people may come with (issue 13: the triangle sees each other's
# number on the placement page). The import fills in an empty number, never replaces one: a
# number someone gave on their own voorkeuren page stays.
PHONES = {"werkplekbegeleider": "wpb_phone", "schoolopleider": "so_phone"}
SCHOOL_ROLE = {
    Role.SCHOOLOPLEIDER: SchoolRole.SCHOOLOPLEIDER,
    Role.INSTITUUTSOPLEIDER: SchoolRole.INSTITUUTSOPLEIDER,
}
ROLE_LABEL = {
    Role.STUDENT: "student",
    Role.WERKPLEKBEGELEIDER: "werkplekbegeleider",
    Role.SCHOOLOPLEIDER: "schoolopleider",
    Role.INSTITUUTSOPLEIDER: "instituutsopleider",
    Role.ADMIN: "admin (praktijkbureau)",
}
# An account holding one of these is staff: a student row may never rename or re-role it.
STAFF_ROLES = {Role.WERKPLEKBEGELEIDER, Role.SCHOOLOPLEIDER, Role.INSTITUUTSOPLEIDER, Role.ADMIN}
NAME_KEYS = ("student_name", "wpb_name", "so_name", "io_name")
EMAIL_KEYS = ("student_email", "wpb_email", "so_email", "io_email")


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


# --- Reading ----------------------------------------------------------------------------------


@dataclass
class SourceRow:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, str | date]


def _normalise_header(text: object) -> str:
    text = re.sub(r"\s+", " ", str(text or "")).strip().lower()
    return text.replace("email", "e-mail").replace(" / ", "/")


def _cell(value: object) -> str | date:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", " ", str(value)).strip()


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        return read_rows(content)
    except UnreadableFile as exc:
        raise ImportFileError(str(exc)) from exc


def _xlsx_rows(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("Het bestand is geen leesbaar Excel-bestand (XLSX).")) from exc
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(filename: str, content: bytes) -> list[SourceRow]:
    """The data rows of a CSV (as Excel writes it in any encoding; `apps.core.excel_csv`) or
    XLSX file (its first sheet), keyed by column; blank rows are skipped, unknown columns
    ignored. Raises ImportFileError when the file cannot be used at all."""
    name = filename.lower()
    if name.endswith(".csv"):
        table = _csv_rows(content)
    elif name.endswith(".xlsx"):
        table = _xlsx_rows(content)
    else:
        raise ImportFileError(_("Kies een CSV- of XLSX-bestand."))
    if not table:
        raise ImportFileError(_("Het bestand is leeg."))
    by_header = {c.header: c.key for c in COLUMNS}
    positions = {}
    for index, header in enumerate(table[0]):
        key = by_header.get(_normalise_header(header))
        if key and key not in positions:
            positions[key] = index
    missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        raise ImportFileError(
            _("De eerste rij mist deze kolommen: %(columns)s. Gebruik het sjabloon.")
            % {"columns": ", ".join(f"‘{m}’" for m in missing)}
        )
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        values = {
            key: _cell(raw[index]) if index < len(raw) else "" for key, index in positions.items()
        }
        if any(v != "" for v in values.values()):
            rows.append(SourceRow(number, {c.key: values.get(c.key, "") for c in COLUMNS}))
    if not rows:
        raise ImportFileError(_("Het bestand bevat geen rijen onder de kopregel."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Het bestand heeft meer dan %(max)s rijen; splits het op.") % {"max": MAX_ROWS}
        )
    return rows


# --- Checking ---------------------------------------------------------------------------------


@dataclass
class RowIssue:
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return self.message
        return _("kolom ‘%(column)s’: %(message)s") % {
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Person:
    """A person named in the file: an existing account (`user`) or one to create."""

    email: str
    name: str
    user: User | None
    phone: str = ""


@dataclass
class RowPlan:
    number: int
    values: dict[str, str | date]
    errors: list[RowIssue] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    # What the import will do but leaves the triangle incomplete; the row can still be imported.
    warnings: list[str] = field(default_factory=list)
    creates_placement: bool = False
    # Resolved when the row has no errors:
    profile: StudentProfile | None = None
    student: Person | None = None
    programme: Programme | None = None
    year: int | None = None
    mode: str = StudyMode.VOLTIJD
    school: School | None = None
    periods: list[Period] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    guides: dict[str, Person | None] = field(default_factory=dict)
    placement: Placement | None = None
    # None: the column is empty, so the placement keeps what it has.
    pilot: bool | None = None
    year_two: list | None = None
    professional_attitude: bool | None = None

    @property
    def action(self) -> str:
        if self.errors:
            return "fout"
        if self.creates_placement:
            return "nieuw"
        return "wijzigen" if self.changes else "ongewijzigd"

    @property
    def action_label(self) -> str:
        return {
            "fout": _("Fout"),
            "nieuw": _("Nieuwe stage"),
            "wijzigen": _("Wijzigt"),
            "ongewijzigd": _("Ongewijzigd"),
        }[self.action]

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowIssue(HEADERS.get(key, ""), message))


@dataclass
class ImportPlan:
    rows: list[RowPlan]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(len(r.errors) for r in self.rows)

    @property
    def warning_rows(self) -> int:
        """Rows that can be imported but leave the triangle incomplete."""
        return sum(1 for r in self.rows if r.warnings)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("nieuw", "wijzigen", "ongewijzigd", "fout")}

    @property
    def digest(self) -> str:
        """A fingerprint of what the import would do: it changes when the file or the
        database changes in a way that matters, so a confirmation applies what was shown."""
        summary = [
            (r.number, r.action, r.changes, [str(e) for e in r.errors], r.warnings)
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()

    def lines(self) -> list[str]:
        """The preview as plain text (for the management command)."""
        out = []
        for r in self.rows:
            out.append(f"Rij {r.number}: {r.action_label}")
            out += [f"  - {c}" for c in r.changes]
            out += [f"  ! Rij {r.number}, {e}" for e in r.errors]
            out += [f"  ? Rij {r.number}, let op: {w}" for w in r.warnings]
        return out


def _parse_date(value: str | date) -> date | None:
    if isinstance(value, date):
        return value
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _text(value: str | date) -> str:
    return value.strftime("%d-%m-%Y") if isinstance(value, date) else value


class _Lookups:
    """Everything the rows refer to, loaded in a fixed number of queries."""

    def __init__(self, rows: list[SourceRow]):
        def texts(*keys):
            return {_text(r.values[k]) for r in rows for k in keys} - {""}

        emails = {e.lower() for e in texts("student_email", *(e for _n, e, _r, _f in GUIDES))}
        self.schools = {s.name.lower(): s for s in School.objects.all()}
        self.periods = {p.name.lower(): p for p in Period.objects.all()}
        self.programmes = {}
        for programme in Programme.objects.prefetch_related("subject_outcomes"):
            self.programmes.setdefault(programme.code.lower(), programme)
            self.programmes.setdefault(programme.name.lower(), programme)
        self.users = {
            u.email.lower(): u
            for u in User.objects.filter(email__in=emails).prefetch_related("role_memberships")
        }
        self.roles = {u.pk: {m.role for m in u.role_memberships.all()} for u in self.users.values()}
        profiles = StudentProfile.objects.select_related("user", "programme").prefetch_related(
            "user__role_memberships"
        )
        numbers = texts("student_number")
        self.profiles = {p.student_number: p for p in profiles.filter(student_number__in=numbers)}
        self.profile_by_user = {p.user_id: p for p in profiles.filter(user__email__in=emails)} | {
            p.user_id: p for p in self.profiles.values()
        }
        for profile in self.profile_by_user.values():
            self.roles[profile.user_id] = {m.role for m in profile.user.role_memberships.all()}
        self.placements: dict[int, list[Placement]] = {}
        placements = (
            Placement.objects.filter(student__in=list(self.profile_by_user.values()))
            .select_related("school", *(f for _n, _e, _r, f in GUIDES))
            .prefetch_related("periods", "year_two_subject_outcomes")
        )
        for placement in placements:
            self.placements.setdefault(placement.student_id, []).append(placement)
        self.assignments = set(
            SchoolAssignment.objects.filter(user__email__in=emails).values_list(
                "school_id", "user_id", "role"
            )
        )
        # The opleiders assigned to the schools of the file, for rows that leave them empty.
        names = {n.lower() for n in texts("school")}
        self.school_staff: dict[tuple[int, str], list[User]] = {}
        staff = SchoolAssignment.objects.filter(
            school__in=[s for name, s in self.schools.items() if name in names]
        ).select_related("user")
        for assignment in staff.prefetch_related("user__role_memberships"):
            user = assignment.user
            key = (assignment.school_id, assignment.role)
            self.school_staff.setdefault(key, []).append(user)
            self.assignments.add((assignment.school_id, user.pk, assignment.role))
            self.roles[user.pk] = {m.role for m in user.role_memberships.all()}


def _max_lengths() -> dict[str, int]:
    name = User._meta.get_field("full_name").max_length
    email = User._meta.get_field("email").max_length
    number = StudentProfile._meta.get_field("student_number").max_length
    phone = User._meta.get_field("phone").max_length
    return (
        {"student_number": number}
        | dict.fromkeys(NAME_KEYS, name)
        | dict.fromkeys(EMAIL_KEYS, email)
        | dict.fromkeys(PHONES.values(), phone)
    )


def _check_text(row: RowPlan, v: dict[str, str | date]) -> None:
    """What no cell may hold: a control character (a NUL byte cannot even be stored), a name
    or student number that a spreadsheet would run as a formula, more than fits."""
    for key, value in v.items():
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            row.error(
                key,
                _("bevat een onzichtbaar stuurteken (zoals een NUL-byte); typ de waarde opnieuw."),
            )
    for key in (*NAME_KEYS, "student_number"):
        if v[key].startswith(FORMULA_STARTS):
            row.error(
                key,
                _("‘%(value)s’ begint met ‘%(char)s’ en lijkt op een formule; zo begint geen naam.")
                % {"value": v[key], "char": v[key][0]},
            )
    for key, limit in _max_lengths().items():
        if len(v[key]) > limit:
            row.error(key, _("is langer dan %(max)s tekens.") % {"max": limit})


def _check_fields(row: RowPlan, look: _Lookups) -> None:
    """Required values, formats, and references to schools, programmes and periods."""
    v = {k: _text(x) if k not in ("start", "end") else x for k, x in row.values.items()}
    _check_text(row, v)
    if row.errors:
        return
    for column in COLUMNS:
        if column.required and v[column.key] == "":
            row.error(column.key, _("dit veld is verplicht maar leeg."))
    for key in ("student_email", "wpb_email", "so_email", "io_email"):
        if v[key]:
            try:
                validate_email(v[key])
            except ValidationError:
                row.error(key, _("‘%(value)s’ is geen geldig e-mailadres.") % {"value": v[key]})
    if v["year"]:
        if v["year"] not in {"1", "2", "3", "4"}:
            row.error(
                "year",
                _("‘%(year)s’ is geen studiejaar; gebruik 1, 2, 3 of 4.") % {"year": v["year"]},
            )
        else:
            row.year = int(v["year"])
    mode = v["mode"].lower()
    if mode and mode not in StudyMode.values:
        row.error(
            "mode",
            _("‘%(mode)s’ is onbekend; gebruik ‘voltijd’ of ‘deeltijd’.") % {"mode": v["mode"]},
        )
    row.mode = mode or StudyMode.VOLTIJD
    if v["programme"]:
        row.programme = look.programmes.get(v["programme"].lower())
        if row.programme is None:
            row.error(
                "programme",
                _("onbekende opleiding ‘%(programme)s’.") % {"programme": v["programme"]},
            )
    if v["school"]:
        row.school = look.schools.get(v["school"].lower())
        if row.school is None:
            row.error("school", _("onbekende school ‘%(school)s’.") % {"school": v["school"]})
    for name in filter(None, (p.strip() for p in v["periods"].split(PERIOD_SEPARATOR))):
        period = look.periods.get(name.lower())
        if period is None:
            row.error("periods", _("onbekende periode ‘%(name)s’.") % {"name": name})
        elif period not in row.periods:
            row.periods.append(period)
    if v["periods"].strip(f" {PERIOD_SEPARATOR}") == "" and v["periods"]:
        row.error("periods", _("‘%(periods)s’ noemt geen periode.") % {"periods": v["periods"]})
    for key in ("start", "end"):
        if v[key] != "":
            try:
                setattr(row, key, _parse_date(v[key]))
            except ValueError:
                row.error(
                    key,
                    _("‘%(value)s’ is geen datum; schrijf bijvoorbeeld 03-02-2027.")
                    % {"value": v[key]},
                )
    for name_key, email_key, _role, _field in GUIDES:
        if v[name_key] and not v[email_key]:
            row.error(
                email_key, _("het e-mailadres van %(value)s ontbreekt.") % {"value": v[name_key]}
            )
    for field_name, phone_key in PHONES.items():
        email_key = next(e for _n, e, _r, f in GUIDES if f == field_name)
        if not v[phone_key]:
            continue
        if not v[email_key]:
            row.error(
                phone_key,
                _("bij dit telefoonnummer hoort een e-mailadres in ‘%(column)s’.")
                % {"column": HEADERS[email_key]},
            )
        try:
            validate_phone(v[phone_key])
        except ValidationError:
            row.error(
                phone_key,
                _(
                    "‘%(value)s’ is geen telefoonnummer; gebruik cijfers, spaties en eventueel "
                    "+, - en haakjes, bijvoorbeeld 06 12345678."
                )
                % {"value": v[phone_key]},
            )


def _check_outcome_choice(row: RowPlan, v: dict) -> None:
    """Pilot membership, the year-2 choice (titles joined by "+") and "professionele houding"
    (Oriëntatie op Beroep): the parts of the outcome set that differ per student."""
    for key in ("pilot", "professional_attitude"):
        if v[key]:
            value = YES_NO.get(v[key].lower())
            if value is None:
                row.error(key, _("‘%(value)s’: gebruik ja of nee.") % {"value": v[key]})
            setattr(row, key, value)
    if not v["year_two"] or row.programme is None:
        return
    by_title = {s.title.lower(): s for s in row.programme.subject_outcomes.all()}
    chosen = []
    for title in filter(None, (t.strip() for t in v["year_two"].split(PERIOD_SEPARATOR))):
        outcome = by_title.get(title.lower())
        if outcome is None:
            row.error(
                "year_two",
                _("‘%(title)s’ is geen vakdidactische leeruitkomst van %(programme)s.")
                % {"title": title, "programme": row.programme},
            )
        elif outcome not in chosen:
            chosen.append(outcome)
    problem = row.programme.year_two_problem(chosen) if len(chosen) == len(set(chosen)) else None
    if problem and not row.errors:
        row.error("year_two", problem)
    row.year_two = chosen


def _describe_outcome_choice(row: RowPlan) -> None:
    placement = row.placement
    if row.pilot is not None and row.pilot != placement.pilot:
        row.changes.append(_("pilot vakdidactiek: %(value)s") % {"value": _yes_no(row.pilot)})
    if row.year_two is not None and {s.pk for s in row.year_two} != {
        s.pk for s in placement.year_two_subject_outcomes.all()
    }:
        row.changes.append(
            _("vakdidactiek jaar 2: %(titles)s")
            % {"titles": " + ".join(s.title for s in row.year_two)}
        )
    if (
        row.professional_attitude is not None
        and row.professional_attitude != placement.professional_attitude
    ):
        row.changes.append(
            _("professionele houding behaald: %(value)s")
            % {"value": _yes_no(row.professional_attitude)}
        )


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


def _check_dates(row: RowPlan) -> None:
    if not row.periods:
        return
    first = min(p.start for p in row.periods)
    last = max(p.end for p in row.periods)
    span = f"{first:%d-%m-%Y} t/m {last:%d-%m-%Y}"
    for key in ("start", "end"):
        day = getattr(row, key)
        if day is not None and not first <= day <= last:
            row.error(
                key,
                _("%(day)s valt buiten de periode (%(span)s).")
                % {"day": format(day, "%d-%m-%Y"), "span": span},
            )
    if row.start and row.end and row.end < row.start:
        row.error("end", _("de einddatum ligt vóór de begindatum."))


class _Consistency:
    """Rules across rows: one person has one name, one student number one student, and a
    student has one placement per period."""

    def __init__(self):
        self.names: dict[str, tuple[int, str]] = {}
        self.phones: dict[str, tuple[int, str]] = {}
        self.numbers: dict[str, tuple[int, str, tuple]] = {}
        self.email_numbers: dict[str, tuple[int, str]] = {}
        self.student_periods: dict[tuple[str, int], int] = {}

    def name(self, row: RowPlan, key: str, email: str, name: str) -> None:
        if not name:
            return
        first = self.names.setdefault(email, (row.number, name))
        if first[1] != name:
            row.error(
                key,
                _("%(email)s staat in rij %(row)s als ‘%(first)s’ en hier als ‘%(name)s’.")
                % {"email": email, "row": first[0], "first": first[1], "name": name},
            )

    def phone(self, row: RowPlan, key: str, email: str, phone: str) -> None:
        if not (email and phone):
            return
        first = self.phones.setdefault(email, (row.number, phone))
        if first[1] != phone:
            row.error(
                key,
                _("%(email)s heeft in rij %(row)s telefoonnummer ‘%(first)s’ en hier ‘%(phone)s’.")
                % {"email": email, "row": first[0], "first": first[1], "phone": phone},
            )

    def student(self, row: RowPlan, number: str, email: str) -> None:
        details = (row.programme, row.year, row.mode)
        first = self.numbers.setdefault(number, (row.number, email, details))
        if first[1] != email:
            row.error(
                "student_email",
                _("studentnummer %(number)s heeft in rij %(row)s e-mailadres %(first)s.")
                % {"number": number, "row": first[0], "first": first[1]},
            )
        elif first[2] != details:
            row.error(
                "programme",
                _("opleiding, studiejaar of variant van %(number)s verschilt van rij %(row)s.")
                % {"number": number, "row": first[0]},
            )
        other = self.email_numbers.setdefault(email, (row.number, number))
        if other[1] != number:
            row.error(
                "student_number",
                _("%(email)s hoort in rij %(row)s bij studentnummer %(number)s.")
                % {"email": email, "row": other[0], "number": other[1]},
            )
        for period in row.periods:
            seen = self.student_periods.setdefault((number, period.pk), row.number)
            if seen != row.number:
                row.error(
                    "periods",
                    _(
                        "studentnummer %(number)s heeft in rij %(seen)s al een stage in "
                        "‘%(period)s’."
                    )
                    % {"number": number, "seen": seen, "period": period},
                )


def _staff_roles(look: _Lookups, user: User) -> str:
    """The staff roles of an existing account, as words ('' for none): such an account is
    never made a student by a row."""
    roles = [
        ROLE_LABEL[r] for r in Role.values if r in look.roles.get(user.pk, set()) & STAFF_ROLES
    ]
    if not roles and (user.is_staff or user.is_superuser):
        roles = [_("beheerder")]
    return ", ".join(roles)


def _is_student(look: _Lookups, user: User) -> bool:
    return user.pk in look.profile_by_user or Role.STUDENT in look.roles.get(user.pk, set())


def _person(look: _Lookups, email: str, name: str) -> Person:
    user = look.users.get(email)
    return Person(email=email, name=name or (user.full_name if user else ""), user=user)


def _resolve_student(row: RowPlan, look: _Lookups, announced: set) -> None:
    number = _text(row.values["student_number"])
    email = _text(row.values["student_email"]).lower()
    name = _text(row.values["student_name"])
    profile = look.profiles.get(number)
    owner = look.users.get(email)
    if profile is not None and (roles := _staff_roles(look, profile.user)):
        row.error(
            "student_number",
            _(
                "studentnummer %(number)s hoort bij het account van %(name)s (%(roles)s); een "
                "studentrij wijzigt nooit een medewerker."
            )
            % {"number": number, "name": profile.user.full_name, "roles": roles},
        )
        return
    if owner is not None and (roles := _staff_roles(look, owner)):
        row.error(
            "student_email",
            _(
                "%(email)s is het account van %(name)s (%(roles)s), geen student; een "
                "studentrij wijzigt nooit een medewerker."
            )
            % {"email": email, "name": owner.full_name, "roles": roles},
        )
        return
    if profile is not None:
        if owner is not None and owner.pk != profile.user_id:
            row.error(
                "student_email",
                _("%(email)s hoort al bij een ander account (%(owner)s).")
                % {"email": email, "owner": owner},
            )
            return
        row.student = Person(email=email, name=name, user=profile.user)
        row.profile = profile
        key = ("student", number)
        if key not in announced:
            announced.add(key)
            user = profile.user
            if user.email.lower() != email:
                row.changes.append(
                    _("e-mailadres student %(number)s: %(email)s → %(new_email)s")
                    % {"number": number, "email": user.email, "new_email": email}
                )
            if user.full_name != name:
                row.changes.append(
                    _("naam student %(number)s: ‘%(full_name)s’ → ‘%(name)s’")
                    % {"number": number, "full_name": user.full_name, "name": name}
                )
            if profile.programme_id != row.programme.pk:
                row.changes.append(
                    _("opleiding student %(number)s: %(programme)s → %(new_programme)s")
                    % {
                        "number": number,
                        "programme": profile.programme,
                        "new_programme": row.programme,
                    }
                )
            if profile.year != row.year:
                row.changes.append(
                    _("studiejaar student %(number)s: %(year)s → %(new_year)s")
                    % {"number": number, "year": profile.year, "new_year": row.year}
                )
            if profile.mode != row.mode:
                row.changes.append(
                    _("variant student %(number)s: %(mode)s → %(new_mode)s")
                    % {"number": number, "mode": profile.mode, "new_mode": row.mode}
                )
        return
    if owner is not None and owner.pk in look.profile_by_user:
        other = look.profile_by_user[owner.pk].student_number
        row.error(
            "student_email",
            _("%(email)s hoort bij de student met studentnummer %(other)s.")
            % {"email": email, "other": other},
        )
        return
    row.student = Person(email=email, name=name, user=owner)
    key = ("student", number)
    if key not in announced:
        announced.add(key)
        if owner is None:
            row.changes.append(
                _("nieuw account voor student %(name)s (%(email)s)")
                % {"name": name, "email": email}
            )
        elif owner.full_name != name:
            row.changes.append(
                _("naam %(email)s: ‘%(full_name)s’ → ‘%(name)s’")
                % {"email": email, "full_name": owner.full_name, "name": name}
            )
        row.changes.append(
            _("nieuw studentprofiel %(number)s (%(programme)s, jaar %(year)s)")
            % {"number": number, "programme": row.programme, "year": row.year}
        )


def _describe_person(row: RowPlan, person: Person, announced: set) -> None:
    fills_phone = person.phone and (person.user is None or not person.user.phone)
    if fills_phone and ("phone", person.email) not in announced:
        announced.add(("phone", person.email))
        row.changes.append(
            _("telefoonnummer %(email)s: %(phone)s")
            % {"email": person.email, "phone": person.phone}
        )
    if ("person", person.email) in announced:
        return
    announced.add(("person", person.email))
    if person.user is None:
        row.changes.append(
            _("nieuw account voor %(name)s (%(email)s)")
            % {"name": person.name, "email": person.email}
        )
    elif person.user.full_name != person.name:
        row.changes.append(
            _("naam %(email)s: ‘%(full_name)s’ → ‘%(name)s’")
            % {"email": person.email, "full_name": person.user.full_name, "name": person.name}
        )


def _describe_roles(row: RowPlan, look: _Lookups, announced: set) -> None:
    wanted = [(row.student, Role.STUDENT, None)] + [
        (row.guides[f], role, f) for _n, _e, role, f in GUIDES if row.guides[f] is not None
    ]
    for person, role, field_name in wanted:
        if role is None:
            continue
        held = look.roles.get(person.user.pk, set()) if person.user else set()
        if role not in held and ("role", person.email, role) not in announced:
            announced.add(("role", person.email, role))
            row.changes.append(
                _("%(email)s krijgt de rol %(role)s")
                % {"email": person.email, "role": ROLE_LABEL[role]}
            )
        school_role = SCHOOL_ROLE.get(role)
        if school_role is None or field_name in PLACEMENT_ONLY:
            continue
        assigned = person.user and (row.school.pk, person.user.pk, school_role) in look.assignments
        key = ("school", person.email, role, row.school.pk)
        if not assigned and key not in announced:
            announced.add(key)
            row.changes.append(
                _("%(email)s wordt %(role)s van %(school)s")
                % {"email": person.email, "role": ROLE_LABEL[role], "school": row.school}
            )


def _resolve_placement(row: RowPlan, look: _Lookups) -> None:
    existing = [
        p
        for p in look.placements.get(row.profile.pk if row.profile else None, [])
        if {q.pk for q in p.periods.all()} & {q.pk for q in row.periods}
    ]
    if len(existing) > 1:
        row.error("periods", _("de student heeft in deze periode(s) meer dan één stage."))
        return
    if not existing:
        row.creates_placement = True
        row.changes.insert(0, f"nieuwe stage op {row.school} in {_periods(row.periods)}")
        return
    placement = row.placement = existing[0]
    if placement.school_id != row.school.pk:
        if placement.status != PlacementStatus.PLANNED:
            row.error("school", _("deze stage is al begonnen en kan niet naar een andere school."))
            return
        row.changes.append(
            _("school: %(school)s → %(new_school)s")
            % {"school": placement.school, "new_school": row.school}
        )
    old_periods = sorted(placement.periods.all(), key=lambda p: (p.start, p.pk))
    if {p.pk for p in old_periods} != {p.pk for p in row.periods}:
        row.changes.append(
            _("periode: %(periods)s → %(new_periods)s")
            % {"periods": _periods(old_periods), "new_periods": _periods(row.periods)}
        )
    for key, label in (("start", "begindatum"), ("end", "einddatum")):
        old, new = getattr(placement, key), getattr(row, key)
        if old != new:
            row.changes.append(
                _("%(label)s: %(day)s → %(new_day)s")
                % {"label": label, "day": _day(old), "new_day": _day(new)}
            )


# An empty column for these roles takes the one opleider assigned to the school for that role;
# what is missing without one, said in the preview.
SCHOOL_DEFAULTS = (
    (
        "schoolopleider",
        SchoolRole.SCHOOLOPLEIDER,
        "geen schoolopleider: de school ontvangt de verzonden formulieren niet",
        "meerdere schoolopleiders voor deze school: vul de kolom in",
    ),
    (
        "instituutsopleider",
        SchoolRole.INSTITUUTSOPLEIDER,
        "geen instituutsopleider: niemand kan een oordeel in twijfel trekken",
        "meerdere instituutsopleiders voor deze school: vul de kolom in",
    ),
)


# No school has a default werkplekbegeleider: a row without one leaves the student unguided.
NO_WPB = "geen werkplekbegeleider: niemand keurt het leerplan goed of vult het formulier in"


def _account(user: User) -> Person:
    return Person(email=user.email.lower(), name=user.full_name, user=user)


def _complete_from_school(row: RowPlan, look: _Lookups) -> None:
    """A schoolopleider or instituutsopleider left empty is the one assigned to the school for
    that role. With none or several, an existing placement keeps whom it has; otherwise the
    row gets a warning (it can still be imported)."""
    for field_name, role, none_message, several_message in SCHOOL_DEFAULTS:
        if row.guides[field_name] is not None:
            continue
        staff = look.school_staff.get((row.school.pk, role), [])
        if len(staff) == 1:
            user = staff[0]
            row.guides[field_name] = _account(user)
            if row.placement is None:
                row.changes.append(
                    _("%(field_name)s: %(full_name)s (toegewezen aan de school)")
                    % {"field_name": field_name, "full_name": user.full_name}
                )
            continue
        current = getattr(row.placement, field_name) if row.placement else None
        if current is not None:
            row.guides[field_name] = _account(current)
            continue
        row.warnings.append(several_message if staff else none_message)
    if row.guides["werkplekbegeleider"] is None:
        row.warnings.append(NO_WPB)


def _describe_guide_changes(row: RowPlan) -> None:
    placement = row.placement
    for _n, _e, _role, field_name in GUIDES:
        old_user = getattr(placement, field_name)
        new = row.guides[field_name]
        if (old_user.email.lower() if old_user else None) != (new.email if new else None):
            row.changes.append(
                _("%(field_name)s: %(value)s → %(new_value)s")
                % {
                    "field_name": field_name,
                    "value": old_user or "niemand",
                    "new_value": new.name if new else "niemand",
                }
            )


def _periods(periods) -> str:
    return " + ".join(p.name for p in sorted(periods, key=lambda p: (p.start, p.pk)))


def _day(value: date | None) -> str:
    return f"{value:%d-%m-%Y}" if value else "leeg"


def _check_roles_in_file(
    row: RowPlan, v: dict[str, str], students: dict[str, int], guides: dict[str, int]
) -> None:
    """One address is a student or a guide in the file, never both (in any two rows)."""
    email = v["student_email"].lower()
    if email in guides:
        row.error(
            "student_email",
            _("%(email)s staat in rij %(row)s als begeleider; een student is nooit ook begeleider.")
            % {"email": email, "row": guides[email]},
        )
    for _n, email_key, _r, _f in GUIDES:
        email = v[email_key].lower()
        if email and email in students:
            row.error(
                email_key,
                _(
                    "%(email)s staat in rij %(row)s als student; een student is nooit ook "
                    "begeleider."
                )
                % {"email": email, "row": students[email]},
            )


def build_plan(rows: list[SourceRow]) -> ImportPlan:
    """What importing these rows would do, row by row, and every error. Reads the database in
    a fixed number of queries; writes nothing."""
    look = _Lookups(rows)
    consistency = _Consistency()
    # Where each address first appears as a student and as a guide, for `_check_roles_in_file`.
    students: dict[str, int] = {}
    guides: dict[str, int] = {}
    for source in rows:
        students.setdefault(_text(source.values["student_email"]).lower(), source.number)
        for _n, email_key, _r, _f in GUIDES:
            if email := _text(source.values[email_key]).lower():
                guides.setdefault(email, source.number)
    announced: set = set()
    plans = []
    for source in rows:
        row = RowPlan(number=source.number, values=source.values)
        plans.append(row)
        _check_fields(row, look)
        _check_outcome_choice(row, {k: _text(x) for k, x in source.values.items()})
        _check_dates(row)
        v = {k: _text(x) for k, x in source.values.items()}
        student_email = v["student_email"].lower()
        consistency.name(row, "student_name", student_email, v["student_name"])
        for name_key, email_key, _role, _f in GUIDES:
            consistency.name(row, name_key, v[email_key].lower(), v[name_key])
        for field_name, phone_key in PHONES.items():
            email_key = next(e for _n, e, _r, f in GUIDES if f == field_name)
            consistency.phone(row, phone_key, v[email_key].lower(), " ".join(v[phone_key].split()))
        if row.errors:
            continue
        consistency.student(row, v["student_number"], student_email)
        _check_roles_in_file(row, v, students, guides)
        if row.errors:
            continue
        _resolve_student(row, look, announced)
        for name_key, email_key, _role, field_name in GUIDES:
            email = v[email_key].lower()
            person = _person(look, email, v[name_key]) if email else None
            if person is not None and person.user is not None and _is_student(look, person.user):
                row.error(
                    email_key,
                    _(
                        "%(email)s is het account van student %(name)s; een student is nooit "
                        "ook begeleider."
                    )
                    % {"email": email, "name": person.user.full_name},
                )
            if person is not None and not person.name:
                row.error(
                    name_key,
                    _("de naam van %(email)s ontbreekt (nieuw account).") % {"email": email},
                )
            if person is not None and field_name in PHONES:
                person.phone = " ".join(v[PHONES[field_name]].split())
            row.guides[field_name] = person
        if row.errors:
            continue
        _resolve_placement(row, look)
        if row.errors:
            continue
        _complete_from_school(row, look)
        for field_name in PLACEMENT_ONLY:
            if row.guides[field_name] is None and row.placement is not None:
                current = getattr(row.placement, field_name)
                row.guides[field_name] = _account(current) if current else None
        for person in filter(None, row.guides.values()):
            _describe_person(row, person, announced)
        _describe_roles(row, look, announced)
        if row.placement is not None:
            _describe_guide_changes(row)
            _describe_outcome_choice(row)
    return ImportPlan(plans)


# --- Uploads ----------------------------------------------------------------------------------


def pending_upload(user: User, digest: str) -> ImportUpload | None:
    """The file this person uploaded with this fingerprint and has not yet confirmed, or None
    (never someone else's, never an expired one)."""
    return ImportUpload.objects.filter(
        created_by=user,
        digest=digest,
        expires_at__gt=timezone.now(),
        status=ImportStatus.PREVIEW,
    ).first()


def import_run_for_user(user: User, pk: int) -> ImportUpload:
    """An import handed to the worker, for the person who confirmed it; 404 for anyone else
    (another admin included: the file holds personal data)."""
    upload = (
        ImportUpload.objects.filter(pk=pk, created_by=user)
        .exclude(status=ImportStatus.PREVIEW)
        .defer("content")
        .first()
    )
    if upload is None:
        raise Http404
    return upload


# --- Template ---------------------------------------------------------------------------------


def template_csv() -> bytes:
    """The column headers and one example row, the way Dutch Excel writes CSV (`;`, BOM)."""
    return csv_bytes([[c.header for c in COLUMNS], [c.example for c in COLUMNS]])


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Stages"
    sheet.append([c.header for c in COLUMNS])
    sheet.append([c.example for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 26
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
