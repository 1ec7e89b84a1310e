"""A rubric as a CSV file: one row per (role ×) dimension × level.

The file is written and read the way Dutch Excel does (`apps.core.excel_csv`): written as
UTF-8 with a byte order mark, `;` between cells, cells safe from formulas; read in any encoding
Excel saves (UTF-8, UTF-16 "Unicode-tekst", Windows-1252) with `;`, `,` or a tab between cells.
A file that cannot be read at all is a whole-file error like any other, never a 500.

Columns: rubric (the key), versie, rol, volgorde dimensie, dimensie, volgorde niveau, niveau,
omschrijving. On import the levels are the rubric's own (a level is known by its name, its
order column is for sorting only) and `versie` is informative: the file is loaded onto the
rubric it is uploaded to. Reading checks the whole file and reports every problem with its
row number (the header is row 1); it never writes.
"""

from django.utils.translation import gettext as _

from apps.core.excel_csv import UnreadableFile, csv_bytes, read_rows
from apps.rubrics.models import Rubric, RubricKind
from apps.rubrics.services import DimensionContent, rubric_content

HEADER = [
    "rubric",
    "versie",
    "rol",
    "volgorde dimensie",
    "dimensie",
    "volgorde niveau",
    "niveau",
    "omschrijving",
]


class RubricFileError(Exception):
    """The file cannot be loaded; `errors` lists every problem found, in Dutch."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def filename(rubric: Rubric, extension: str) -> str:
    return f"{rubric.slug}-v{rubric.version}.{extension}"


def rubric_csv(rubric: Rubric) -> bytes:
    """The rubric as CSV (three queries)."""
    levels = list(rubric.levels.all())
    rows = [HEADER]
    for row in rubric_content(rubric):
        for level in levels:
            rows.append(
                [
                    rubric.slug,
                    rubric.version,
                    row.role,
                    row.position,
                    row.name,
                    level.position,
                    level.name,
                    row.texts.get(level.name, ""),
                ]
            )
    return csv_bytes(rows)


def _table(content: bytes) -> list[list[str]]:
    try:
        return read_rows(content)
    except UnreadableFile as exc:
        raise RubricFileError([str(exc)]) from exc


class _Reader:
    """Collects every problem of a file instead of stopping at the first one."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.levels = list(rubric.levels.values_list("name", flat=True))
        self.errors: list[str] = []
        self.rows: dict[int, DimensionContent] = {}  # position -> row
        self.first_row: dict[int, int] = {}  # position -> file row where it first appears
        self.names: dict[tuple[str, str], tuple[int, int]] = {}  # (role, name) -> (pos, row)
        self.cells: dict[tuple[int, str], int] = {}  # (position, level) -> file row
        # Dimensions with a row in error: a cell missing there is already explained.
        self.broken: set[int] = set()

    def error(self, number: int, message: str) -> None:
        self.errors.append(_("Rij %(n)d: %(message)s") % {"n": number, "message": message})

    def read(self, number: int, cells: list[str]) -> None:
        if len(cells) != len(HEADER):
            self.error(
                number,
                _("verwacht %(want)d kolommen, gevonden %(got)d.")
                % {"want": len(HEADER), "got": len(cells)},
            )
            return
        slug, _version, role, position, name, _order, level, text = (c.strip() for c in cells)
        problems = len(self.errors)
        if slug != self.rubric.slug:
            self.error(
                number,
                _("deze rij hoort bij rubric ‘%(other)s’, niet bij ‘%(slug)s’.")
                % {"other": slug, "slug": self.rubric.slug},
            )
        if self.rubric.kind == RubricKind.ROLE and not role:
            self.error(number, _("de rol ontbreekt."))
        if self.rubric.kind != RubricKind.ROLE and role:
            self.error(number, _("deze rubric heeft geen rollen; laat ‘rol’ leeg."))
        if not position.isdigit() or int(position) < 1:
            self.error(number, _("‘volgorde dimensie’ moet een heel getal vanaf 1 zijn."))
        if not name:
            self.error(number, _("de naam van de dimensie ontbreekt."))
        if level not in self.levels:
            self.error(
                number,
                _("onbekend niveau ‘%(level)s’; deze rubric kent: %(known)s.")
                % {"level": level, "known": ", ".join(self.levels)},
            )
        if not text:
            self.error(number, _("de omschrijving is leeg."))
        if len(self.errors) == problems:
            self.place(number, int(position), name, role, level, text)
        elif position.isdigit():
            self.broken.add(int(position))

    def place(self, number: int, position: int, name: str, role: str, level: str, text: str):
        row = self.rows.get(position)
        if row is not None and (row.name, row.role) != (name, role):
            self.error(
                number,
                _(
                    "dubbele dimensie: volgorde %(pos)d is op rij %(first)d al ‘%(name)s’; "
                    "geef elke dimensie een eigen volgorde."
                )
                % {"pos": position, "first": self.first_row[position], "name": row.name},
            )
            return
        seen = self.names.get((role, name))
        if seen is not None and seen[0] != position:
            self.error(
                number,
                _("dubbele dimensie ‘%(name)s’: die staat al op rij %(first)d (volgorde %(pos)d).")
                % {"name": name, "first": seen[1], "pos": seen[0]},
            )
            return
        if (position, level) in self.cells:
            self.error(
                number,
                _("niveau ‘%(level)s’ van dimensie ‘%(name)s’ staat al op rij %(first)d.")
                % {"level": level, "name": name, "first": self.cells[(position, level)]},
            )
            return
        if row is None:
            row = self.rows[position] = DimensionContent(position, name, role)
            self.first_row[position] = number
            self.names[(role, name)] = (position, number)
        self.cells[(position, level)] = number
        row.texts[level] = text

    def finish(self) -> list[DimensionContent]:
        for position, row in sorted(self.rows.items()):
            if position in self.broken:
                continue
            for level in self.levels:
                if level not in row.texts:
                    self.error(
                        self.first_row[position],
                        _("dimensie ‘%(name)s’ mist een omschrijving voor niveau ‘%(level)s’.")
                        % {"name": row.name, "level": level},
                    )
        if not self.rows and not self.errors:
            self.errors.append(_("Het bestand bevat geen rijen onder de kopregel."))
        if self.errors:
            raise RubricFileError(self.errors)
        return [row for _position, row in sorted(self.rows.items())]


def read_rubric_csv(rubric: Rubric, content: bytes) -> list[DimensionContent]:
    """The content of a CSV file for `rubric`, or RubricFileError listing every problem with
    its row number: wrong header, wrong number of cells, another rubric, missing or surplus
    role, bad order, unknown level, empty descriptor, duplicate dimension or cell, and a
    dimension missing a level. Reads the rubric's levels (one query); writes nothing."""
    table = _table(content)
    header = [cell.strip().lower() for cell in table[0]] if table else []
    if header != HEADER:
        raise RubricFileError(
            [
                _("Rij 1: de kopregel klopt niet. Verwacht: %(header)s.")
                % {"header": "; ".join(HEADER)}
            ]
        )
    reader = _Reader(rubric)
    for number, cells in enumerate(table[1:], start=2):
        if any(cell.strip() for cell in cells):
            reader.read(number, cells)
    return reader.finish()
