"""In real Chromium: the praktijkbureau imports a placement, the new werkplekbegeleider opens
the invitation link from the mail, chooses a password and lands on their dashboard."""

import re
from datetime import date

import pytest
from django.core import mail

from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import PeriodFactory, ProgrammeFactory, SchoolFactory
from tests.placements.conftest import csv_file, import_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_imported_mentor_gets_in_through_the_invitation(page, live_server, admin_user, tmp_path):
    SchoolFactory(name="Het Stedelijk College")
    ProgrammeFactory(code="BI", name="Leraar biologie")
    PeriodFactory(name="Blok 3", start=date(2027, 2, 1), end=date(2027, 3, 29))
    upload = tmp_path / "stages.csv"
    upload.write_bytes(csv_file(import_row()))
    base = live_server.url

    log_in(page, base, admin_user.email)
    visit(page, f"{base}/stages/import/")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(upload))
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen en importeren").click()
    assert page.get_by_text("Import voltooid").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Uitnodigingen").click()
    assert page.get_by_text("wim@school.example.nl").is_visible()
    assert_accessible(page)

    message = next(m for m in mail.outbox if m.to == ["wim@school.example.nl"])
    link = re.search(r"http://\S+/accounts/uitnodiging/\S+/", message.body).group(0)
    assert link.startswith(f"{base}/")
    page.context.clear_cookies()
    visit(page, link)
    page.get_by_label("Kies een wachtwoord").fill("Zonnebloem-73-pad")
    page.get_by_label("Herhaal het wachtwoord").fill("Zonnebloem-73-pad")
    page.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_text("Welkom bij Driehoek, Wim!").is_visible()
    assert page.get_by_role("heading", name="Als werkplekbegeleider").first.is_visible()
    assert_accessible(page)

    visit(page, link)  # the link worked once
    assert page.get_by_role("heading", name="Deze link werkt niet meer").is_visible()
