"""Criterion 28 of the calibration design (§4), in real Chromium and only through the screens,
from the state a real institute starts in (seed fixtures, the admin, an import, invitations):

1. an imported placement runs to a sent eindbeoordeling, which closes it;
2. the student and the werkplekbegeleider each consent on their own page;
3. the instituutsopleider prepares a de-identified copy; the praktijkbureau, a second person,
   reviews and publishes it;
4. the schoolopleider of another school sets up a session (the exposure rule keeps everyone
   of the source school out, so the participants come from schools B and C of the same import);
5. four participants judge blind: before the reveal nobody reads another's motivation;
6. the moderator shows the spread and records two agreements; the instituutsopleider among
   the participants makes one a beslisregel (only an io or the praktijkbureau may);
7. the werkplekbegeleider at school B finds it beside the indicator in their own live form;
8. the examencommissie, given the role by the praktijkbureau in the admin, downloads the
   session report and the borgingsrapportage as PDF; neither names anyone."""

import csv
import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone

from apps.placements.models import school_year_of
from tests.browser.test_real_year import (
    ADMIN,
    INSTITUUTSOPLEIDER,
    MENTOR,
    OPLEIDER,
    SCHOOLOPLEIDER,
    SLB,
    STUDENT,
    Person,
    accept_invitation,
    admin_add,
    click,
    expect_text,
    follow,
    give_feedback_and_send,
    import_file,
    institute_starts,
    log_in,
    mark_held,
    open_browser,  # noqa: F401 (a fixture)
    prepare_year,
    reflect,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL_B = ("Het Baken", "Arnhem")
SCHOOL_C = ("De Waalboog", "Tiel")
STUDENT_B = Person("Sem Dijkstra", "sem.dijkstra@student.rivierstad.example.nl")
STUDENT_C = Person("Lotte Vermeulen", "lotte.vermeulen@student.rivierstad.example.nl")
MENTOR_B = Person("Hanna Mulder", "h.mulder@baken.example.nl")
SO_B = Person("Karim el Amrani", "k.elamrani@baken.example.nl")
IO_B = Person("Esther de Wit", "e.dewit@rivierstad.example.nl")
MENTOR_C = Person("Bas Timmermans", "b.timmermans@waalboog.example.nl")
EXAMENCOMMISSIE = Person("Gerda Smeets", "examencommissie@rivierstad.example.nl")
PARTICIPANTS = (MENTOR_B, SO_B, IO_B, MENTOR_C)
EVERYONE = (STUDENT, MENTOR, SCHOOLOPLEIDER, INSTITUUTSOPLEIDER, OPLEIDER, SLB, *PARTICIPANTS)
TITLE = "Rustige start, jaar 2"
RULE = "Een routine telt als die in ten minste drie lessen achter elkaar te zien is."
ACTION = "De schoolopleider zet de afspraak over routines in de nieuwsbrief voor mentoren."


def cohort_file(tmp_path, periods):
    """The walk's file, with two more rows: a student at school B (her mentor, schoolopleider
    and instituutsopleider all new) and one at school C."""
    path = import_file(tmp_path, periods)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    extra = {"naam opleider instituut": "", "e-mail opleider instituut": ""}
    extra |= {"naam slb'er": "", "e-mail slb'er": ""}
    for number, student, school, mentor, so, io_ in (
        ("2087342", STUDENT_B, SCHOOL_B, MENTOR_B, SO_B, IO_B),
        ("2087343", STUDENT_C, SCHOOL_C, MENTOR_C, None, None),
    ):
        rows.append(
            rows[0]
            | extra
            | {
                "studentnummer": number,
                "naam student": student.name,
                "e-mail student": student.email,
                "school": school[0],
                "naam werkplekbegeleider": mentor.name,
                "e-mail werkplekbegeleider": mentor.email,
                "naam schoolopleider": so.name if so else "",
                "e-mail schoolopleider": so.email if so else "",
                "naam instituutsopleider": io_.name if io_ else "",
                "e-mail instituutsopleider": io_.email if io_ else "",
            }
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def import_cohort(admin: Person, base: str, path) -> None:
    visit(admin, f"{base}/", "praktijkbureau-overzicht")
    follow(admin, "Importeren", "import")
    admin.page.get_by_label(re.compile("Bestand", re.I)).set_input_files(str(path))
    click(admin, "Voorbeeld bekijken", "import-voorbeeld")
    click(admin, "Bevestigen en importeren", "import-klaar")
    expect_text(admin, "Import voltooid: 3 nieuwe stages,")


def consent(person: Person, base: str) -> None:
    visit(person, f"{base}/", "overzicht")
    follow(person, "Toestemming voorbeeldformulieren", "toestemming-lijst")
    follow(person, re.compile("^Eindbeoordeling"), "toestemming")
    person.page.get_by_label("Toestemming gegeven").check()
    click(person, "Besluit opslaan", "toestemming-gegeven")
    expect_text(person, "Dank je wel: je hebt toestemming gegeven.")


def publish_exemplar(io_person: Person, admin: Person, base: str) -> None:
    visit(io_person, f"{base}/", "overzicht")
    follow(io_person, "Naar de voorbeeldbank", "voorbeeldbank")
    follow(io_person, "Formulieren met toestemming", "voorbeeld-kandidaten")
    follow(io_person, "Voorbereiden", "voorbeeld-voorbereiden")
    io_person.page.get_by_label("Titel van het voorbeeld").fill(TITLE)
    io_person.page.get_by_label("Andere namen (collega's, leerlingen)").fill("Kees Leerling")
    click(io_person, "Kopie zonder namen maken", "voorbeeld-voorbereid")
    assert io_person.page.get_by_role("button", name="Publiceren").count() == 0

    visit(admin, f"{base}/", "overzicht")
    follow(admin, "Naar de voorbeeldbank", "voorbeeldbank")
    follow(admin, TITLE, "voorbeeld")
    follow(admin, "Controleren", "voorbeeld-controleren")
    click(admin, "Publiceren", "voorbeeld-gepubliceerd")
    expect_text(admin, "Het voorbeeld is gepubliceerd.")


def create_session(organiser: Person, base: str, today) -> str:
    visit(organiser, f"{base}/", "overzicht")
    follow(organiser, "Kalibreren", "sessies")
    follow(organiser, "Nieuwe kalibratiesessie", "sessie-nieuw")
    page = organiser.page
    exemplar = page.get_by_label(re.compile(f"· {re.escape(TITLE)}"))
    label = exemplar.evaluate("box => box.labels[0].textContent")
    code = re.search(r"· (\S+) ·", label).group(1)
    page.get_by_label("Titel").fill("Kalibratie leerklimaat")
    page.get_by_label("Schooljaar").fill(school_year_of(today))
    for outcome in page.get_by_label(re.compile(rf"(?<![\w.]){re.escape(code)} ")).all():
        outcome.check()
    page.get_by_label("Moment").select_option(label="Eindbeoordeling")
    page.get_by_label("Datum bijeenkomst").fill(f"{today:%Y-%m-%d}")
    exemplar.check()
    for person in PARTICIPANTS:
        page.get_by_label(person.name, exact=True).check()
    click(organiser, "Sessie aanmaken", "sessie-aangemaakt")
    expect_text(organiser, "De kalibratiesessie is aangemaakt")
    return page.url


def motivation(person: Person) -> str:
    return f"Bij {person.name.split()[0]}: de routine bij de start zag ik in elke beschreven les."


def judge(person: Person, session_url: str, verdict: str) -> str:
    visit(person, session_url, "sessie")
    follow(person, "Voorbeelden beoordelen", "beoordelen")
    page = person.page
    section = page.locator("section.card").first
    section.get_by_role("checkbox").first.check()
    indicator = section.get_by_role("checkbox").first.evaluate(
        "box => box.labels[0].textContent.trim()"
    )
    section.get_by_label(verdict, exact=True).check()
    if section.get_by_label("Ja", exact=True).count():
        section.get_by_label("Ja", exact=True).check()
    section.get_by_label("Motivatie").fill(motivation(person))
    click(person, "Indienen", "beoordeeld", exact=True)
    expect_text(person, "Je oordelen zijn ingediend")
    return indicator


def open_own_form(mentor: Person, student: Person, base: str, kind: str) -> None:
    visit(mentor, f"{base}/", "overzicht")
    click(mentor, student.name, "stage", role="link", exact=True)
    follow(mentor, re.compile(f"^Formulier {kind}"), "formulier")


def give_role(admin: Person, base: str, person: Person, role: str) -> None:
    def user(page):
        page.locator("#id_email").fill(person.email)
        page.locator("#id_full_name").fill(person.name)
        page.locator("select[name='role_memberships-0-role']").select_option(label=role)

    admin_add(admin, base, "Gebruikers", user)


def pdf_without_names(person: Person, base: str, link: str) -> None:
    href = person.page.get_by_role("link", name=link).get_attribute("href")
    response = person.page.request.get(f"{base}{href}")
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert_no_names(re.sub(r"\s+", " ", text))


def assert_no_names(text: str) -> None:
    named = [p.name for p in (*EVERYONE, ADMIN) if p.name in text]
    assert named == [], f"names in the report: {named}"


def test_an_imported_year_to_a_beslisregel_in_the_form_and_the_examencommissie_reports(
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
    walkers = (STUDENT, MENTOR, INSTITUUTSOPLEIDER, *PARTICIPANTS, EXAMENCOMMISSIE)
    for person in (ADMIN, *walkers):
        open_browser(person)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    for name, place in (SCHOOL_B, SCHOOL_C):

        def school(page, name=name, place=place):
            page.get_by_label("Naam").fill(name)
            page.get_by_label("Plaats").fill(place)
            page.get_by_label("Schooltype").select_option(label="VO")

        admin_add(ADMIN, base, "Scholen", school)
    import_cohort(ADMIN, base, cohort_file(tmp_path, list(periods)))
    for person in (STUDENT, MENTOR, INSTITUUTSOPLEIDER, *PARTICIPANTS):
        accept_invitation(person, base)

    # 1–3. The year runs to a sent eindbeoordeling; consent; four eyes publish the copy.
    for kind, judged in (("Tussenevaluatie", False), ("Eindbeoordeling", True)):
        mark_held(MENTOR, base, kind)
        reflect(STUDENT, base, kind)
        give_feedback_and_send(MENTOR, base, kind, judged=judged)
    # Within the appeal term (six weeks) nobody is asked yet; the term cannot pass in a
    # browser session and a sent form cannot be backdated through the screens, so after
    # seeing that, the walk sets it to 0 (tests/calibration/test_exemplar_bank.py covers it).
    visit(STUDENT, f"{base}/", "overzicht-binnen-beroepstermijn")
    expect_text(STUDENT, "Na de beroepstermijn vragen we je toestemming")
    follow(STUDENT, "Toestemming voorbeeldformulieren", "toestemming-binnen-beroepstermijn")
    expect_text(STUDENT, "Je kunt toestemming geven vanaf")
    follow(STUDENT, re.compile("^Eindbeoordeling"), "toestemming-nog-niet")
    expect_text(STUDENT, "na de beroepstermijn")
    assert STUDENT.page.get_by_label("Toestemming gegeven").count() == 0
    settings.CALIBRATION_APPEAL_DAYS = 0
    consent(STUDENT, base)
    consent(MENTOR, base)
    publish_exemplar(INSTITUUTSOPLEIDER, ADMIN, base)
    pdf_without_names(ADMIN, base, "Downloaden als pdf")

    # 4–5. The schoolopleider of school B sets up a session; four judge blind.
    session_url = create_session(SO_B, base, today)
    verdicts = ("Voldaan", "Voldaan", "Voldaan", "Niet voldaan")
    for person, verdict in zip(PARTICIPANTS, verdicts, strict=True):
        indicator = judge(person, session_url, verdict)
        visit(person, session_url, "sessie-ingediend")
        others = [motivation(p) for p in PARTICIPANTS if p is not person]
        assert not any(text in person.page.content() for text in others), "not blind"

    # 6. The moderator shows the spread and records two agreements; the io makes a rule.
    visit(SO_B, session_url, "sessie-moderator")
    click(SO_B, "Spreiding tonen", "spreiding")
    expect_text(SO_B, "3 voldaan · 1 niet voldaan")
    expect_text(SO_B, motivation(MENTOR_C))
    page = SO_B.page
    for kind, text in (
        ("Interpretatie van een indicator", RULE),
        ("Beoordelingsproces", "Bij twijfel over een routine vraagt de mentor een tweede les."),
    ):
        page.get_by_label("Soort afspraak").select_option(label=kind)
        page.locator("#id_text").fill(text)
        if kind == "Beoordelingsproces":
            page.get_by_label("Actiepunt").fill(ACTION)
        if kind.startswith("Interpretatie"):
            option = page.locator("#id_indicator option").filter(has_text=indicator[:60])
            page.locator("#id_indicator").select_option(value=option.first.get_attribute("value"))
        click(SO_B, "Afspraak vastleggen", "afspraak")
        expect_text(SO_B, "De afspraak is vastgelegd.")
    assert page.get_by_role("button", name="Maak beslisregel").count() == 0
    expect_text(SO_B, f"Actiepunt: {ACTION} (open)")
    click(SO_B, "Markeer als afgehandeld", "actiepunt-afgehandeld")
    expect_text(SO_B, "Het actiepunt is afgehandeld.")
    expect_text(SO_B, f"Actiepunt: {ACTION} (afgehandeld)")
    follow(SO_B, "Sessieverslag", "sessieverslag")
    report_url = page.url

    visit(IO_B, session_url, "sessie-io")
    click(IO_B, "Maak beslisregel", "beslisregel")
    expect_text(IO_B, "De afspraak is een beslisregel")

    # 7. The werkplekbegeleider at school B sees the rule beside the indicator.
    open_own_form(MENTOR_B, STUDENT_B, base, "Tussenevaluatie")
    rule = MENTOR_B.page.locator(".decision-rule").filter(has_text=RULE)
    assert rule.first.is_visible()
    assert f"Afgesproken in kalibratiesessie van {today:%d-%m-%Y}" in rule.first.inner_text()

    # 8. The examencommissie reads the session report and the borgingsrapportage.
    give_role(ADMIN, base, EXAMENCOMMISSIE, "Examencommissie")
    accept_invitation(EXAMENCOMMISSIE, base)
    ec = EXAMENCOMMISSIE
    follow(ec, "Kalibreren", "kalibratiesessies-examencommissie")
    assert_no_names(ec.page.content())
    follow(ec, "Sessieverslag", "sessieverslag-examencommissie")
    assert ec.page.url == report_url
    expect_text(ec, "Sessieverslag: Kalibratie leerklimaat")
    assert_no_names(ec.page.content())
    pdf_without_names(ec, base, "Verslag als PDF")
    visit(
        ec, f"{base}/kalibreren/rapportages/borging/?schooljaar={school_year_of(today)}", "borging"
    )
    assert_no_names(ec.page.content())
    pdf_without_names(ec, base, "Rapportage downloaden (pdf)")
    href = ec.page.get_by_role("link", name="Cijfers downloaden (CSV)").get_attribute("href")
    response = ec.page.request.get(f"{base}{href}")
    assert response.headers["content-type"].startswith("text/csv")
    figures = response.body().decode("utf-8-sig")
    assert_no_names(figures)
    assert "sha256" in figures
