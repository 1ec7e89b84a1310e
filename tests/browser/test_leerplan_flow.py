"""The startgesprek in real Chromium: the student writes the leerplan one outcome at a time and
submits it, the werkplekbegeleider reads the whole plan on the overview and returns it with a
comment, the student revises on a phone (390 px wide, nothing scrolls sideways) and resubmits,
the werkplekbegeleider approves; the student sees it approved and the versions show the
change."""

import pytest

from apps.outcomes.models import KijkkaderDimension
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.cycle.test_leerplan_services import make_phase_table
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_GOAL = "Ik begin elke les met een vaste routine."
SHARPER_GOAL = "Ik begin elke les met een vaste routine en een vraag op het bord."
KLIMAAT = "5.1 Positief leerklimaat"


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


def click_and_check(page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).click()
    page.wait_for_load_state()
    assert_accessible(page)


def decide(page, choice: str, comment: str = "") -> None:
    page.get_by_label(choice).check()
    if comment:
        page.get_by_label("Opmerkingen", exact=True).fill(comment)
    click_and_check(page, "button", "Besluit opslaan")


def assert_no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls {overflow} px sideways"


def test_step_by_step_submit_return_revise_on_a_phone_resubmit_approve_and_compare(
    page, live_server, placement, student, mentor
):
    base = live_server.url
    leerplan_url = f"{base}/stages/{placement.pk}/leerplan/"

    log_in(page, base, student.user.email)
    visit(page, leerplan_url)
    assert page.get_by_text("0 van 2 uitgewerkt").is_visible()
    click_and_check(page, "link", f"Uitwerken: {KLIMAAT}")
    assert page.get_by_text("Leeruitkomst 1 van 2").is_visible()
    page.get_by_label("Waarom is deze leeruitkomst belangrijk voor mij?").fill(
        "Een rustige start helpt mijn klas."
    )
    page.get_by_label("Mijn doel", exact=True).fill(FIRST_GOAL)
    indicator = page.get_by_label("Je past consequent routines toe.")
    assert not indicator.is_visible()  # the kijkkader is folded until asked for
    page.locator("summary", has_text="Klassenmanagement").click()
    indicator.check()
    page.get_by_label("Waar sta ik nu? (1–100)").fill("35")
    page.get_by_label("Naar welk cijfer wil ik toewerken? (1–100)").fill("70")
    page.get_by_label("Soort, stap 1").select_option(label="Leeractiviteit")
    page.get_by_label("Omschrijving, stap 1").fill("Observeren bij een collega in 2B")
    page.get_by_label("Van, stap 1").select_option(label="School")
    page.get_by_text("Tabel complexe beroepsvaardigheden").click()
    page.get_by_label("Vaardigheid 1").select_option(label="Groei-fase")
    page.get_by_label("Voldoende: wanneer zijn we tevreden?").fill(
        "De klas is binnen 2 minuten stil."
    )
    click_and_check(page, "button", "Opslaan en volgende")
    assert page.get_by_role("heading", name="5.4 PPI").is_visible()
    page.get_by_label("Waarom is deze leeruitkomst belangrijk voor mij?").fill("Ik wil groeien.")
    page.get_by_label("Mijn doel", exact=True).fill("Ik onderbouw mijn keuzes in de les.")
    page.get_by_label("Wat ga ik doen om daar te komen? (leeractiviteiten)").fill("Logboek.")
    page.get_by_label("Goed: wanneer zijn we trots?").fill("Ik leg elke keuze uit.")
    click_and_check(page, "button", "Opslaan en volgende")
    page.get_by_label("Bij welke leeruitkomsten wil ik graag geholpen worden?").fill("5.1")
    click_and_check(page, "button", "Opslaan en naar het overzicht")
    assert page.get_by_text("2 van 2 uitgewerkt").is_visible()
    click_and_check(page, "button", "Indienen ter goedkeuring")
    assert page.get_by_text("Je leerplan is ingediend").is_visible()

    log_in(page, base, mentor.email)
    visit(page, leerplan_url)
    assert page.get_by_text(FIRST_GOAL).is_visible()
    assert page.get_by_text("Je past consequent routines toe.").is_visible()
    decide(page, "Teruggeven met opmerkingen", "Maak het doel concreter: wat zie ik je doen?")
    assert page.get_by_text("teruggegeven").first.is_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, student.user.email)
    visit(page, leerplan_url)
    assert page.get_by_text("Maak het doel concreter").is_visible()
    assert_no_sideways_scroll(page)
    click_and_check(page, "link", f"Bekijken of aanpassen: {KLIMAAT}")
    page.locator("summary", has_text="Klassenmanagement").click()
    assert page.get_by_label("Je past consequent routines toe.").is_checked()
    assert page.get_by_label("Omschrijving, stap 1").input_value() == (
        "Observeren bij een collega in 2B"
    )
    assert_no_sideways_scroll(page)
    assert_accessible(page)  # with the kijkkader and the phase table open
    page.get_by_label("Mijn doel", exact=True).fill(SHARPER_GOAL)
    click_and_check(page, "button", "Opslaan en naar het overzicht")
    assert_no_sideways_scroll(page)
    click_and_check(page, "button", "Indienen ter goedkeuring")
    assert page.get_by_text("(versie 2)").is_visible()

    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, base, mentor.email)
    visit(page, leerplan_url)
    decide(page, "Goedkeuren (didactisch en pedagogisch)")
    assert page.get_by_text("Het leerplan is goedgekeurd.").is_visible()

    log_in(page, base, student.user.email)
    visit(page, leerplan_url)
    assert page.get_by_text("Het leerplan is nu alleen-lezen").is_visible()
    assert page.get_by_role("button", name="Opslaan").count() == 0
    assert page.get_by_role("link", name=f"Uitwerken: {KLIMAAT}").count() == 0
    page.get_by_role("link", name="Ingediende versies en verschillen (2)").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("ins", has_text=f"Doel: {SHARPER_GOAL}").is_visible()
    assert page.locator("del", has_text=f"Doel: {FIRST_GOAL}").is_visible()
