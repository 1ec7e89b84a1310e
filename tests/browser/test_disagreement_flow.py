"""In real Chromium: the opleider of the institute doubts a judgement → dialogue → the
werkplekbegeleider brings in the instituutsopleider → final decision → the
werkplekbegeleider and the student see it."""

import pytest

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import FormVersion
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sent(student, mentor, schoolopleider, instituutsopleider, opleider):
    klimaat = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat")
    student.programme = ProgrammeFactory(default_outcomes=[klimaat])
    student.save()
    placement = make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
        opleider=opleider,
    )
    conversations_plan(by=None, placement=placement)
    version = FormVersion.objects.get(
        form__conversation__placement=placement, form__conversation__kind="eindbeoordeling"
    )
    version.entries.update(judgement="voldaan", motivation="Gaat wel goed.")
    return form_version_send(by=mentor, version=version)


def test_doubt_dialogue_escalation_decision_seen_by_mentor_and_student(
    page, live_server, sent, student, mentor, instituutsopleider, opleider
):
    base, form_url = live_server.url, f"{live_server.url}/formulieren/{sent.pk}/"

    log_in(page, base, opleider.email)
    visit(page, form_url)
    page.get_by_label("Twijfel je aan dit oordeel? Wat voor twijfel is het?").select_option(
        label="Motivatie ontbreekt of sluit niet aan"
    )
    page.get_by_label("Geef de reden.").fill(
        "De motivatie noemt geen concreet voorbeeld uit een les."
    )
    page.get_by_role("button", name="Oordeel in twijfel trekken").click()
    assert page.get_by_role("heading", name="Twijfel over een oordeel").is_visible()
    assert_accessible(page)
    dialogue_url = page.url

    log_in(page, base, mentor.email)
    visit(page, dialogue_url)
    page.get_by_label("Bericht").fill("In de les van 3 maart hield ze de klas rustig bij de start.")
    page.get_by_role("button", name="Bericht plaatsen").click()
    assert page.get_by_text("In de les van 3 maart").is_visible()
    assert_accessible(page)
    page.get_by_label("Waarom komen jullie er samen niet uit?").fill("Verschil over het niveau.")
    page.get_by_role("button", name="Instituutsopleider inschakelen").click()
    assert page.get_by_text("De instituutsopleider is ingeschakeld.").is_visible()

    log_in(page, base, instituutsopleider.email)
    visit(page, dialogue_url)
    page.get_by_label("Geen overeenstemming: de instituutsopleider besluit").check()
    page.get_by_label("Niet voldaan").check()
    page.get_by_label("Onderbouwing").fill("Eén voorbeeld is te weinig voor routinematig handelen.")
    page.get_by_role("button", name="Vastleggen").click()
    assert page.get_by_text("Besloten door instituutsopleider").first.is_visible()
    assert_accessible(page)

    log_in(page, base, mentor.email)
    visit(page, f"{base}/meldingen/")
    assert page.get_by_text("is afgerond: niet voldaan").is_visible()

    log_in(page, base, student.user.email)
    visit(page, form_url)
    assert page.get_by_text("Vastgesteld oordeel: Niet voldaan").is_visible()
    assert page.get_by_text("Oorspronkelijk oordeel: Voldaan").is_visible()
