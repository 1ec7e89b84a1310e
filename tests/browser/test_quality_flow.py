"""In real Chromium: the schoolopleider reviews the school against the leidraad and rounds it
off, the student evaluates the completed placement, and the instituutsopleider sees what falls
short and downloads the CSV."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.placements.models import PlacementStatus, QualityCriterion, school_year_of
from apps.placements.services import placement_set_status
from tests.browser.helpers import assert_accessible, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_evaluation_and_overview(page, live_server, placement, student, schoolopleider):
    call_command("loaddata", "leidraad", verbosity=0)
    placement_set_status(by=None, placement=placement, status=PlacementStatus.COMPLETED)
    first = QualityCriterion.objects.get(group__position=1, position=1)
    year = school_year_of(date.today())
    base = live_server.url

    log_in(page, base, schoolopleider.email)
    page.get_by_role("link", name="Kwaliteit leerwerkplek: beoordeel je school").click()
    assert_accessible(page)
    page.get_by_role("link", name=placement.school.name).click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Beoordeling {year}").click()
    assert_accessible(page)
    for radio in page.locator('input[value="voldoet"]').all():
        radio.check()
    page.locator(f"#id_oordeel-{first.pk}_2").check()
    page.get_by_label(f"Toelichting: {first.text}").fill("Er is nog geen visie op leren.")
    page.get_by_role("button", name="Afronden").click()
    assert page.get_by_text("De beoordeling is afgerond.").is_visible()
    assert_accessible(page)

    log_in(page, base, student.user.email)
    visit(page, f"{base}/stages/{placement.pk}/")
    page.get_by_role("link", name="Evalueer je stage").click()
    assert_accessible(page)
    for radio in page.locator('input[value="voldoet"]').all():
        radio.check()
    page.get_by_role("button", name="Evaluatie versturen").click()
    assert page.get_by_text("Je evaluatie is verstuurd").is_visible()
    assert_accessible(page)

    log_in(page, base, placement.instituutsopleider.email)
    visit(page, f"{base}/stages/kwaliteit/")
    assert page.get_by_text("Beoordeling: 1 criterium onder de maat").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tekortkomingen exporteren (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert f"{first.text};Voldoet niet;Er is nog geen visie op leren." in text
