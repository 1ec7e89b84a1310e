"""The Excel-dialect CSV helpers: every encoding Excel saves is read, every file written is safe."""

import codecs

import pytest

from apps.core.excel_csv import UnreadableFile, csv_bytes, csv_text, read_rows, safe_cell

ROWS = [["naam", "school"], ["Zoë Çelik", "Het Stedelijk"]]


def excel(text: str, encoding: str, bom: bytes = b"") -> bytes:
    return bom + text.encode(encoding)


@pytest.mark.parametrize(
    "content",
    [
        excel("naam;school\r\nZoë Çelik;Het Stedelijk\r\n", "utf-8", codecs.BOM_UTF8),
        excel("naam;school\nZoë Çelik;Het Stedelijk\n", "utf-8"),
        excel("naam,school\r\nZoë Çelik,Het Stedelijk\r\n", "cp1252"),
        excel("naam;school\r\nZoë Çelik;Het Stedelijk\r\n", "latin-1"),
        excel("naam\tschool\r\nZoë Çelik\tHet Stedelijk\r\n", "utf-16-le", codecs.BOM_UTF16_LE),
        excel("naam\tschool\r\nZoë Çelik\tHet Stedelijk\r\n", "utf-16-be", codecs.BOM_UTF16_BE),
        excel("naam;school\r\nZoë Çelik;Het Stedelijk\r\n", "utf-16-le"),
    ],
    ids=[
        "utf8-bom",
        "utf8",
        "cp1252-comma",
        "latin1",
        "utf16le-tabs",
        "utf16be-tabs",
        "utf16-nobom",
    ],
)
def test_every_encoding_excel_saves_is_read(content):
    assert read_rows(content) == ROWS


def test_a_cp1252_only_character_is_read():
    assert read_rows("naam\r\n“Dré”\r\n".encode("cp1252")) == [["naam"], ["“Dré”"]]


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 20,  # binary
        b"PK\x03\x04" + b"\x00" * 400,  # a zip (XLSX) named .csv
        b'naam;school\r\n"open quote\x00;\r\n' + b"x" * 200_000,  # a field over the limit
    ],
    ids=["binary", "zip", "huge-field"],
)
def test_an_unreadable_file_is_a_dutch_error(content):
    with pytest.raises(UnreadableFile, match="geen leesbaar CSV-bestand"):
        read_rows(content)


def test_writing_uses_a_bom_semicolons_and_crlf():
    data = csv_bytes(ROWS)
    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig") == "naam;school\r\nZoë Çelik;Het Stedelijk\r\n"


@pytest.mark.parametrize("text", ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_cell_gets_an_apostrophe(text):
    assert safe_cell(text) == f"'{text}"


def test_every_written_cell_is_made_safe():
    assert csv_text([["=1+1", "@x"]]) == "\ufeff'=1+1;'@x\r\n"


def test_numbers_stay_numbers_and_none_is_empty():
    assert [safe_cell(v) for v in (-2, 1.5, None, "a-b")] == [-2, 1.5, "", "a-b"]


def test_what_is_written_reads_back_the_same():
    rows = [['=HYPERLINK("x")', "-", "gewoon"], ["@a", "Zoë", ""]]
    assert read_rows(csv_bytes(rows)) == rows
