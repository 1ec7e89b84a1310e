"""The audit sample in real Chromium: from an import to a sent eindbeoordeling, the
praktijkbureau draws and assigns a blind second assessor, who judges without seeing the first
judgement, and the examencommissie downloads the borgingsrapportage.

Starts from an import through the import service (as the praktijkbureau does it) of two
placements; the people's passwords are set directly instead of walking each invitation
(tests/browser/test_invitation_flow.py walks that), and the examencommissie member is given
the role the way the praktijkbureau does in the admin (role_grant)."""

from datetime import date

import pytest

from apps.accounts.models import Role, User
from apps.accounts.services import role_grant
from apps.cycle.models import FormVersion
from apps.outcomes.models import KijkkaderDimension
from apps.placements.importing.selectors import read_table
from apps.placements.importing.services import placements_import
from tests.browser.helpers import assert_accessible, log_in, visit
from tests.factories import LearningOutcomeFactory, PeriodFactory, ProgrammeFactory, SchoolFactory
from tests.placements.conftest import csv_file, import_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_MOTIVATION = "Voldaan omdat de routines in elke les zichtbaar waren (EERSTE-OORDEEL)."


@pytest.fixture
def imported(admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    klimaat = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat")
    dimension = KijkkaderDimension.objects.create(outcome=klimaat, position=1, name="Routines")
    dimension.indicators.create(position=1, text="Je past consequent routines toe.")
    ProgrammeFactory(code="BI", name="Leraar biologie", default_outcomes=[klimaat])
    SchoolFactory(name="Het Stedelijk College")
    SchoolFactory(name="Het Rivierlyceum")
    PeriodFactory(name="Blok 3", start=date(2027, 2, 1), end=date(2027, 3, 29))
    other = import_row(
        student_number="500999",
        student_name="Eva Smit",
        student_email="eva@student.example.nl",
        school="Het Rivierlyceum",
        wpb_name="Bram Bos",
        wpb_email="bram@rivier.example.nl",
        so_name="Saskia Smits",
        so_email="saskia@rivier.example.nl",
        io_name="Ilse Tweede",
        io_email="ilse@instituut.example.nl",
    )
    placements_import(by=admin_user, rows=read_table("stages.csv", csv_file(import_row(), other)))
    for user in User.objects.exclude(pk=admin_user.pk):
        user.set_password("geheim-wachtwoord-1")
        user.save()
    exam = User.objects.create_user(email="examen@instituut.example.nl", full_name="Erik Examen")
    exam.set_password("geheim-wachtwoord-1")
    exam.save()
    role_grant(by=admin_user, user=exam, role=Role.EXAMENCOMMISSIE)
    return FormVersion.objects.get(
        form__conversation__placement__student__student_number="500123",
        form__conversation__kind="eindbeoordeling",
    )


def test_draw_blind_second_judgement_and_report(page, live_server, admin_user, imported):
    base, form_url = live_server.url, f"{live_server.url}/formulieren/{imported.pk}/"

    # The cycle's eindbeoordeling, sent through the screens (tests/browser/test_form_flow.py).
    log_in(page, base, "sanne@student.example.nl")
    visit(page, form_url)
    page.get_by_label("Zelfreflectie").first.fill("Ik begon elke les met een vraag op het bord.")
    page.get_by_role("button", name="Indienen bij werkplekbegeleider").click()
    log_in(page, base, "wim@school.example.nl")
    visit(page, form_url)
    page.get_by_label("Je past consequent routines toe.").check()
    page.get_by_label("Feedback", exact=True).first.fill("Sanne opende elke les met een vraag.")
    page.get_by_label("Feed-forward").first.fill("Maak de instructie korter.")
    page.get_by_label("Voldaan", exact=True).check()
    page.get_by_label("Motivatie bij het oordeel").fill(FIRST_MOTIVATION)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert page.get_by_text("De feedback is opgeslagen").is_visible()
    page.get_by_role("button", name="Formulier verzenden").click()
    assert page.get_by_text("Het formulier is verzonden").is_visible()

    # The praktijkbureau draws and gives the item to the other school's instituutsopleider.
    log_in(page, base, admin_user.email)
    visit(page, f"{base}/kalibreren/steekproef/")
    page.get_by_role("link", name="Steekproef trekken").click()
    assert_accessible(page)
    page.get_by_label("Schooljaar").fill("2026-2027")
    page.get_by_label("Steekproefpercentage").fill("100")
    page.get_by_role("button", name="Trekken").click()
    assert page.get_by_text("Steekproef getrokken: 1 oordelen.").is_visible()
    assert_accessible(page)
    page.get_by_label("Tweede beoordelaar").select_option(label="Ilse Tweede")
    page.get_by_role("button", name="Toewijzen").click()
    assert page.get_by_text("Tweede beoordelaar gewijzigd.").is_visible()

    # The second assessor judges blind: no first judgement, motivation or names.
    log_in(page, base, "ilse@instituut.example.nl")
    visit(page, f"{base}/kalibreren/steekproef/tweede-beoordeling/")
    page.get_by_role("link", name="Beoordelen").click()
    assert_accessible(page)
    text = page.content()
    assert FIRST_MOTIVATION not in text and "Sanne" not in text and "Wim Jansen" not in text
    assert "[student] opende elke les met een vraag." in text
    page.get_by_label("Je past consequent routines toe.").check()
    page.get_by_label("Niet voldaan", exact=True).check()
    page.get_by_label("Motivatie").fill("Routines zie ik, maar de les liep niet.")
    page.get_by_role("button", name="Tweede beoordeling indienen").click()
    assert page.get_by_text("Je tweede beoordeling is ingediend.").is_visible()

    # The examencommissie reads the report and downloads it.
    log_in(page, base, "examen@instituut.example.nl")
    visit(page, f"{base}/kalibreren/rapportages/borging/?schooljaar=2026-2027")
    assert page.get_by_role("heading", name="7. Beperkingen").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Rapportage downloaden (pdf)").click()
    assert download.value.suggested_filename == "borgingsrapportage-2026-2027.pdf"
