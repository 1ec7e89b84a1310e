"""The exemplar bank in real Chromium, from a real start (seed fixtures, the admin, the import,
invitations; no factories or demo data): the eindbeoordeling is sent, which closes the
placement; the student and the werkplekbegeleider each give consent on their own page; the
instituutsopleider prepares a de-identified copy and the praktijkbureau, a second person,
reviews the original beside the copy and publishes it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_real_year import (
    ADMIN,
    INSTITUUTSOPLEIDER,
    MENTOR,
    STUDENT,
    accept_invitation,
    click,
    expect_text,
    follow,
    give_feedback_and_send,
    import_file,
    import_people,
    institute_starts,
    log_in,
    mark_held,
    open_browser,  # noqa: F401 (a fixture)
    prepare_year,
    reflect,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def consent(person, base: str) -> None:
    visit(person, f"{base}/", "overzicht")
    follow(person, "Toestemming voorbeeldformulieren", "toestemming-lijst")
    follow(person, re.compile("^Eindbeoordeling"), "toestemming")
    expect_text(person, "Waarvoor vragen we je toestemming?")
    person.page.get_by_label("Toestemming gegeven").check()
    click(person, "Besluit opslaan", "toestemming-gegeven")
    expect_text(person, "Dank je wel: je hebt toestemming gegeven.")


def test_a_closed_form_becomes_a_published_exemplar_with_consent_and_four_eyes(
    open_browser,  # noqa: F811 (the fixture imported above)
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
    for person in (ADMIN, STUDENT, MENTOR, INSTITUUTSOPLEIDER):
        open_browser(person)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_people(ADMIN, base, import_file(tmp_path, list(periods)))
    for person in (STUDENT, MENTOR, INSTITUUTSOPLEIDER):
        accept_invitation(person, base)
    for kind, judged in (("Tussenevaluatie", False), ("Eindbeoordeling", True)):
        mark_held(MENTOR, base, kind)
        reflect(STUDENT, base, kind)
        give_feedback_and_send(MENTOR, base, kind, judged=judged)

    # Consent: each on their own page, nothing chosen beforehand.
    consent(STUDENT, base)
    consent(MENTOR, base)

    # The instituutsopleider prepares the copy without names.
    io = INSTITUUTSOPLEIDER
    visit(io, f"{base}/", "overzicht")
    follow(io, "Naar de voorbeeldbank", "voorbeeldbank")
    follow(io, "Formulieren met toestemming", "voorbeeld-kandidaten")
    follow(io, "Voorbereiden", "voorbeeld-voorbereiden")
    io.page.get_by_label("Titel van het voorbeeld").fill("Rustige start, jaar 2")
    io.page.get_by_label("Andere namen (collega's, leerlingen)").fill("Kees Leerling")
    click(io, "Kopie zonder namen maken", "voorbeeld-voorbereid")
    expect_text(io, "Het voorbeeld is voorbereid")
    assert io.page.get_by_role("button", name="Publiceren").count() == 0

    # The praktijkbureau reviews the original beside the copy and publishes.
    visit(ADMIN, f"{base}/", "overzicht")
    follow(ADMIN, "Naar de voorbeeldbank", "voorbeeldbank")
    follow(ADMIN, "Rustige start, jaar 2", "voorbeeld")
    follow(ADMIN, "Controleren", "voorbeeld-controleren")
    expect_text(ADMIN, "Origineel en kopie naast elkaar")
    click(ADMIN, "Publiceren", "voorbeeld-gepubliceerd")
    expect_text(ADMIN, "Het voorbeeld is gepubliceerd.")
    expect_text(ADMIN, "Gepubliceerd")
    assert STUDENT.name not in ADMIN.page.content()
