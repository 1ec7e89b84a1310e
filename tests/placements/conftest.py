"""Shared data for the import tests: one school, one programme, two periods, and a helper that
writes import files the way Excel does."""

import csv
import io
from datetime import date

import pytest

from apps.placements.importing.selectors import COLUMNS
from tests.factories import PeriodFactory, ProgrammeFactory, SchoolFactory


@pytest.fixture
def catalogue(db):
    return {
        "school": SchoolFactory(name="Het Stedelijk College"),
        "other_school": SchoolFactory(name="Montessori Lyceum"),
        "programme": ProgrammeFactory(code="BI", name="Leraar biologie"),
        "blok3": PeriodFactory(name="Blok 3", start=date(2027, 2, 1), end=date(2027, 3, 29)),
        "blok4": PeriodFactory(name="Blok 4", start=date(2027, 4, 5), end=date(2027, 5, 31)),
    }


def import_row(**overrides) -> dict[str, str]:
    """One valid row, by column key; override what a test is about."""
    row = {
        "student_number": "500123",
        "student_name": "Sanne de Vries",
        "student_email": "sanne@student.example.nl",
        "programme": "BI",
        "year": "2",
        "mode": "voltijd",
        "school": "Het Stedelijk College",
        "wpb_name": "Wim Jansen",
        "wpb_email": "wim@school.example.nl",
        "so_name": "Sandra Bakker",
        "so_email": "sandra@school.example.nl",
        "io_name": "Ingrid Visser",
        "io_email": "ingrid@instituut.example.nl",
        "opleider_name": "",
        "opleider_email": "",
        "slb_name": "",
        "slb_email": "",
        "periods": "Blok 3",
        "start": "",
        "end": "",
    }
    row.update(overrides)
    return row


def csv_file(*rows: dict, delimiter: str = ";") -> bytes:
    """A CSV the way Dutch Excel saves it: `;`-separated, UTF-8 with BOM, Dutch headers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([c.header for c in COLUMNS])
    for row in rows:
        writer.writerow([row.get(c.key, "") for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def xlsx_file(*rows: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
