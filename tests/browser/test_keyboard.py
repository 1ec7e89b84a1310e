"""The self-reflection and the werkplekbegeleider's form can be completed with the keyboard
alone, and errors are announced (role=alert) and tied to their fields."""

import pytest

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.models import FormState, FormVersion
from apps.outcomes.models import KijkkaderDimension
from tests.browser.helpers import assert_accessible
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def keyboard_log_in(page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/inloggen/")
    assert_accessible(page)
    page.keyboard.type(email)  # the e-mail field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type("geheim-wachtwoord-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    assert_accessible(page)


@pytest.fixture
def version(student, mentor, schoolopleider, instituutsopleider):
    outcome = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat")
    dimension = KijkkaderDimension.objects.create(
        outcome=outcome, position=1, name="Klassenmanagement"
    )
    dimension.indicators.create(position=1, text="Je past consequent routines toe.")
    student.programme = ProgrammeFactory(default_outcomes=[outcome])
    student.save()
    placement = make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )
    conversations_plan(by=None, placement=placement)
    return FormVersion.objects.get(
        form__conversation__placement=placement, form__conversation__kind="tussenevaluatie"
    )


def test_reflection_and_feedback_with_the_keyboard_alone(
    page, live_server, version, student, mentor
):
    base, url = live_server.url, f"{live_server.url}/formulieren/{version.pk}/"

    keyboard_log_in(page, base, student.user.email)
    page.goto(url)
    assert_accessible(page)
    tab_to(page, "button[name=submit]")
    page.keyboard.press("Enter")  # submitting with an empty reflection: an announced error
    alert = page.get_by_role("alert")
    assert "Schrijf eerst een zelfreflectie" in alert.inner_text()
    assert_accessible(page)
    tab_to(page, "textarea[name$=self_reflection]")
    page.keyboard.type("Ik begon de les met een vraag op het bord.")
    tab_to(page, "button[name=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Je zelfreflectie is ingediend").wait_for()
    assert_accessible(page)

    keyboard_log_in(page, base, mentor.email)
    page.goto(url)
    assert_accessible(page)
    tab_to(page, "input[type=checkbox][name$=indicators_seen]")
    page.keyboard.press("Space")
    tab_to(page, "textarea[name$='-feedback']")
    page.keyboard.type("In de les van 3 maart zag ik dat je consequent ingreep.")
    tab_to(page, "textarea[name$=feed_forward]")
    page.keyboard.type("Volgende stap: korter instrueren.")
    page.keyboard.press("Tab")
    tab_to(page, "form[action$='/feedback/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("De feedback is opgeslagen").wait_for()
    assert_accessible(page)
    tab_to(page, "form[action$='/verzenden/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Het formulier is verzonden").wait_for()
    assert_accessible(page)
    version.refresh_from_db()
    assert version.state == FormState.SENT
    assert version.entries.get().indicators_seen.count() == 1
