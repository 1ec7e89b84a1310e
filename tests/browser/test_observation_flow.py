"""Lesson observations in real Chromium, from a real start (seed fixtures, the admin, the
import, invitations; no factories or demo data): the werkplekbegeleider records an observation
with two indicators and an example; the student reads it, responds and attaches a lesson plan
and a photo to it; the werkplekbegeleider sees and opens them (the photo without its
location) while the werkplekbegeleider of another placement gets 404 on each of them; the
observed indicators go into the eindbeoordeling, which is sent, and its PDF names the
observation."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from django.utils import timezone
from PIL import ExifTags, Image

from apps.cycle.models import Evidence
from tests.browser.test_evidence_flow import attach
from tests.browser.test_real_year import (
    ADMIN,
    MENTOR,
    STUDENT,
    Person,
    accept_invitation,
    click,
    expect_text,
    follow,
    give_feedback_and_send,
    import_file,
    institute_starts,
    log_in,
    mark_held,
    open_browser,  # noqa: F401 (a fixture)
    open_form,
    open_placement,
    prepare_year,
    reflect,
    visit,
)
from tests.cycle.evidence.files import PDF, photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = "Ze wachtte bij de start tot het stil was en gaf toen in één zin het doel van de les."
# The werkplekbegeleider of another student at the same school: an outsider to this placement.
OTHER_MENTOR = Person("Bram Ooms", "b.ooms@zuiderlicht.example.nl")


def import_two_placements(admin: Person, base: str, path: Path) -> None:
    """The import file with a second student at the same school, with another mentor."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    other = rows[0] | {
        "studentnummer": "2087342",
        "naam student": "Mees Verhoef",
        "e-mail student": "mees.verhoef@student.rivierstad.example.nl",
        "naam werkplekbegeleider": OTHER_MENTOR.name,
        "e-mail werkplekbegeleider": OTHER_MENTOR.email,
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(other), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows([rows[0], other])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    visit(admin, f"{base}/", "praktijkbureau-overzicht")
    follow(admin, "Importeren", "import")
    admin.page.get_by_label(re.compile("Bestand", re.I)).set_input_files(str(path))
    click(admin, "Voorbeeld bekijken", "import-voorbeeld")
    click(admin, "Bevestigen en importeren", "import-klaar")
    expect_text(admin, "Import voltooid: 2 nieuwe stages,")


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


def attach_to_the_observation(student, tmp_path: Path) -> None:
    """On the observation: a lesson plan and a photo whose EXIF has a location; the stored
    photo has none."""
    lesson_plan, photo = tmp_path / "lesplan.pdf", tmp_path / "IMG_0042.jpg"
    lesson_plan.write_bytes(PDF)
    photo.write_bytes(photo_bytes(size=(400, 300)))
    assert Image.open(photo).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    attach(student, lesson_plan, photo, "lesbezoek")
    with Evidence.objects.get(title="Foto lesbezoek").file.open("rb") as stored:
        assert not Image.open(stored).getexif().get_ifd(ExifTags.IFD.GPSInfo)


def mentor_opens_the_evidence(mentor, other_mentor, base: str, observation_url: str) -> None:
    """The werkplekbegeleider sees both on the observation and opens the photo; for the
    werkplekbegeleider of another placement none of these URLs exists."""
    visit(mentor, observation_url, "lesbezoek-met-bewijs")
    expect_text(mentor, "Lesplan lesbezoek")
    links = [
        f"{base}{mentor.page.get_by_role('link', name=title).get_attribute('href')}"
        for title in ("Foto lesbezoek", "Lesplan lesbezoek")
    ]
    response = mentor.page.request.get(links[0])
    assert response.status == 200
    image = Image.open(io.BytesIO(response.body()))
    assert image.size == (400, 300)
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    for url in (*links, observation_url):
        assert other_mentor.page.request.get(url).status == 404, url


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
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    base = live_server.url
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    periods = {
        "Blok 3": (monday - timedelta(weeks=16), monday - timedelta(weeks=8, days=3)),
        "Blok 4": (monday - timedelta(weeks=8), today + timedelta(days=4)),
    }
    institute_starts(monkeypatch)
    for person in (ADMIN, STUDENT, MENTOR, OTHER_MENTOR):
        open_browser(person)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_two_placements(ADMIN, base, import_file(tmp_path, list(periods)))
    for person in (STUDENT, MENTOR, OTHER_MENTOR):
        accept_invitation(person, base)

    mark_held(MENTOR, base, "Tussenevaluatie")
    reflect(STUDENT, base, "Tussenevaluatie")
    give_feedback_and_send(MENTOR, base, "Tussenevaluatie", judged=False)

    record_observation(MENTOR, base)
    observation_url = MENTOR.page.url.split("#")[0]
    open_placement(STUDENT, base)
    follow(STUDENT, "Lesbezoeken", "lesbezoeken-student")
    follow(STUDENT, re.compile("2B, Biologie: Fotosynthese"), "lesbezoek-student")
    STUDENT.page.get_by_label("Jouw reactie").fill("Herkenbaar; volgende keer let ik op de tijd.")
    click(STUDENT, "Reactie opslaan", "lesbezoek-reactie")
    expect_text(STUDENT, "Je reactie is opgeslagen")
    attach_to_the_observation(STUDENT, tmp_path)
    mentor_opens_the_evidence(MENTOR, OTHER_MENTOR, base, observation_url)

    mark_held(MENTOR, base, "Eindbeoordeling")
    reflect(STUDENT, base, "Eindbeoordeling")
    take_over_and_send(MENTOR, base)
    pdf_names_the_observation(STUDENT, base)
