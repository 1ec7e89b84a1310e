"""In real Chromium: a schoolopleider from an import sets up a kalibratiesessie, two
participants judge blind on a phone-sized screen, the moderator shows the spread and records an
agreement, and the instituutsopleider makes it a beslisregel.

The constructed exemplar is made with a factory in the set-up: the exemplar bank's pages
(calbank) are not on this branch; the lead replaces that step with the walk through the bank."""

import re
from datetime import date

import pytest
from django.core import mail

from apps.accounts.services import invitation_accept
from apps.outcomes.models import KijkkaderDimension
from apps.placements.importing.selectors import read_table
from apps.placements.importing.services import placements_import
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import (
    ExemplarFactory,
    LearningOutcomeFactory,
    PeriodFactory,
    ProgrammeFactory,
    SchoolFactory,
)
from tests.placements.conftest import csv_file, import_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zonnebloem-73-pad"


def imported_staff(admin_user):
    """The praktijkbureau's import; everyone chooses a password through their invitation."""
    SchoolFactory(name="Het Stedelijk College")
    ProgrammeFactory(code="BI", name="Leraar biologie")
    PeriodFactory(name="Blok 3", start=date(2027, 2, 1), end=date(2027, 3, 29))
    rows = csv_file(
        import_row(),
        import_row(
            student_number="500124",
            student_name="Bram Smit",
            student_email="bram@student.example.nl",
            wpb_name="Willem de Boer",
            wpb_email="willem@school.example.nl",
        ),
    )
    placements_import(by=admin_user, rows=read_table("stages.csv", rows))
    for message in mail.outbox:
        found = re.search(r"/accounts/uitnodiging/([^/\s]+)/", message.body)
        if found:
            invitation_accept(token=found.group(1), password=PASSWORD)


def judge_all(page, verdict: str, motivation: str) -> None:
    for section in page.locator("section.card").all():
        section.get_by_label("Je past consequent routines toe.").check()
        section.get_by_label(verdict, exact=True).check()
        section.get_by_label("Motivatie").fill(motivation)


def test_a_session_from_set_up_to_beslisregel(page, live_server, admin_user):
    imported_staff(admin_user)
    outcome = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat")
    dimension = KijkkaderDimension.objects.create(outcome=outcome, position=1, name="Routines")
    dimension.indicators.create(position=1, text="Je past consequent routines toe.")
    ExemplarFactory(outcome=outcome, state="gepubliceerd", title="Voorbeeld routines")
    base = live_server.url

    log_in(page, base, "sandra@school.example.nl", PASSWORD)
    visit(page, f"{base}/kalibreren/sessies/")
    page.get_by_role("link", name="Nieuwe kalibratiesessie").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Kalibratie leerklimaat")
    page.get_by_label("Schooljaar").fill("2026-2027")
    page.get_by_label("5.1 Positief leerklimaat").check()
    page.get_by_label("Datum bijeenkomst").fill("2026-11-12")
    page.get_by_label("Moderator").select_option(label="Sandra Bakker")
    page.get_by_label("Notulist").select_option(label="Ingrid Visser")
    page.get_by_label(re.compile(r"5\.1 · Voorbeeld routines")).check()
    page.get_by_label("Willem de Boer").check()
    page.get_by_label("Wim Jansen").check()
    page.get_by_role("button", name="Sessie aanmaken").click()
    assert page.get_by_text("De kalibratiesessie is aangemaakt").is_visible()
    assert_accessible(page)
    session_url = page.url

    page.set_viewport_size({"width": 390, "height": 844})
    for email, verdict in (
        ("wim@school.example.nl", "Voldaan"),
        ("willem@school.example.nl", "Niet voldaan"),
    ):
        log_in(page, base, email, PASSWORD)
        visit(page, session_url)
        page.get_by_role("link", name="Voorbeelden beoordelen").click()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        judge_all(page, verdict, f"{verdict}: de routines zag ik bij de start van elke les terug.")
        page.get_by_role("button", name="Indienen").click()
        assert page.get_by_text("Je oordelen zijn ingediend").is_visible()
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, base, "sandra@school.example.nl", PASSWORD)
    visit(page, session_url)
    page.get_by_role("button", name="Spreiding tonen").click()
    assert page.get_by_text("1 voldaan · 1 niet voldaan").is_visible()
    assert_accessible(page)
    page.get_by_label("Soort afspraak").select_option(label="Interpretatie van een indicator")
    page.locator("#id_text").fill("Routines tellen als ze in drie lessen blijken.")
    page.locator("#id_indicator").select_option(label="5.1: Je past consequent routines toe.")
    page.get_by_role("button", name="Afspraak vastleggen").click()
    assert page.get_by_text("De afspraak is vastgelegd.").is_visible()
    assert_accessible(page)

    log_in(page, base, "ingrid@instituut.example.nl", PASSWORD)
    visit(page, session_url)
    page.get_by_role("button", name="Maak beslisregel").click()
    assert page.get_by_text("De afspraak is een beslisregel").is_visible()
    assert_accessible(page)
