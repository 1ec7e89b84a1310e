"""The triangle on the page in real Chromium, from a real start (seed fixtures, the catalogue
the praktijkbureau keeps in the admin, the import through its page, invitations; no demo data):
the werkplekbegeleider gives a phone number on their voorkeuren page, the student sees the
mentor's e-mail address and phone number on the placement page, the mentor marks the
startgesprek held with the schoolopleider taking part, and the schoolopleider sees it in the
overview against the school's grote driehoek."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.placements.models import Institute, Period, Programme, School
from tests.browser.test_real_year import (
    ADMIN,
    INSTITUTE,
    MENTOR,
    PROGRAMME,
    SCHOOL,
    SCHOOLOPLEIDER,
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
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "06 23456789"


def catalogue(period: tuple) -> None:
    """The institute, programme, school and period, as the praktijkbureau saves them in the
    admin (tests/browser/test_real_year.py walks those admin pages; here they would take
    most of the time)."""
    institute = Institute.objects.create(name=INSTITUTE)
    Programme.objects.create(institute=institute, code=PROGRAMME[0], name=PROGRAMME[1])
    School.objects.create(name=SCHOOL[0], city=SCHOOL[1])
    Period.objects.create(name="Blok 3", start=period[0], end=period[1])


def mentor_gives_a_phone_number(base: str) -> None:
    visit(MENTOR, f"{base}/", "overzicht")
    follow(MENTOR, "Voorkeuren", "voorkeuren")
    MENTOR.page.get_by_label("Telefoonnummer").fill("06 2345 67x9")
    click(MENTOR, "Opslaan", "voorkeuren-fout", exact=True)
    expect_text(MENTOR, "Dit is geen telefoonnummer")
    MENTOR.page.get_by_label("Telefoonnummer").fill(PHONE)
    click(MENTOR, "Opslaan", "voorkeuren-opgeslagen", exact=True)
    expect_text(MENTOR, "Je voorkeuren zijn opgeslagen")


def student_sees_the_mentors_contact(base: str) -> None:
    open_placement(STUDENT, base)
    contacts = STUDENT.page.get_by_role("region", name="Contact in de driehoek")
    mail_link = contacts.get_by_role("link", name=MENTOR.email)
    assert mail_link.get_attribute("href") == f"mailto:{MENTOR.email}"
    phone_link = contacts.get_by_role("link", name=PHONE)
    assert phone_link.get_attribute("href") == "tel:0623456789"


def mentor_marks_the_startgesprek_held_with_the_so(base: str) -> None:
    open_placement(MENTOR, base)
    page = MENTOR.page
    assert page.get_by_label("werkplekbegeleider (Startgesprek)").is_checked()
    page.get_by_label("schoolopleider (Startgesprek)").check()
    click(MENTOR, "Gehouden (Startgesprek)", "startgesprek-gehouden")
    expect_text(MENTOR, "Startgesprek is vastgelegd als gehouden")
    expect_text(MENTOR, "met student, werkplekbegeleider, schoolopleider")


def so_sees_who_took_part(base: str) -> None:
    visit(SCHOOLOPLEIDER, f"{base}/", "overzicht-schoolopleider")
    section = SCHOOLOPLEIDER.page.get_by_role("region", name="Wie waren erbij bij de gesprekken")
    assert section.get_by_text("Gekozen: Grote driehoek").is_visible()
    row = section.get_by_role("row", name=re.compile("student, werkplekbegeleider, schoolopleider"))
    assert row.get_by_role("cell", name="1", exact=True).is_visible()
    assert section.get_by_text("nog nooit erbij: instituutsopleider").is_visible()


def test_the_triangle_contacts_each_other_and_the_so_sees_who_took_part(
    open_browser,  # noqa: F811 (the fixture imported above)
    live_server,
    tmp_path,
    monkeypatch,
):
    base = live_server.url
    today = timezone.localdate()
    period = (today - timedelta(weeks=3), today + timedelta(weeks=5))
    institute_starts(monkeypatch)
    catalogue(period)
    for person in (ADMIN, STUDENT, MENTOR, SCHOOLOPLEIDER):
        open_browser(person)
    log_in(ADMIN, base)
    import_people(ADMIN, base, import_file(tmp_path, ["Blok 3"]))
    for person in (STUDENT, MENTOR, SCHOOLOPLEIDER):
        accept_invitation(person, base)

    mentor_gives_a_phone_number(base)
    student_sees_the_mentors_contact(base)
    mentor_marks_the_startgesprek_held_with_the_so(base)
    so_sees_who_took_part(base)
