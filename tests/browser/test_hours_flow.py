"""Hours and lessons in real Chromium, from a real start (seed fixtures, the admin, the import,
invitations; no factories or demo data): the student registers two weeks of lessons and
guidance time, the werkplekbegeleider confirms all open weeks at once, and the placement page
shows the progress against the handbook's norm (ch.4: "40 – 50 lessen en/of
onderwijsactiviteiten met groepen leerlingen", "Begeleidingstijd 30 uur per student voor de
werkplekbegeleider")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_real_year import (
    ADMIN,
    MENTOR,
    STUDENT,
    accept_invitation,
    click,
    expect_text,
    follow,
    import_file,
    import_people,
    institute_starts,
    log_in,
    open_browser,  # noqa: F401 (a fixture)
    open_placement,
    prepare_year,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register_week(student, lessons: str, hours: str) -> None:
    """The newest week not registered yet is chosen first."""
    page = student.page
    page.locator("#id_week").select_option(index=0)
    page.get_by_label("Lessen en/of onderwijsactiviteiten met groepen leerlingen").fill(lessons)
    page.get_by_label("Begeleidingstijd van je werkplekbegeleider (uren)").fill(hours)
    click(student, "Registreren", "uren-geregistreerd")
    expect_text(student, "is geregistreerd")


def test_the_student_registers_two_weeks_the_mentor_confirms_all_the_page_shows_progress(
    open_browser,  # noqa: F811 (the fixture imported above)
    live_server,
    tmp_path,
    monkeypatch,
):
    base = live_server.url
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    periods = {"Blok 3": (monday - timedelta(weeks=3), monday + timedelta(weeks=5, days=-3))}
    institute_starts(monkeypatch)
    for person in (ADMIN, STUDENT, MENTOR):
        open_browser(person)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_people(ADMIN, base, import_file(tmp_path, list(periods)))
    for person in (STUDENT, MENTOR):
        accept_invitation(person, base)

    open_placement(STUDENT, base)
    expect_text(STUDENT, "0 van 40–50 lessen")
    follow(STUDENT, "Lessen en begeleidingstijd per week", "uren")
    register_week(STUDENT, "16", "1,5")
    register_week(STUDENT, "14", "2,25")
    expect_text(STUDENT, "30 van 40–50 lessen")

    open_placement(MENTOR, base)
    follow(MENTOR, "Lessen en begeleidingstijd per week", "uren-mentor")
    click(MENTOR, "Alle 2 open weken bevestigen", "uren-bevestigd")
    expect_text(MENTOR, "2 weken bevestigd.")

    open_placement(STUDENT, base)
    expect_text(STUDENT, "30 van 40–50 lessen")
    expect_text(STUDENT, "(30 bevestigd)")
    expect_text(STUDENT, "3,75 van 30 uur begeleiding")
    expect_text(STUDENT, "(3,75 uur bevestigd)")
