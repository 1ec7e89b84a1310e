"""CSV the way Excel reads and writes it, in one place.

Every CSV Driehoek writes (the rubric download, the import template, the judgements export,
the quality monitor's export) and every CSV it reads (the rubric upload, the placement import)
goes through this module, so that they all agree:

Writing (`csv_text`, `csv_bytes`): UTF-8 with a byte order mark (without it Excel reads UTF-8
as Windows-1252 and mangles "ë"), `;` between cells (Dutch Excel's list separator), CRLF line
ends. Every text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
`@`, a tab or a carriage return) gets a leading apostrophe, wherever the text came from: a name,
a descriptor, a note (OWASP "CSV injection"). Numbers are written as they are.

Reading (`read_rows`): whatever Excel writes when a user picks "Save as":
- "CSV UTF-8": UTF-8 with a byte order mark; plain UTF-8 from other tools;
- "Unicode-tekst": UTF-16 little endian with a byte order mark, cells separated by tabs
  (big endian with a BOM is read too);
- "CSV (gescheiden door lijstscheidingsteken)": Windows-1252 (or Latin-1 where cp1252 leaves a
  byte undefined).
The separator is `;`, `,` or a tab, whichever the first line has most of. A cell written with
the apostrophe above is read back without it, so a downloaded file uploads unchanged. A file
that still cannot be read raises `UnreadableFile` with a Dutch message, never a 500.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

# What a spreadsheet takes for the start of a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (";", ",", "\t")
# Characters no spreadsheet cell holds (C0 and C1 controls except tab, LF and CR).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Excel's own field limit is 32,767 characters; the csv module's default (131,072) is enough,
# and anything longer is not a spreadsheet cell.


class UnreadableFile(Exception):
    """The bytes are not a CSV file Excel (or anything else) could have written; the message is
    Dutch and can be shown as it is."""


def safe_cell(value: object) -> str | int | float | Decimal:
    """`value` as a cell that a spreadsheet shows and never runs: text starting with a formula
    character gets a leading apostrophe; numbers stay numbers; None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def restore_cell(text: str) -> str:
    """The inverse of `safe_cell` for text: an apostrophe before a formula character goes."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """The rows as Excel-dialect CSV text, starting with the byte order mark, every cell made
    safe (`safe_cell`)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """`csv_text` encoded as UTF-8 (the byte order mark included), ready for a download."""
    return csv_text(rows).encode("utf-8")


def _unreadable() -> UnreadableFile:
    return UnreadableFile(
        _(
            "Het bestand is geen leesbaar CSV-bestand. Sla het in Excel op als ‘CSV UTF-8 "
            "(door komma's gescheiden)’ en upload het opnieuw."
        )
    )


def _looks_like_utf16(content: bytes) -> str | None:
    """Without a byte order mark: UTF-16 text of mostly Western letters has a NUL in every
    other byte. Returns the codec, or None."""
    sample = content[:2000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode(content: bytes) -> str:
    """The text of a file Excel wrote (see the module docstring for which encodings), without
    a byte order mark. Raises UnreadableFile when no encoding gives text."""
    if content.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        candidates = ["utf-32"]
    elif content.startswith(codecs.BOM_UTF16_LE):
        candidates = ["utf-16-le"]
        content = content[2:]
    elif content.startswith(codecs.BOM_UTF16_BE):
        candidates = ["utf-16-be"]
        content = content[2:]
    elif utf16 := _looks_like_utf16(content):
        candidates = [utf16]
    else:
        candidates = ["utf-8", "cp1252", "latin-1"]
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Control characters all over text that decoded "fine" mean a binary file (or a wrong
        # guess); one in a cell of a real spreadsheet is left to the caller to refuse by row.
        if len(CONTROL_CHARACTERS.findall(text[:20000])) > max(2, len(text[:20000]) // 100):
            raise _unreadable()
        return text
    raise _unreadable()


def _separator(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max(SEPARATORS, key=lambda s: (first_line.count(s), s == ";"))


def read_rows(content: bytes) -> list[list[str]]:
    """The cells of a CSV file, row by row, as text (see the module docstring for what is
    read). Raises UnreadableFile (a Dutch message) when the bytes are not such a file."""
    text = decode(content)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text)))
    except csv.Error as exc:
        raise _unreadable() from exc
    return [[restore_cell(cell) for cell in row] for row in rows]
