"""Autosave and sending on one page: the werkplekbegeleider's own autosave must not make the
send button refuse as if someone else had saved in between."""

import pytest

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.models import FormState, FormVersion
from apps.demo.management.commands.seed_demo import FEED_FORWARD, FEEDBACK, REFLECTION
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ready_to_send(student, mentor, schoolopleider, instituutsopleider, settings, tmp_path):
    """A tussenevaluatie whose reflection is submitted and whose feedback is complete."""
    settings.MEDIA_ROOT = tmp_path
    outcome = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat")
    student.programme = ProgrammeFactory(default_outcomes=[outcome])
    student.save()
    placement = make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )
    conversations_plan(by=None, placement=placement)
    version = FormVersion.objects.get(
        form__conversation__placement=placement, form__conversation__kind="tussenevaluatie"
    )
    version.entries.update(self_reflection=REFLECTION, feedback=FEEDBACK, feed_forward=FEED_FORWARD)
    version.state = FormState.SUBMITTED
    version.save(update_fields=["state"])
    return version


def test_sending_after_my_own_autosave_is_not_refused_as_a_conflict(
    page, live_server, ready_to_send, mentor
):
    log_in(page, live_server.url, mentor.email)
    visit(page, f"{live_server.url}/formulieren/{ready_to_send.pk}/")
    feedback = page.get_by_label("Feedback", exact=True).first
    feedback.fill(FEEDBACK + " Ook de afsluiting van de les was sterk.")
    page.get_by_text("Automatisch opgeslagen om").wait_for()
    page.get_by_role("button", name="Formulier verzenden").click()
    page.get_by_text("Het formulier is verzonden").wait_for()
    ready_to_send.refresh_from_db()
    assert ready_to_send.is_sent
    assert "Ook de afsluiting" in ready_to_send.entries.get().feedback
    assert_accessible(page)


def test_sending_right_after_typing_saves_the_text_first(page, live_server, ready_to_send, mentor):
    log_in(page, live_server.url, mentor.email)
    visit(page, f"{live_server.url}/formulieren/{ready_to_send.pk}/")
    page.get_by_label("Feed-forward").first.fill(FEED_FORWARD + " En vraag een collega mee.")
    page.get_by_role("button", name="Formulier verzenden").click()
    page.get_by_text("Het formulier is verzonden").wait_for()
    entry = ready_to_send.entries.get()
    assert entry.feed_forward.endswith("En vraag een collega mee.")
    assert_accessible(page)
