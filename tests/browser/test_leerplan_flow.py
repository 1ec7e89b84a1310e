"""The startgesprek in real Chromium: the student fills in and submits the leerplan, the
werkplekbegeleider returns it with a comment, the student revises and resubmits, the
werkplekbegeleider approves; the student sees it approved and the versions show the change."""

import pytest

from apps.outcomes.models import KijkkaderDimension
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.cycle.test_leerplan_services import make_phase_table
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_GOAL = "Ik begin elke les met een vaste routine."
SHARPER_GOAL = "Ik begin elke les met een vaste routine en een vraag op het bord."


@pytest.fixture
def placement(student, mentor, schoolopleider, instituutsopleider):
    klimaat = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat", position=1)
    ppi = LearningOutcomeFactory(code="5.4", title="PPI", assessment="formatief", position=2)
    dimension = KijkkaderDimension.objects.create(
        outcome=klimaat, position=1, name="Klassenmanagement"
    )
    dimension.indicators.create(position=1, text="Je past consequent routines toe.")
    make_phase_table()
    student.programme = ProgrammeFactory(default_outcomes=[klimaat, ppi])
    student.save()
    return make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )


def click_and_check(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    assert_accessible(page)


def decide(page, choice: str, comment: str = "") -> None:
    page.get_by_label(choice).check()
    if comment:
        page.get_by_label("Opmerkingen", exact=True).fill(comment)
    click_and_check(page, "Besluit opslaan")


def test_submit_return_revise_resubmit_approve_and_compare(
    page, live_server, placement, student, mentor
):
    base = live_server.url
    leerplan_url = f"{base}/stages/{placement.pk}/leerplan/"

    log_in(page, base, student.user.email)
    visit(page, leerplan_url)
    klimaat = page.get_by_role("region", name="5.1 Positief leerklimaat")
    klimaat.get_by_label("Waarom is deze leeruitkomst belangrijk voor mij?").fill(
        "Een rustige start helpt mijn klas."
    )
    klimaat.get_by_label("Mijn doel", exact=True).fill(FIRST_GOAL)
    klimaat.get_by_label("Je past consequent routines toe.").check()
    klimaat.get_by_label("Waar sta ik nu? (1–100)").fill("35")
    klimaat.get_by_label("Naar welk cijfer wil ik toewerken? (1–100)").fill("70")
    klimaat.get_by_label("Soort, stap 1").select_option(label="Leeractiviteit")
    klimaat.get_by_label("Omschrijving, stap 1").fill("Observeren bij een collega in 2B")
    klimaat.get_by_label("Van, stap 1").select_option(label="School")
    klimaat.get_by_text("Tabel complexe beroepsvaardigheden").click()
    klimaat.get_by_label("Vaardigheid 1").select_option(label="Groei-fase")
    klimaat.get_by_label("Voldoende: wanneer zijn we tevreden?").fill(
        "De klas is binnen 2 minuten stil."
    )
    ppi = page.get_by_role("region", name="5.4 PPI")
    ppi.get_by_label("Mijn doel", exact=True).fill("Ik onderbouw mijn keuzes in de les.")
    page.get_by_label("Bij welke leeruitkomsten wil ik graag geholpen worden?").fill("5.1")
    click_and_check(page, "Indienen ter goedkeuring")
    assert page.get_by_text("Je leerplan is ingediend").is_visible()

    log_in(page, base, mentor.email)
    visit(page, leerplan_url)
    assert page.get_by_text(FIRST_GOAL).is_visible()
    decide(page, "Teruggeven met opmerkingen", "Maak het doel concreter: wat zie ik je doen?")
    assert page.get_by_text("teruggegeven").first.is_visible()

    log_in(page, base, student.user.email)
    visit(page, leerplan_url)
    assert page.get_by_text("Maak het doel concreter").is_visible()
    klimaat = page.get_by_role("region", name="5.1 Positief leerklimaat")
    assert klimaat.get_by_label("Omschrijving, stap 1").input_value() == (
        "Observeren bij een collega in 2B"
    )
    klimaat.get_by_label("Mijn doel", exact=True).fill(SHARPER_GOAL)
    click_and_check(page, "Indienen ter goedkeuring")
    assert page.get_by_text("(versie 2)").is_visible()

    log_in(page, base, mentor.email)
    visit(page, leerplan_url)
    decide(page, "Goedkeuren (didactisch en pedagogisch)")
    assert page.get_by_text("Het leerplan is goedgekeurd.").is_visible()

    log_in(page, base, student.user.email)
    visit(page, leerplan_url)
    assert page.get_by_text("Het leerplan is nu alleen-lezen").is_visible()
    assert page.get_by_role("button", name="Concept opslaan").count() == 0
    page.get_by_role("link", name="Ingediende versies en verschillen (2)").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("ins", has_text=f"Doel: {SHARPER_GOAL}").is_visible()
    assert page.locator("del", has_text=f"Doel: {FIRST_GOAL}").is_visible()
