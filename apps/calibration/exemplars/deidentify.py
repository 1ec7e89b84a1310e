"""The de-identification pipeline of the exemplar bank (calibration-design.md §3.2, steps 1–2).

1. Every name Driehoek knows for the placement (student, werkplekbegeleider, schoolopleider,
   instituutsopleider, opleider, slb'er, the duo partner, the school and its city), whole and
   as first and last name, plus the names the preparer types (colleagues, pupils), becomes a
   role token ("[student]", "[wpb]", "[school]", …). Regexes remove e-mail addresses, URLs,
   phone numbers, student numbers (the placement's and any number of 6–8 digits), class codes
   ("3HAVO-b", "2c", "4vwo", "H3A") and dates ("[datum]").
2. The special-category scan: words of settings.CALIBRATION_SPECIAL_CATEGORY_WORDS found in
   the de-identified text; each hit blocks publication until a reviewer resolves it.

One pass over each text with one combined pattern, so the spans of the original are known
(the reviewer's side-by-side view highlights them) and a token is never replaced again.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

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
# Case-insensitive only where the pattern said so: re's inline flags per group.
_COMPILED_FIXED = "|".join(
    f"(?P<{name}>{'(?i:' + rx + ')' if flags & re.IGNORECASE else rx})"
    for name, rx, flags in PATTERNS
)


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

    def __init__(self, names: dict[str, str]):
        self.names = names
        self.pattern = _pattern(names)

    def spans(self, text: str) -> list[Span]:
        found = []
        for match in self.pattern.finditer(text or ""):
            kind = match.lastgroup
            if kind == "name":
                token = self.names.get(" ".join(match.group().lower().split()), "[naam]")
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


def redactor_for(placement, extra: str | Iterable[str] = ()) -> Redactor:
    names = known_names(placement) if placement is not None else {}
    for part in extra_names(extra):
        names.setdefault(part.lower(), "[naam]")
    return Redactor(names)


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
