"""An observation instrument as a CSV file: one row per item.

Written and read like a rubric's file (apps/rubrics/csvfile.py): UTF-8 with a byte order mark,
`;` between cells; reading also takes Windows-1252 and `,`. Columns: instrument (the key),
versie (informative), volgorde, onderdeel, leeruitkomst (the code of the learning outcome the
item shows), item. Reading checks the whole file and reports every problem with its row number
(the header is row 1); it never writes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.cycle.models import ObservationInstrument
from apps.outcomes.models import LearningOutcome
from apps.rubrics.csvfile import _table

HEADER = ["instrument", "versie", "volgorde", "onderdeel", "leeruitkomst", "item"]


class InstrumentFileError(Exception):
    """The file cannot be loaded; `errors` lists every problem found, in Dutch."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ItemRow:
    position: int
    section: str
    outcome_code: str
    text: str


def read_instrument_csv(instrument: ObservationInstrument, content: bytes) -> list[ItemRow]:
    """The items of a CSV file for `instrument`, or InstrumentFileError listing every problem
    with its row number: wrong header, wrong number of cells, another instrument, bad or
    duplicate order, empty section or item, unknown learning outcome. One query (the codes)."""
    table = _table(content)
    header = [cell.strip().lower() for cell in table[0]] if table else []
    if header != HEADER:
        raise InstrumentFileError(
            [
                _("Rij 1: de kopregel klopt niet. Verwacht: %(header)s.")
                % {"header": "; ".join(HEADER)}
            ]
        )
    codes = set(LearningOutcome.objects.values_list("code", flat=True))
    errors: list[str] = []
    rows: dict[int, ItemRow] = {}
    first: dict[int, int] = {}

    def error(number: int, message: str) -> None:
        errors.append(_("Rij %(n)d: %(message)s") % {"n": number, "message": message})

    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADER):
            error(
                number,
                _("verwacht %(want)d kolommen, gevonden %(got)d.")
                % {"want": len(HEADER), "got": len(cells)},
            )
            continue
        slug, _version, position, section, code, text = (c.strip() for c in cells)
        before = len(errors)
        if slug != instrument.slug:
            error(
                number,
                _("deze rij hoort bij instrument ‘%(other)s’, niet bij ‘%(slug)s’.")
                % {"other": slug, "slug": instrument.slug},
            )
        if not position.isdigit() or int(position) < 1:
            error(number, _("‘volgorde’ moet een heel getal vanaf 1 zijn."))
        elif int(position) in first:
            error(
                number,
                _("volgorde %(pos)s staat al op rij %(first)d.")
                % {"pos": position, "first": first[int(position)]},
            )
        if not section:
            error(number, _("het onderdeel ontbreekt."))
        if code not in codes:
            error(number, _("onbekende leeruitkomst ‘%(code)s’.") % {"code": code})
        if not text:
            error(number, _("het item is leeg."))
        if len(errors) == before:
            rows[int(position)] = ItemRow(int(position), section, code, text)
            first[int(position)] = number
    if not rows and not errors:
        errors.append(_("Het bestand bevat geen rijen onder de kopregel."))
    if errors:
        raise InstrumentFileError(errors)
    return [row for _position, row in sorted(rows.items())]
