"""The de-identification pipeline of the exemplar bank (calibration-design.md §3.2, steps 1–2).

1. Every name Driehoek knows for the placement (student, werkplekbegeleider, schoolopleider,
   instituutsopleider, opleider, slb'er, the duo partner, the school and its city), whole and
   as first and last name, plus the names the preparer types (colleagues, pupils), becomes a
   role token ("[student]", "[wpb]", "[school]", …). Regexes remove e-mail addresses, URLs,
   phone numbers, student numbers (the placement's and any number of 6–8 digits), class codes
   ("3HAVO-b", "2c", "4vwo", "H3A") and dates: a date within the placement becomes its week
   ("[week 3]", week 1 being the week the placement starts), any other date "[datum]".
2. The special-category scan: words of settings.CALIBRATION_SPECIAL_CATEGORY_WORDS found in
   the de-identified text; each hit blocks publication until a reviewer resolves it.

One pass over each text with one combined pattern, so the spans of the original are known
(the reviewer's side-by-side view highlights them) and a token is never replaced again.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

TEXT_FIELDS = (
    "self_reflection",
    "feedback",
    "feed_forward",
    "development_made",
    "development_to_make",
    "motivation",
)

# Tussenvoegsels are never replaced on their own ("de", "van" are ordinary words).
PARTICLES = {
    "de",
    "der",
    "den",
    "van",
    "ter",
    "ten",
    "te",
    "het",
    "'t",
    "in",
    "op",
    "la",
    "le",
    "du",
}

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
DAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
SCHOOL_TYPES = "havo|vwo|vmbo|mavo|gym|atheneum|tl|kb|bb|gt|mbo"

# Order matters where two patterns start at the same place: the first wins.
PATTERNS: list[tuple[str, str, int]] = [
    ("url", r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)]", re.IGNORECASE),
    ("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE),
    (
        "date",
        r"(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?!\d)"
        rf"|(?:(?:{DAYS})\s+)?(?<!\d)\d{{1,2}}(?:e|ste|de)?\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?(?!\w)"
        rf"|(?:{DAYS})\s+\d{{1,2}}[-/]\d{{1,2}}(?!\d)",
        re.IGNORECASE,
    ),
    (
        "phone",
        r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d{1,3}\)?(?:[\s-]?\d){6,8}(?!\d)",
        0,
    ),
    ("studentnumber", r"(?<!\w)[A-Za-z]{1,2}\d{6,8}(?!\w)|(?<!\d)\d{6,8}(?!\d)", 0),
    (
        "classcode",
        rf"(?<![\w-])[1-6]\s?(?i:{SCHOOL_TYPES})(?:[-/]?[a-zA-Z]\d?)?(?![\w-])"
        r"|(?<![\w-])[HVMTGhvmtg][1-6][A-Za-z]?\d?(?![\w-])"
        r"|(?<![\w-])[1-6](?:[a-dfgh]|[ABCFGH])\d?(?![\w-])",
        0,
    ),
]
TOKENS = {
    "url": "[link]",
    "email": "[e-mail]",
    "date": "[datum]",
    "phone": "[telefoon]",
    "studentnumber": "[studentnummer]",
    "classcode": "[klas]",
}
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Case-insensitive only where the pattern said so: re's inline flags per group.
_COMPILED_FIXED = "|".join(
    f"(?P<{name}>{'(?i:' + rx + ')' if flags & re.IGNORECASE else rx})"
    for name, rx, flags in PATTERNS
)


@dataclass(frozen=True)
class Stretch:
    """The placement's first and last day: a date between them becomes a relative week."""

    start: date
    end: date | None = None

    def week_of(self, day: date) -> int | None:
        """The week of the placement `day` falls in (1: the week, Monday to Sunday, of the
        first day), or None outside the placement."""
        if day < self.start or (self.end is not None and day > self.end):
            return None
        first_monday = self.start - timedelta(days=self.start.weekday())
        return (day - first_monday).days // 7 + 1

    def years(self) -> list[int]:
        """Where a date without a year may fall: the years the placement spans."""
        return list(range(self.start.year, (self.end or self.start).year + 1))


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        return 2000 + int(text)
    return None


