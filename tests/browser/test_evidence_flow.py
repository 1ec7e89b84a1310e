"""Evidence in real Chromium, from an institute that starts as a real one does (seed fixtures,
an import, invitations): the student attaches a lesson plan and a photo to a logbook week
and to a self-reflection; the werkplekbegeleider sees them and opens them, and the photo he
gets has no location in it."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import ExifTags, Image

from tests.browser.test_real_year import (
    ADMIN,
    MENTOR,
    STUDENT,
    accept_invitation,
    checked,
    click,
    expect_text,
    follow,
    import_file,
    import_people,
    institute_starts,
    kennismaking,
    log_in,
    mark_held,
    open_browser,  # noqa: F401 - the fixture: one browser context per person
    open_form,
    open_placement,
    prepare_year,
)
from tests.cycle.evidence.files import PDF, photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def attach(student, lesson_plan, photo, where: str) -> None:
    """On the page of a log week or the form: "Bewijs toevoegen", once per file."""
    for title, path in ((f"Lesplan {where}", lesson_plan), (f"Foto {where}", photo)):
        follow(student, "Bewijs toevoegen", f"bewijs-{where}")
        expect_text(student, "Let op de privacy van leerlingen")
        page = student.page
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Wat laat het zien?").fill("De opbouw van mijn les over de cel.")
        page.get_by_label("Bestand").set_input_files(str(path))
        click(student, "Toevoegen", f"bewijs-{where}-toegevoegd")
        expect_text(student, "Je bewijs is toegevoegd")
        expect_text(student, title)


def test_the_student_attaches_evidence_and_the_mentor_sees_it(
    open_browser,  # noqa: F811 - the fixture imported above
    live_server,
    tmp_path,
    monkeypatch,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    lesson_plan, photo = tmp_path / "lesplan.pdf", tmp_path / "IMG_0042.jpg"
    lesson_plan.write_bytes(PDF)
    photo.write_bytes(photo_bytes(size=(400, 300)))
    base = live_server.url
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    periods = {"Blok 4": (monday - timedelta(weeks=8), today + timedelta(days=4))}
    institute_starts(monkeypatch)
    for person in (ADMIN, STUDENT, MENTOR):
        open_browser(person)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_people(ADMIN, base, import_file(tmp_path, list(periods)))
    for person in (STUDENT, MENTOR):
        accept_invitation(person, base)
    kennismaking(STUDENT, MENTOR, base)
    mark_held(STUDENT, base, "Kennismakingsgesprek")
    mark_held(MENTOR, base, "Startgesprek")

    # A logbook week with a lesson plan and a photo.
    open_placement(STUDENT, base)
    follow(STUDENT, "Logboek begeleidingsgesprekken", "logboek")
    STUDENT.page.get_by_label("Wat heb ik gedaan?").fill("Drie lessen in 2B over de cel.")
    click(STUDENT, "Vastleggen", "logboek-week")
    attach(STUDENT, lesson_plan, photo, "week 1")

    # The self-reflection of the tussenevaluatie, on its first outcome.
    mark_held(MENTOR, base, "Tussenevaluatie")
    open_form(STUDENT, base, "Tussenevaluatie")
    for box in STUDENT.page.get_by_label("Zelfreflectie").all():
        box.fill("Ik begon elke les met een vraag op het bord; de klas was snel stil.")
    click(STUDENT, "Concept opslaan", "zelfreflectie-concept")
    attach(STUDENT, lesson_plan, photo, "reflectie")
    click(STUDENT, "Indienen bij werkplekbegeleider", "zelfreflectie-ingediend")
    expect_text(STUDENT, "Je zelfreflectie is ingediend")

    # The werkplekbegeleider sees them on the form and the log week, and opens the photo.
    open_form(MENTOR, base, "Tussenevaluatie")
    expect_text(MENTOR, "Lesplan reflectie")
    expect_text(MENTOR, "Foto reflectie")
    open_placement(MENTOR, base)
    follow(MENTOR, "Bewijs per leeruitkomst", "bewijs-overzicht-mentor")
    for title in ("Lesplan week 1", "Foto week 1", "Lesplan reflectie", "Foto reflectie"):
        expect_text(MENTOR, title)
    href = MENTOR.page.get_by_role("link", name="Foto week 1").get_attribute("href")
    response = MENTOR.page.request.get(f"{base}{href}")
    assert response.status == 200
    image = Image.open(io.BytesIO(response.body()))
    assert image.size == (400, 300)
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    checked(MENTOR, "bewijs-geopend")
    assert re.search("Foto week 1", MENTOR.page.content())
