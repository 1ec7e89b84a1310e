"""In real Chromium: the instituutsopleider asks for a dossier from the placement page and
downloads it, watches a running dossier's progress bar, and downloads the judgements CSV."""

from pathlib import Path

import pytest

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import DossierJob, DossierStatus, FormVersion
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sent(settings, tmp_path, student, mentor, instituutsopleider):
    settings.MEDIA_ROOT = tmp_path
    student.programme = ProgrammeFactory(default_outcomes=[LearningOutcomeFactory(code="5.1")])
    student.save()
    placement = make_placement(
        student=student, werkplekbegeleider=mentor, instituutsopleider=instituutsopleider
    )
    conversations_plan(by=None, placement=placement)
    version = FormVersion.objects.get(
        form__conversation__placement=placement, form__conversation__kind="eindbeoordeling"
    )
    version.entries.update(judgement="voldaan", motivation="Routines staan.")
    return form_version_send(by=mentor, version=version)


def test_dossier_and_judgements_csv(page, live_server, sent, instituutsopleider):
    base = live_server.url
    placement = sent.form.conversation.placement
    log_in(page, base, instituutsopleider.email)
    visit(page, f"{base}/stages/{placement.pk}/")
    page.get_by_role("button", name="Dossier van deze stage (pdf)").click()
    assert page.get_by_role("heading", name="Dossier van").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Dossier downloaden (pdf)").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"

    running = DossierJob.objects.create(
        requested_by=instituutsopleider,
        student=placement.student,
        status=DossierStatus.RUNNING,
        progress_done=1,
        progress_total=4,
    )
    visit(page, f"{base}/dossiers/{running.pk}/")
    bar = page.get_by_role("progressbar", name="Voortgang van het dossier")
    assert bar.get_attribute("aria-valuenow") == "25"
    assert "width: 25%" in bar.locator(".progress-bar").get_attribute("style")
    # The running dossier's page reloads itself every 2 s; stop that timer so it cannot abort
    # the next navigation (net::ERR_ABORTED when both start at once).
    page.evaluate(
        "() => { let id = window.setTimeout(() => {}, 0); while (id--) window.clearTimeout(id); }"
    )

    visit(page, f"{base}/exports/oordelen/")
    page.get_by_label("Formulier").select_option("eindbeoordeling")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV downloaden").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeffStudentnummer;") and "Voldaan" in text
