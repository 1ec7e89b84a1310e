"""A WI student in the pilot, imported through the import page, gets the outcome set of the
handbook on her form (5.5: "*studenten tonen 2 luks aan in jaar 2 en de overige in jaar 3
afhankelijk van het programma op de werkplek").

The database starts as a real institute starts (seed fixtures and a superuser); the
praktijkbureau prepares the year in the admin and imports the file; the werkplekbegeleider
comes in through the invitation and opens the tussenevaluatie.
"""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.test_real_year import (
    ADMIN,
    INSTITUTE,
    MENTOR,
    SCHOOL,
    SCHOOLOPLEIDER,
    STUDENT,
    YEAR_TWO_OUTCOMES,
    accept_invitation,
    admin_add,
    click,
    expect_text,
    follow,
    institute_starts,
    log_in,
    open_browser,  # noqa: F401 (a fixture)
    open_form,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRAMME = ("WI", "Lerarenopleiding Wiskunde")
YEAR_TWO = ["Vakdidactiek algebra", "vakdidactiek meetkunde"]
YEAR_THREE = ["vakdidactiek rekenen", "vakdidactiek statistiek"]


def prepare_year(admin, base: str, period: tuple) -> None:
    admin_add(admin, base, "Instituten", lambda page: page.get_by_label("Naam").fill(INSTITUTE))

    def programme(page):
        page.get_by_label("Instituut").select_option(label=INSTITUTE)
        page.get_by_label("Code").fill(PROGRAMME[0])
        page.get_by_label("Naam").fill(PROGRAMME[1])
        for title in YEAR_TWO_OUTCOMES:
            page.get_by_label(re.compile(re.escape(title), re.I)).check()
        for title in YEAR_TWO + YEAR_THREE:
            page.get_by_label(f"WI {title}", exact=True).check()

    def school(page):
        page.get_by_label("Naam").fill(SCHOOL[0])
        page.get_by_label("Plaats").fill(SCHOOL[1])

    def blok(page):
        page.get_by_label("Naam").fill("Blok 3")
        page.get_by_label("Begindatum").fill(f"{period[0]:%d-%m-%Y}")
        page.get_by_label("Einddatum").fill(f"{period[1]:%d-%m-%Y}")

    admin_add(admin, base, "Opleidingen", programme)
    admin_add(admin, base, "Scholen", school)
    admin_add(admin, base, "Periodes", blok)


def import_file(tmp_path: Path) -> Path:
    row = {
        "studentnummer": "2087342",
        "naam student": STUDENT.name,
        "e-mail student": STUDENT.email,
        "opleiding": PROGRAMME[0],
        "studiejaar": "2",
        "voltijd/deeltijd": "voltijd",
        "school": SCHOOL[0],
        "naam werkplekbegeleider": MENTOR.name,
        "e-mail werkplekbegeleider": MENTOR.email,
        "naam schoolopleider": SCHOOLOPLEIDER.name,
        "e-mail schoolopleider": SCHOOLOPLEIDER.email,
        "naam instituutsopleider": "",
        "e-mail instituutsopleider": "",
        "periode": "Blok 3",
        "begindatum": "",
        "einddatum": "",
        "pilot vakdidactiek": "ja",
        "vakdidactiek jaar 2": " + ".join(YEAR_TWO),
        "professionele houding behaald": "ja",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(row)
    path = tmp_path / "stages-wiskunde.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def test_an_imported_wi_student_in_the_pilot_has_two_subject_outcomes_on_her_form(
    open_browser,  # noqa: F811
    live_server,
    tmp_path,
    monkeypatch,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    today = timezone.localdate()
    institute_starts(monkeypatch)
    for person in (ADMIN, MENTOR):
        open_browser(person)

    log_in(ADMIN, base)
    prepare_year(ADMIN, base, (today - timedelta(weeks=2), today + timedelta(weeks=6)))
    visit(ADMIN, f"{base}/", "praktijkbureau-overzicht")
    follow(ADMIN, "Importeren", "import")
    ADMIN.page.get_by_label(re.compile("Bestand", re.I)).set_input_files(str(import_file(tmp_path)))
    click(ADMIN, "Voorbeeld bekijken", "import-voorbeeld")
    expect_text(ADMIN, "Nieuwe stage")
    click(ADMIN, "Bevestigen en importeren", "import-klaar")
    expect_text(ADMIN, "Import voltooid: 1 nieuwe stage,")

    accept_invitation(MENTOR, base)
    open_form(MENTOR, base, "Tussenevaluatie")
    page = MENTOR.page.content()
    for title in YEAR_TWO:
        assert title in page
    for title in YEAR_THREE:
        assert title not in page
