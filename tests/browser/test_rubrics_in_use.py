"""Rubrics in use in real Chromium: a werkplekbegeleider takes the Beoordelaar rubric as a
self-assessment and sees the growth chart; student and werkplekbegeleider place the student
on the complexe beroepsvaardigheden and see the difference; the schoolopleider sees the team
heatmap. Every page passes axe-core."""

import pytest
from django.core.management import call_command

from apps.placements.models import SchoolRole
from apps.placements.services import school_assign
from apps.rubrics.models import RubricRole
from tests.browser.helpers import assert_accessible, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = "Ik beoordeelde drie lessen van mijn student met het kijkkader."


def save(page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_self_assessment_skills_side_by_side_and_heatmap(
    page, live_server, placement, student, mentor, schoolopleider
):
    call_command("loaddata", "rubrics", verbosity=0)
    school_assign(
        by=None, school=placement.school, user=schoolopleider, role=SchoolRole.SCHOOLOPLEIDER
    )
    role = RubricRole.objects.get(name="Beoordelaar")
    base = live_server.url

    log_in(page, base, mentor.email)
    page.get_by_role("link", name="Mijn rubrics").click()
    assert_accessible(page)
    visit(page, f"{base}/rubrics/mijn/rollen/{role.pk}/nieuw/")
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("Waar sta ik nu?").select_option("Herkennend")
        fieldset.get_by_label("Concreet voorbeeld uit mijn praktijk").fill(EXAMPLE)
        fieldset.get_by_label("Waar wil ik naartoe?").select_option("Creërend")
    save(page, "Zelfbeoordeling opslaan")
    assert page.get_by_text("Je zelfbeoordeling is opgeslagen.").is_visible()
    assert page.locator("svg[role=img]").count() == role.dimensions.count()
    visit(page, f"{base}/rubrics/mijn/")
    save(page, "Mijn naam mag getoond worden")

    visit(page, f"{base}/stages/{placement.pk}/beroepsvaardigheden/start/")
    for select in page.get_by_label("Fase").all():
        select.select_option("Groei-fase")
    save(page, "Opslaan")

    log_in(page, base, student.user.email)
    visit(page, f"{base}/stages/{placement.pk}/")
    page.get_by_role("link", name="Complexe beroepsvaardigheden").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mijn fasen kiezen – Start").click()
    assert_accessible(page)
    for select in page.get_by_label("Fase").all():
        select.select_option("Beginfase")
    save(page, "Opslaan")
    assert page.get_by_text(
        "Op 14 dimensies verschillen student en werkplekbegeleider."
    ).is_visible()
    assert page.get_by_text("werkplekbegeleider 1 fase hoger").count() == 14

    log_in(page, base, schoolopleider.email)
    page.get_by_role("link", name="Teamprofiel").click()
    assert_accessible(page)
    assert page.get_by_text(mentor.full_name).count() == role.dimensions.count()