def dates_meant(text: str, years: list[int]) -> list[date]:
    """The day(s) a date as the date pattern finds it may mean: one day when it has a year
    (ISO, d-m-yyyy, d/m/yy, "3 maart 2026"), one per candidate year when it has none ("3 maart",
    "dinsdag 3-3"), none when it is no real day (31-02-2026) or the year is unclear."""
    text = text.lower()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        found = _day(int(m[1]), int(m[2]), int(m[3]))
        return [found] if found else []
    if m := re.search(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?$", text):
        day, month = int(m[1]), int(m[2])
    elif m := re.search(rf"(\d{{1,2}})(?:e|ste|de)?\s+({MONTHS})\.?(?:\s+(\d{{4}}))?$", text):
        day, month = int(m[1]), MONTH_NUMBERS[m[2]]
    else:
        return []
    if m[3]:
        year = _full_year(m[3])
        found = _day(year, month, day) if year else None
        return [found] if found else []
    return [d for d in (_day(y, month, day) for y in years) if d is not None]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    token: str


def name_parts(full_name: str) -> list[str]:
    """The whole name, the first name, the last name with and without its tussenvoegsels."""
    full = " ".join(full_name.split())
    if not full:
        return []
    words = full.split(" ")
    parts = {full}
    if len(words) > 1:
        parts.add(words[0])
        parts.add(" ".join(words[1:]))
        core = [w for w in words[1:] if w.lower() not in PARTICLES]
        if core:
            parts.add(" ".join(core))
            parts.add(core[-1])
    return [p for p in parts if len(p) >= 2 and p.lower() not in PARTICLES]


def known_names(placement) -> dict[str, str]:
    """Every name of the placement's people and school, with the token that replaces it."""
    people = [
        (placement.student.user, "[student]"),
        (placement.werkplekbegeleider, "[wpb]"),
        (placement.schoolopleider, "[schoolopleider]"),
        (placement.instituutsopleider, "[instituutsopleider]"),
        (placement.opleider, "[opleider]"),
        (placement.studieloopbaanbegeleider, "[slb]"),
    ]
    if placement.duo_partner_id:
        people.append((placement.duo_partner.student.user, "[duopartner]"))
    names: dict[str, str] = {}
    for person, token in people:
        if person is None:
            continue
        for part in name_parts(person.full_name):
            names.setdefault(part.lower(), token)
        names.setdefault(person.email.lower(), "[e-mail]")
    school = placement.school
    for name in (school.name, school.city):
        if name and name.strip():
            names.setdefault(" ".join(name.split()).lower(), "[school]")
    number = placement.student.student_number
    if number:
        names.setdefault(number.lower(), "[studentnummer]")
    return names


def extra_names(text: str | Iterable[str]) -> list[str]:
    """The names a preparer typed (one per line or comma-separated), as name parts."""
    if isinstance(text, str):
        text = re.split(r"[,;\n]", text)
    parts: list[str] = []
    for name in text:
        parts.extend(name_parts(name))
    return parts


def _pattern(names: dict[str, str]) -> re.Pattern:
    # The fixed patterns first: "sanne" at the start of "sanne.devries@..." is part of the
    # e-mail address, which starts at the same place and must win.
    alternatives = [_COMPILED_FIXED]
    if names:
        ordered = sorted(names, key=len, reverse=True)
        words = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
        alternatives.append(f"(?P<name>(?<!\\w)(?i:{words})(?!\\w))")
    return re.compile("|".join(alternatives))


class Redactor:
    """The pipeline for one placement (and the preparer's extra names)."""

    def __init__(self, names: dict[str, str], stretch: Stretch | None = None):
        self.names = names
        self.stretch = stretch
        self.pattern = _pattern(names)

    def date_token(self, text: str) -> str:
        """A date within the placement becomes its relative week ("[week 3]"); any other date,
        or any date when the placement's first day is unknown, "[datum]"."""
        if self.stretch is None:
            return TOKENS["date"]
        weeks = {self.stretch.week_of(d) for d in dates_meant(text, self.stretch.years())}
        weeks.discard(None)
        if len(weeks) != 1:
            return TOKENS["date"]
        return f"[week {weeks.pop()}]"

    def spans(self, text: str) -> list[Span]:
        found = []
        for match in self.pattern.finditer(text or ""):
            kind = match.lastgroup
            if kind == "name":
                token = self.names.get(" ".join(match.group().lower().split()), "[naam]")
            elif kind == "date":
                token = self.date_token(match.group())
            else:
                token = TOKENS[kind]
            found.append(Span(match.start(), match.end(), token))
        return found

    def redact(self, text: str) -> str:
        out, last = [], 0
        for span in self.spans(text):
            out.append(text[last : span.start])
            out.append(span.token)
            last = span.end
        out.append((text or "")[last:])
        return "".join(out)


def stretch_of(placement) -> Stretch | None:
    """The placement's first day (its own, else its first period's) and last day (its own,
    else its last period's); None when no first day is known. Reads `periods.all()` (prefetch
    it for many)."""
    periods = list(placement.periods.all())
    start = placement.start or min((p.start for p in periods), default=None)
    if start is None:
        return None
    end = placement.end or max((p.end for p in periods), default=None)
    return Stretch(start, end)


def redactor_for(placement, extra: str | Iterable[str] = ()) -> Redactor:
    names = known_names(placement) if placement is not None else {}
    for part in extra_names(extra):
        names.setdefault(part.lower(), "[naam]")
    return Redactor(names, stretch_of(placement) if placement is not None else None)


def placement_of_entry(entry):
    return entry.version.form.conversation.placement


def deidentify_entry(entry, extra_names: str | Iterable[str] = ()) -> dict[str, str]:
    """The de-identified text of every text field of a form entry: field -> text."""
    redactor = redactor_for(placement_of_entry(entry), extra_names)
    return {field: redactor.redact(getattr(entry, field)) for field in TEXT_FIELDS}


def _special_pattern() -> re.Pattern:
    words = sorted(settings.CALIBRATION_SPECIAL_CATEGORY_WORDS, key=len, reverse=True)
    alternatives = [
        re.escape(w) + (r"(?!\w)" if len(w) <= 3 else r"[\w-]*") for w in words if w.strip()
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def special_category_hits(texts: dict[str, str]) -> list[dict]:
    """Every special-category word in `texts` (field -> text): [{field, word, excerpt}], each
    unresolved. The same word twice in one field is one hit."""
    pattern = _special_pattern()
    hits: list[dict] = []
    seen = set()
    for field, text in texts.items():
        for match in pattern.finditer(text or ""):
            word = match.group().lower()
            if (field, word) in seen:
                continue
            seen.add((field, word))
            start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
            hits.append(
                {"field": field, "word": word, "excerpt": text[start:end], "resolution": ""}
            )
    return hits


def still_present(hit: dict, texts: dict[str, str]) -> bool:
    """Whether the word of a hit is still in its field (gone: the passage was deleted)."""
    text = texts.get(hit["field"], "")
    return re.search(r"(?<!\w)" + re.escape(hit["word"]), text or "", re.IGNORECASE) is not None
