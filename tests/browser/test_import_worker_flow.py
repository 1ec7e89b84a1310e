"""In real Chromium: a large import is confirmed on the task worker, and the praktijkbureau
follows it on its page until it says what it did."""

from datetime import date

import pytest

from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import PeriodFactory, ProgrammeFactory, SchoolFactory
from tests.placements.conftest import csv_file, import_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_import_runs_on_the_worker_and_its_page_follows_it(
    page, live_server, admin_user, tmp_path, settings
):
    settings.IMPORT_IN_BACKGROUND_ROWS = 1  # two rows count as large here
    SchoolFactory(name="Het Stedelijk College")
    ProgrammeFactory(code="BI", name="Leraar biologie")
    PeriodFactory(name="Blok 3", start=date(2027, 2, 1), end=date(2027, 3, 29))
    upload = tmp_path / "stages.csv"
    second = import_row(
        student_number="500002", student_email="eva@student.example.nl", student_name="Eva Smit"
    )
    upload.write_bytes(csv_file(import_row(), second))
    base = live_server.url

    log_in(page, base, admin_user.email)
    visit(page, f"{base}/stages/import/")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(upload))
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen en importeren").click()
    page.wait_for_url("**/voortgang/")
    # The test suite's worker runs the task as soon as the request commits; the page reloads
    # itself every three seconds until the import has finished.
    page.get_by_text("Import voltooid: 2 nieuwe stages").wait_for(timeout=15_000)
    assert_accessible(page)
