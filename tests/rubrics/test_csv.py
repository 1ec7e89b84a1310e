"""A rubric to CSV and back: the export's shape, the round trip, and every validation error
reported with its row number while nothing is written."""

import csv
import io

import pytest

from apps.accounts.models import AuditEvent
from apps.rubrics.csvfile import HEADER, RubricFileError, read_rubric_csv, rubric_csv
from apps.rubrics.models import Descriptor, Rubric, RubricKind
from apps.rubrics.services import rubric_content, rubric_replace_content
from tests.factories import make_rubric

pytestmark = pytest.mark.django_db


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def errors_for(rubric: Rubric, rows: list[list[str]]) -> list[str]:
    with pytest.raises(RubricFileError) as caught:
        read_rubric_csv(rubric, as_csv(rows))
    return caught.value.errors


@pytest.fixture
def rubric():
    return make_rubric(roles=("Coach", "Beoordelaar"), dimensions=2)


@pytest.fixture
def exported(rubric):
    return rows_of(rubric_csv(rubric))


def test_export_is_excel_csv_with_bom_semicolons_and_one_row_per_dimension_and_level(rubric):
    data = rubric_csv(rubric)

    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]
    rows = rows_of(data)
    assert rows[0] == HEADER
    assert len(rows) == 1 + 2 * 2 * 3  # roles × dimensions × levels
    assert rows[1] == [
        rubric.slug,
        "1",
        "Coach",
        "1",
        "Coach: dimensie 1",
        "1",
        "Volgend",
        "Coach: dimensie 1 – Volgend",
    ]


def test_importing_the_export_unchanged_changes_nothing(admin_user, rubric):
    content = read_rubric_csv(rubric, rubric_csv(rubric))

    change = rubric_replace_content(by=admin_user, rubric=rubric, content=content)

    assert (change.rubric, change.new_version, change.changed) == (rubric, False, 0)
    assert Rubric.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="rubric").exists()
    assert content == rubric_content(rubric)


def test_a_corrected_cell_comes_through(rubric, exported):
    exported[3][7] = "  Nieuwe omschrijving  "

    content = read_rubric_csv(rubric, as_csv(exported))

    assert content[0].texts["Relaterend"] == "Nieuwe omschrijving"


def test_commas_and_windows_1252_from_excel_are_read(rubric, exported):
    exported[1][7] = "Één café"
    out = io.StringIO()
    csv.writer(out, delimiter=",").writerows(exported)

    content = read_rubric_csv(rubric, out.getvalue().encode("cp1252"))

    assert content[0].texts["Volgend"] == "Één café"


def test_a_wrong_header_is_reported_on_row_1(rubric, exported):
    exported[0][7] = "tekst"

    assert errors_for(rubric, exported) == [
        "Rij 1: de kopregel klopt niet. Verwacht: " + "; ".join(HEADER) + "."
    ]


def test_an_unknown_level_is_reported_with_its_row(rubric, exported):
    exported[2][6] = "Creërend"

    errors = errors_for(rubric, exported)

    assert errors[0] == (
        "Rij 3: onbekend niveau ‘Creërend’; deze rubric kent: Volgend, Herkennend, Relaterend."
    )


def test_an_empty_descriptor_is_reported_with_its_row(rubric, exported):
    exported[5][7] = " "

    assert errors_for(rubric, exported) == ["Rij 6: de omschrijving is leeg."]


def test_a_missing_cell_is_reported_on_the_dimensions_first_row(rubric, exported):
    del exported[3]  # Coach: dimensie 1 – Relaterend

    assert errors_for(rubric, exported) == [
        "Rij 2: dimensie ‘Coach: dimensie 1’ mist een omschrijving voor niveau ‘Relaterend’."
    ]


def test_a_duplicate_dimension_is_reported_with_both_rows(rubric, exported):
    for row in exported[4:7]:  # dimensie 2 named like dimensie 1
        row[4] = "Coach: dimensie 1"

    errors = errors_for(rubric, exported)

    assert errors[0] == (
        "Rij 5: dubbele dimensie ‘Coach: dimensie 1’: die staat al op rij 2 (volgorde 1)."
    )


def test_two_dimensions_on_one_order_are_a_duplicate(rubric, exported):
    exported[4][3] = "1"

    errors = errors_for(rubric, exported)

    assert errors[0].startswith("Rij 5: dubbele dimensie: volgorde 1 is op rij 2 al")


def test_a_cell_given_twice_is_reported(rubric, exported):
    exported.append(list(exported[1]))

    assert errors_for(rubric, exported) == [
        "Rij 14: niveau ‘Volgend’ van dimensie ‘Coach: dimensie 1’ staat al op rij 2."
    ]


def test_every_error_of_the_file_is_listed_at_once(rubric, exported):
    exported[2][6] = "Onbekend"
    exported[8][7] = ""
    exported[10][0] = "andere-rubric"

    errors = errors_for(rubric, exported)

    assert [e.split(":")[0] for e in errors] == ["Rij 3", "Rij 9", "Rij 11"]


def test_a_role_rubric_needs_a_role_and_a_phase_table_has_none(rubric, exported):
    exported[1][2] = ""
    phases = make_rubric(kind=RubricKind.PHASES, dimensions=1, levels=("Beginfase",))
    phase_rows = rows_of(rubric_csv(phases))
    phase_rows[1][2] = "Coach"

    assert "Rij 2: de rol ontbreekt." in errors_for(rubric, exported)
    assert errors_for(phases, phase_rows) == [
        "Rij 2: deze rubric heeft geen rollen; laat ‘rol’ leeg."
    ]


def test_a_bad_order_and_a_short_row_are_reported(rubric, exported):
    exported[1][3] = "een"
    exported[2] = exported[2][:5]

    errors = errors_for(rubric, exported)

    assert errors[:2] == [
        "Rij 2: ‘volgorde dimensie’ moet een heel getal vanaf 1 zijn.",
        "Rij 3: verwacht 8 kolommen, gevonden 5.",
    ]


def test_an_invalid_file_writes_nothing(client, admin_user, rubric, exported):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    exported[1][7] = "Gewijzigd"
    exported[2][6] = "Onbekend"
    before = list(Descriptor.objects.order_by("pk").values_list("text", flat=True))
    client.force_login(admin_user)

    response = client.post(
        reverse("rubrics:import", args=[rubric.pk]),
        {"file": SimpleUploadedFile("r.csv", as_csv(exported), content_type="text/csv")},
    )

    assert response.status_code == 400
    assert "Rij 3: onbekend niveau ‘Onbekend’" in response.content.decode()
    assert list(Descriptor.objects.order_by("pk").values_list("text", flat=True)) == before
