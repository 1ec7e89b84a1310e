"""Lesson observations in real Chromium, from a real start (seed fixtures, the admin, the
import, invitations; no factories or demo data): the werkplekbegeleider records an observation
with two indicators and an example, takes the observed indicators into the eindbeoordeling and
sends it; the student reads the observation, and the PDF names it."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pypdf
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
    give_feedback_and_send,
    import_file,
    import_people,
    institute_starts,
    log_in,
    mark_held,
    open_browser,  # noqa: F401 (a fixture)
    open_form,
    open_placement,
    prepare_year,
    reflect,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = "Ze wachtte bij de start tot het stil was en gaf toen in één zin het doel van de les."


def record_observation(mentor, base: str) -> None:
    open_placement(mentor, base)
    follow(mentor, "Lesbezoeken", "lesbezoeken")
    follow(mentor, "Lesbezoek vastleggen", "lesbezoek-nieuw")
    page = mentor.page
    page.get_by_label("Klas of groep").fill("2B")
    page.locator("#id_subject").fill("Biologie")  # "Vak" is also part of other labels
    page.get_by_label("Onderwerp van de les").fill("Fotosynthese")
    first_outcome = page.locator("fieldset").first
    boxes = first_outcome.get_by_role("checkbox")
    examples = first_outcome.get_by_label("Voorbeeld: wat deed de student")
    for n in (0, 1):
        boxes.nth(n).check()
        examples.nth(n).fill(EXAMPLE if n == 0 else "Leerlingen stelden zelf vragen.")
    page.get_by_label("Sterke punten", exact=True).fill("Een rustige, duidelijke start.")
    click(mentor, "Lesbezoek vastleggen", "lesbezoek-vastgelegd")
    expect_text(mentor, "Het lesbezoek is vastgelegd")
    expect_text(mentor, EXAMPLE)


def take_over_and_send(mentor, base: str) -> None:
    open_form(mentor, base, "Eindbeoordeling")
    expect_text(mentor, EXAMPLE)  # shown beside the outcome: who, when, the example
    click(mentor, "Geziene indicatoren uit lesbezoeken overnemen", "lesbezoeken-overgenomen")
    expect_text(mentor, "2 geziene indicatoren uit lesbezoeken overgenomen")
    assert mentor.page.locator("input[type=checkbox]:checked").count() >= 2
    expect_text(mentor, "Dit formulier berust op de lesbezoeken")
    give_feedback_and_send(mentor, base, "Eindbeoordeling", judged=True)


def pdf_names_the_observation(student, base: str) -> None:
    open_form(student, base, "Eindbeoordeling")
    with student.page.expect_download() as download:
        student.page.get_by_role("link", name=re.compile("pdf", re.I)).first.click()
    data = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Lesbezoeken waarop dit formulier berust" in text
    assert "2B, Biologie: Fotosynthese" in text


def test_an_observation_carries_into_the_eindbeoordeling_and_its_pdf(
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
    for person in (ADMIN, STUDENT, MENTOR):
        open_browser(person)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_people(ADMIN, base, import_file(tmp_path, list(periods)))
    for person in (STUDENT, MENTOR):
        accept_invitation(person, base)

    mark_held(MENTOR, base, "Tussenevaluatie")
    reflect(STUDENT, base, "Tussenevaluatie")
    give_feedback_and_send(MENTOR, base, "Tussenevaluatie", judged=False)

    record_observation(MENTOR, base)
    open_placement(STUDENT, base)
    follow(STUDENT, "Lesbezoeken", "lesbezoeken-student")
    follow(STUDENT, re.compile("2B, Biologie: Fotosynthese"), "lesbezoek-student")
    STUDENT.page.get_by_label("Jouw reactie").fill("Herkenbaar; volgende keer let ik op de tijd.")
    click(STUDENT, "Reactie opslaan", "lesbezoek-reactie")
    expect_text(STUDENT, "Je reactie is opgeslagen")

    mark_held(MENTOR, base, "Eindbeoordeling")
    reflect(STUDENT, base, "Eindbeoordeling")
    take_over_and_send(MENTOR, base)
    pdf_names_the_observation(STUDENT, base)
