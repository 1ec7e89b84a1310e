"""The leerplan lives through the placement, in real Chromium and only through the screens.

The institute starts as a real one does (seed fixtures, the praktijkbureau's admin and import,
invitations); the student writes the leerplan and the werkplekbegeleider returns it once and
approves it. At the tussenevaluatie the student reopens the approved plan, changes a goal and
submits it again (handbook 3.4: "Doelen worden bijgesteld voor het tweede deel van het leren
in de praktijk"); the werkplekbegeleider sees what changed against the approved version and
approves; every approved version stays readable and the tussenevaluatie's form names the
version that holds.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_real_year import (
    ADMIN,
    MENTOR,
    SHARPER_GOAL,
    STUDENT,
    accept_invitation,
    checked,
    click,
    expect_text,
    follow,
    import_file,
    import_people,
    institute_starts,
    leerplan,
    log_in,
    open_browser,  # noqa: F401 (fixture)
    open_form,
    open_placement,
    prepare_year,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECOND_PART_GOAL = "In het tweede deel geef ik elke week één les met een differentiatie-opdracht."


def reopen_adjust_and_submit(student, base: str) -> None:
    open_placement(student, base)
    follow(student, "Persoonlijk leerplan", "leerplan-goedgekeurd")
    click(student, "Leerplan heropenen om bij te stellen", "leerplan-heropend")
    expect_text(student, "Het leerplan is heropend")
    expect_text(student, "geldt de goedgekeurde versie 2")
    follow(student, re.compile("^Bekijken of aanpassen: "), "leerplan-bijstellen")
    student.page.get_by_label("Mijn doel", exact=True).fill(SECOND_PART_GOAL)
    click(student, "Opslaan en naar het overzicht", "leerplan-bijgesteld")
    click(student, "Indienen ter goedkeuring", "leerplan-bijgesteld-ingediend")
    expect_text(student, "(versie 3)")


def approve_with_the_diff(mentor, base: str) -> None:
    open_placement(mentor, base)
    follow(mentor, "Persoonlijk leerplan", "leerplan-bijgesteld-mentor")
    expect_text(mentor, "Wat versie 3 verandert aan de goedgekeurde versie 2")
    page = mentor.page
    assert page.locator("ins", has_text=f"Doel: {SECOND_PART_GOAL}").first.is_visible()
    assert page.locator("del", has_text=f"Doel: {SHARPER_GOAL}").first.is_visible()
    page.get_by_label("Goedkeuren (didactisch en pedagogisch)").check()
    click(mentor, "Besluit opslaan", "leerplan-bijgesteld-goedgekeurd")
    expect_text(mentor, "Het leerplan is goedgekeurd.")


def every_approved_version_is_readable(student, base: str) -> None:
    open_placement(student, base)
    follow(student, "Persoonlijk leerplan", "leerplan-na-bijstellen")
    follow(student, "Ingediende versies en verschillen (3)", "leerplan-versies")
    page = student.page
    expect_text(student, "van versie 2 naar versie 3")
    page.locator("summary", has_text="Versie 2 lezen").click()
    assert page.locator("#versie-2").get_by_text(f"Doel: {SHARPER_GOAL}").first.is_visible()
    checked(student, "leerplan-versie-2")


def test_reopen_at_the_tussenevaluatie_adjust_resubmit_approve_and_see_the_diff(
    open_browser,  # noqa: F811
    live_server,
    tmp_path,
    monkeypatch,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    periods = {
        "Blok 3": (monday - timedelta(weeks=16), monday - timedelta(weeks=8, days=3)),
        "Blok 4": (monday - timedelta(weeks=8), today + timedelta(days=4)),
    }
    institute_starts(monkeypatch)
    for person in (ADMIN, STUDENT, MENTOR):
        open_browser(person)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_people(ADMIN, base, import_file(tmp_path, list(periods)))
    for person in (STUDENT, MENTOR):
        accept_invitation(person, base)

    leerplan(STUDENT, MENTOR, base)  # returned once, then approved: version 2 holds
    reopen_adjust_and_submit(STUDENT, base)
    approve_with_the_diff(MENTOR, base)
    every_approved_version_is_readable(STUDENT, base)

    open_form(MENTOR, base, "Tussenevaluatie")
    expect_text(MENTOR, re.compile(r"versie 3, goedgekeurd op"))
