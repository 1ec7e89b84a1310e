"""The heart of the product in real Chromium: reflection → feedback and judgement → send →
student and instituutsopleider read it and download the PDF."""

import pytest

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.models import FormVersion
from apps.outcomes.models import KijkkaderDimension
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONCRETE = "In de les van 3 maart in 2B zag ik dat je de regels herhaalde en consequent ingreep."


@pytest.fixture
def eind(student, mentor, schoolopleider, instituutsopleider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    klimaat = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat", asks_confidence=True)
    ppi = LearningOutcomeFactory(code="5.4", title="PPI", assessment="formatief")
    dimension = KijkkaderDimension.objects.create(
        outcome=klimaat, position=1, name="Klassenmanagement"
    )
    dimension.indicators.create(position=1, text="Je past consequent routines toe.")
    student.programme = ProgrammeFactory(default_outcomes=[klimaat, ppi])
    student.save()
    placement = make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )
    conversations_plan(by=None, placement=placement)
    return FormVersion.objects.get(
        form__conversation__placement=placement, form__conversation__kind="eindbeoordeling"
    )


def test_reflection_feedback_judgement_send_read_and_pdf(
    page, live_server, eind, student, mentor, instituutsopleider
):
    base, form_url = live_server.url, f"{live_server.url}/formulieren/{eind.pk}/"

    log_in(page, base, student.user.email)
    visit(page, form_url)
    for box in page.get_by_label("Zelfreflectie").all():
        box.fill("Ik begon de les met een vraag op het bord; de klas was binnen twee minuten stil.")
    page.get_by_role("button", name="Indienen bij werkplekbegeleider").click()
    assert page.get_by_text("Je zelfreflectie is ingediend").is_visible()
    assert_accessible(page)

    log_in(page, base, mentor.email)
    visit(page, form_url)
    page.get_by_label("Je past consequent routines toe.").check()
    for box in page.get_by_label("Feedback", exact=True).all():
        box.fill(CONCRETE)
    for box in page.get_by_label("Feed-forward").all():
        box.fill("Volgende stap: de instructie korter maken en een controlevraag stellen.")
    page.get_by_label("Voldaan", exact=True).check()
    page.locator("input[name$='confidence_year3'][value='ja']").check()
    page.get_by_label("Motivatie bij het oordeel").fill(CONCRETE)
    page.get_by_label("Ontwikkeling die is doorgemaakt").fill("Van losse lessen naar een reeks.")
    page.get_by_label("Ontwikkeling die nog gemaakt moet worden").fill("Keuzes onderbouwen.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert page.get_by_text("De feedback is opgeslagen").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Formulier verzenden").click()
    assert page.get_by_text("Het formulier is verzonden").is_visible()
    assert_accessible(page)

    for reader in (student.user, instituutsopleider):
        log_in(page, base, reader.email)
        visit(page, form_url)
        assert page.get_by_text(CONCRETE).first.is_visible()
        assert page.get_by_text("Voldaan").first.is_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download als pdf").click()
        assert download.value.suggested_filename.endswith(".pdf")
