"""A real year, in real Chromium, only through the screens.

The database starts the way a real institute starts: the seed fixtures (rubrics, outcomes,
leidraad, conversation guide) and one superuser made the way `manage.py createsuperuser` makes
one. Everything after that is done by people in their own browsers (one context each, Dutch):

1. the praktijkbureau creates the institute, the programme, the school and the periods in the
   Django admin and imports a file naming a student and her three guides;
2. each new person comes in through the invitation in their mail and chooses a password;
3. the student and the werkplekbegeleider go round the cycle: kennismaking, leerplan
   (returned once, then approved), a logbook week with a comment, the tussenevaluatie and the
   eindbeoordeling; the student downloads the PDF;
4. the opleider of the institute (named in the import, as is the slb'er) doubts a judgement
   and holds the dialogue with the werkplekbegeleider; it reaches no agreement before its
   deadline, so the daily job (`send_reminders`, as cron runs it) brings in the
   instituutsopleider, a different person, who decides; student and werkplekbegeleider both
   see the decision.

No service call, factory or demo data brings the database to any state on the way.
With WALK_SHOTS=1, screenshots of every step land in /tmp/walk/.
"""

import csv
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.browser.helpers import assert_accessible, with_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/walk")
PASSWORD = "Zomer-op-de-Waal-2031"
SEED_FIXTURES = ["rubrics", "outcomes", "leidraad", "conversation_guide"]

INSTITUTE = "Hogeschool Rivierstad"
PROGRAMME = ("BI", "Lerarenopleiding Biologie")
SCHOOL = ("Zuiderlicht College", "Nijmegen")
YEAR_TWO_OUTCOMES = [
    "Creëren van positief leerklimaat",
    "Afstemmen op de lerende",
    "Leerstof verwerken",
    "persoonlijke en professionele identiteit",
    "Leren en lesgeven met ict",
]


@dataclass
class Person:
    name: str
    email: str
    page: object = None
    steps: list = field(default_factory=list)


ADMIN = Person("Petra Praktijkbureau", "praktijkbureau@rivierstad.example.nl")
STUDENT = Person("Fenna Kuipers-Ouali", "fenna.kuipers@student.rivierstad.example.nl")
MENTOR = Person("Joris van den Akker", "j.vandenakker@zuiderlicht.example.nl")
SCHOOLOPLEIDER = Person("Marieke Hoekstra", "m.hoekstra@zuiderlicht.example.nl")
INSTITUUTSOPLEIDER = Person("Thijs Brouwer", "t.brouwer@rivierstad.example.nl")
OPLEIDER = Person("Ruud Verbeek", "r.verbeek@rivierstad.example.nl")
SLB = Person("Anouk de Graaf", "a.degraaf@rivierstad.example.nl")
STUDENT_NUMBER = "2087341"

CONCRETE = (
    "In de les van dinsdag in 2B opende je met een vraag op het bord; binnen twee minuten "
    "was de klas stil en je sprak twee leerlingen die bleven praten rustig apart aan."
)
FIRST_GOAL = "Ik wil een rustige start van mijn lessen."
SHARPER_GOAL = (
    "Ik begin elke les met een vaste routine: een vraag op het bord en stilte binnen 2 minuten."
)


# --- Browsers ---------------------------------------------------------------------------------


@pytest.fixture
def open_browser(browser):
    """One browser context per person, in Dutch; every page they load must pass axe-core."""
    contexts = []

    def open_for(person: Person) -> None:
        context = with_axe(
            browser.new_context(locale="nl-NL", bypass_csp=True, accept_downloads=True)
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.axe_checked, page.loaded = set(), []
        page.on("load", lambda p: p.loaded.append(p.url.split("#")[0]))
        person.page = page
        contexts.append((context, page))

    yield open_for
    unchecked = set()
    for context, page in contexts:
        unchecked |= set(page.loaded) - page.axe_checked
        context.close()
    assert sorted(unchecked) == [], f"pages visited without an axe-core check: {unchecked}"


def shot(person: Person, name: str) -> None:
    """A picture of the step, only when asked for (WALK_SHOTS=1): it asserts nothing and takes
    a third of the walk's time."""
    if not os.environ.get("WALK_SHOTS"):
        return
    SHOTS.mkdir(exist_ok=True)
    person.page.screenshot(
        path=SHOTS / f"{len(list(SHOTS.glob('*.png'))):03d}-{name}.png", full_page=True
    )


def checked(person: Person, name: str) -> None:
    """The page has loaded: check it with axe-core and take its picture."""
    person.page.wait_for_load_state()
    assert_accessible(person.page)
    shot(person, name)


def visit(person: Person, url: str, name: str) -> None:
    person.page.goto(url)
    checked(person, name)


def click(person: Person, name: str, shot_name: str, *, role: str = "button", exact=None) -> None:
    person.page.get_by_role(role, name=name, exact=exact).first.click()
    checked(person, shot_name)


def follow(person: Person, name, shot_name: str) -> None:
    click(person, name, shot_name, role="link")


def expect_text(person: Person, text) -> None:
    assert person.page.get_by_text(text).first.is_visible(), f"not on {person.page.url}: {text}"


def log_in(person: Person, base: str) -> None:
    visit(person, f"{base}/accounts/inloggen/", "inloggen")
    person.page.get_by_label("E-mailadres").fill(person.email)
    person.page.get_by_label("Wachtwoord").fill(PASSWORD)
    click(person, "Inloggen", "overzicht")


# --- 0. What exists before anyone logs in -----------------------------------------------------


def institute_starts(monkeypatch) -> None:
    """The seed content, and the first account as `manage.py createsuperuser` makes it."""
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        email=ADMIN.email,
        full_name=ADMIN.name,
        verbosity=0,
    )


# --- 1. The praktijkbureau prepares the year --------------------------------------------------


def admin_add(person: Person, base: str, model_plural: str, fill) -> None:
    """In the Django admin: the model's 'Toevoegen' link, fill in, save."""
    visit(person, f"{base}/admin/", "beheer")
    page = person.page
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=model_plural, exact=True)
    )
    row.get_by_role("link", name="Toevoegen").click()
    checked(person, f"beheer-{model_plural.lower()}-toevoegen")
    fill(person.page)
    click(person, "Opslaan", f"beheer-{model_plural.lower()}-opgeslagen", exact=True)
    expect_text(person, "met succes toegevoegd")


def prepare_year(admin: Person, base: str, periods: dict[str, tuple[date, date]]) -> None:
    def institute(page):
        page.get_by_label("Naam").fill(INSTITUTE)

    def programme(page):
        page.get_by_label("Instituut").select_option(label=INSTITUTE)
        page.get_by_label("Code").fill(PROGRAMME[0])
        page.get_by_label("Naam").fill(PROGRAMME[1])
        for title in YEAR_TWO_OUTCOMES:
            page.get_by_label(re.compile(re.escape(title), re.I)).check()

    def school(page):
        page.get_by_label("Naam").fill(SCHOOL[0])
        page.get_by_label("Plaats").fill(SCHOOL[1])

    admin_add(admin, base, "Instituten", institute)
    admin_add(admin, base, "Opleidingen", programme)
    admin_add(admin, base, "Scholen", school)
    for name, (start, end) in periods.items():

        def period(page, name=name, start=start, end=end):
            page.get_by_label("Naam").fill(name)
            page.get_by_label("Begindatum").fill(f"{start:%d-%m-%Y}")
            page.get_by_label("Einddatum").fill(f"{end:%d-%m-%Y}")

        admin_add(admin, base, "Periodes", period)


def import_file(tmp_path: Path, periods: list[str]) -> Path:
    """The file the praktijkbureau fills in, in the template's columns (Dutch Excel CSV)."""
    row = {
        "studentnummer": STUDENT_NUMBER,
        "naam student": STUDENT.name,
        "e-mail student": STUDENT.email,
        "opleiding": PROGRAMME[0],
        "studiejaar": "2",
        "voltijd/deeltijd": "voltijd",
        "school": SCHOOL[0],
        "naam werkplekbegeleider": MENTOR.name,
        "e-mail werkplekbegeleider": MENTOR.email,
        "telefoon werkplekbegeleider": "",
        "naam schoolopleider": SCHOOLOPLEIDER.name,
        "e-mail schoolopleider": SCHOOLOPLEIDER.email,
        "telefoon schoolopleider": "",
        "naam instituutsopleider": INSTITUUTSOPLEIDER.name,
        "e-mail instituutsopleider": INSTITUUTSOPLEIDER.email,
        "naam opleider instituut": OPLEIDER.name,
        "e-mail opleider instituut": OPLEIDER.email,
        "naam slb'er": SLB.name,
        "e-mail slb'er": SLB.email,
        "periode": " + ".join(periods),
        "begindatum": "",
        "einddatum": "",
        "pilot vakdidactiek": "",
        "vakdidactiek jaar 2": "",
        "professionele houding behaald": "",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(row)
    path = tmp_path / "stages-jaar-2.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def import_people(admin: Person, base: str, path: Path) -> None:
    visit(admin, f"{base}/", "praktijkbureau-overzicht")
    follow(admin, "Importeren", "import")
    with admin.page.expect_download() as template:
        admin.page.get_by_role("link", name="CSV").click()
    headers = template.value.path().read_text(encoding="utf-8-sig").splitlines()[0]
    assert headers.split(";") == path.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    admin.page.get_by_label(re.compile("Bestand", re.I)).set_input_files(str(path))
    click(admin, "Voorbeeld bekijken", "import-voorbeeld")
    expect_text(admin, "Nieuwe stage")
    expect_text(admin, f"nieuw account voor student {STUDENT.name}")
    click(admin, "Bevestigen en importeren", "import-klaar")
    expect_text(admin, "Import voltooid: 1 nieuwe stage,")


# --- 2. The new people come in ----------------------------------------------------------------


def invitation_link(person: Person) -> str:
    [message] = [m for m in mail.outbox if person.email in m.to]
    return re.search(r"http\S+", message.body).group(0)


def accept_invitation(person: Person, base: str) -> None:
    """The link in the mail, opened as the person finds it: choose a password, logged in."""
    link = invitation_link(person)
    assert link.startswith(f"{base}/"), f"the invitation points elsewhere: {link}"
    visit(person, link, "uitnodiging")
    password, again = person.page.locator("input[type=password]").all()
    password.fill(PASSWORD)
    again.fill(PASSWORD)
    click(person, re.compile("wachtwoord", re.I), "wachtwoord-gekozen")
    assert person.page.get_by_role("button", name="Uitloggen").is_visible()
    expect_text(person, person.name)


# --- 3. The cycle -----------------------------------------------------------------------------


def open_placement(person: Person, base: str) -> None:
    """From the dashboard to the student's placement."""
    visit(person, f"{base}/", "overzicht")
    link = person.page.get_by_role(
        "link", name=re.compile(f"^({re.escape(STUDENT.name)}|Stage bij {SCHOOL[0]})$")
    )
    link.first.click()
    checked(person, "stage")
    expect_text(person, f"Stage van {STUDENT.name} bij {SCHOOL[0]}")


def kennismaking(student: Person, mentor: Person, base: str) -> None:
    open_placement(student, base)
    follow(student, "Verslag", "kennismaking")
    page = student.page
    page.get_by_label("Ontwikkeling in jaar 1", exact=True).fill(
        "In jaar 1 leerde ik vooral orde houden."
    )
    page.get_by_label("Aanwezige dagen", exact=True).fill("maandag en dinsdag")
    page.get_by_label("Klassen", exact=True).fill("2B, 3H")
    page.get_by_label("Eerste les", exact=True).fill("dinsdag het 3e uur in 2B")
    click(student, "Verslag opslaan", "kennismaking-opgeslagen")
    expect_text(student, "Het verslag van het kennismakingsgesprek is opgeslagen")

    open_placement(mentor, base)
    follow(mentor, "Verslag", "kennismaking-mentor")
    assert mentor.page.get_by_label("Klassen", exact=True).input_value() == "2B, 3H"


def write_leerplan(student: Person, base: str) -> None:
    """One outcome at a time, then the wishes for guidance; then submit."""
    open_placement(student, base)
    follow(student, "Persoonlijk leerplan", "leerplan")
    expect_text(student, f"0 van {len(YEAR_TWO_OUTCOMES)} uitgewerkt")
    follow(student, re.compile("^Uitwerken: "), "leerplan-stap")
    page = student.page
    while page.get_by_label("Mijn doel", exact=True).count():
        page.get_by_label("Waarom is deze leeruitkomst belangrijk voor mij?").fill(
            "Mijn klassen leren pas als het rustig en veilig is."
        )
        page.get_by_label("Mijn doel", exact=True).fill(FIRST_GOAL)
        page.get_by_label("Wat ga ik doen om daar te komen? (leeractiviteiten)").fill(
            "Twee lessen van mijn werkplekbegeleider observeren en zijn start nadoen."
        )
        page.get_by_label("Voldoende: wanneer zijn we tevreden?").fill(
            "Als de klas in vier van de vijf lessen binnen twee minuten aan het werk is."
        )
        click(student, "Opslaan en volgende", "leerplan-stap")
    page.get_by_label("Bij welke leeruitkomsten wil ik graag geholpen worden?").fill("5.1 en 5.2")
    click(student, "Opslaan en naar het overzicht", "leerplan-overzicht")
    expect_text(student, f"{len(YEAR_TWO_OUTCOMES)} van {len(YEAR_TWO_OUTCOMES)} uitgewerkt")
    click(student, "Indienen ter goedkeuring", "leerplan-ingediend")
    expect_text(student, "Je leerplan is ingediend")


def decide_leerplan(mentor: Person, base: str, choice: str, comment: str = "") -> None:
    open_placement(mentor, base)
    follow(mentor, "Persoonlijk leerplan", "leerplan-mentor")
    mentor.page.get_by_label(choice).check()
    if comment:
        mentor.page.get_by_label("Opmerkingen", exact=True).fill(comment)
    click(mentor, "Besluit opslaan", "leerplan-besluit")


def leerplan(student: Person, mentor: Person, base: str) -> None:
    write_leerplan(student, base)
    decide_leerplan(
        mentor, base, "Teruggeven met opmerkingen", "Maak je doel concreet: wat zie ik je doen?"
    )
    expect_text(mentor, "teruggegeven")

    open_placement(student, base)
    follow(student, "Persoonlijk leerplan", "leerplan-teruggegeven")
    expect_text(student, "Maak je doel concreet")
    follow(student, re.compile("^Bekijken of aanpassen: "), "leerplan-aanpassen")
    student.page.get_by_label("Mijn doel", exact=True).fill(SHARPER_GOAL)
    click(student, "Opslaan en naar het overzicht", "leerplan-aangepast")
    click(student, "Indienen ter goedkeuring", "leerplan-opnieuw-ingediend")
    expect_text(student, "(versie 2)")

    decide_leerplan(mentor, base, "Goedkeuren (didactisch en pedagogisch)")
    expect_text(mentor, "Het leerplan is goedgekeurd.")


def logbook_week(student: Person, mentor: Person, base: str) -> None:
    open_placement(student, base)
    follow(student, "Logboek begeleidingsgesprekken", "logboek")
    page = student.page
    page.get_by_label("Wat heb ik gedaan?").fill("Drie lessen in 2B gegeven over de cel.")
    page.get_by_label("Reflectie").fill("De start ging goed, de uitleg was te lang.")
    page.get_by_label("Nieuwe doelen").fill("Uitleg in hooguit tien minuten.")
    click(student, "Vastleggen", "logboek-week")
    expect_text(student, "Je begeleidingsgesprek is vastgelegd")

    open_placement(mentor, base)
    follow(mentor, "Logboek begeleidingsgesprekken", "logboek-mentor")
    follow(mentor, re.compile("Begeleidingsgesprek 1"), "logboek-week-mentor")
    mentor.page.get_by_label("Opmerking").fill("Mooi: volgende week een timer op het bord?")
    click(mentor, "Opmerking plaatsen", "logboek-opmerking")
    expect_text(mentor, "een timer op het bord")


def mark_held(person: Person, base: str, kind: str) -> None:
    """On the placement's timeline: the conversation took place today."""
    open_placement(person, base)
    click(person, f"Gehouden ({kind})", f"{kind.lower()}-gehouden")
    expect_text(person, f"{kind} is vastgelegd als gehouden")


def open_form(person: Person, base: str, kind: str) -> None:
    open_placement(person, base)
    follow(person, re.compile(f"^Formulier {kind}"), f"formulier-{kind.lower()}")


def reflect(student: Person, base: str, kind: str) -> None:
    open_form(student, base, kind)
    boxes = student.page.get_by_label("Zelfreflectie").all()
    assert boxes, "no self-reflection to write"
    for box in boxes:
        box.fill(
            "Ik begon elke les met een vraag op het bord; de klas was binnen twee minuten stil."
        )
    click(student, "Indienen bij werkplekbegeleider", f"{kind.lower()}-zelfreflectie")
    expect_text(student, "Je zelfreflectie is ingediend")


def give_feedback_and_send(mentor: Person, base: str, kind: str, judged: bool) -> None:
    open_form(mentor, base, kind)
    page = mentor.page
    page.get_by_role("checkbox").first.check()  # an indicator seen, on the first outcome
    for box in page.get_by_label("Feedback", exact=True).all():
        box.fill(CONCRETE)
    for box in page.get_by_label("Feed-forward").all():
        box.fill("Volgende stap: de instructie korter maken en een controlevraag stellen.")
    if judged:
        for choice in page.get_by_label("Voldaan", exact=True).all():
            choice.check()
        for choice in page.get_by_label("Ja", exact=True).all():
            choice.check()
        for box in page.get_by_label("Motivatie bij het oordeel").all():
            box.fill(CONCRETE)
    # PPI and ict: the three steps, at the tussenevaluatie as well (handbook ch.2).
    for box in page.get_by_label("Ontwikkeling die is doorgemaakt").all():
        box.fill("Van losse lessen naar een lessenreeks met een vaste opbouw.")
    for box in page.get_by_label("Ontwikkeling die nog gemaakt moet worden").all():
        box.fill("Keuzes in de les onderbouwen met wat leerlingen al weten.")
    click(mentor, "Opslaan", f"{kind.lower()}-feedback", exact=True)
    expect_text(mentor, "De feedback is opgeslagen")
    click(mentor, "Formulier verzenden", f"{kind.lower()}-verzonden")
    expect_text(mentor, "Het formulier is verzonden")


def download_pdf(student: Person, base: str, kind: str) -> None:
    open_form(student, base, kind)
    expect_text(student, CONCRETE)
    with student.page.expect_download() as download:
        student.page.get_by_role("link", name=re.compile("pdf", re.I)).first.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert STUDENT.name in re.sub(r"\s+", " ", text)


# --- 4. A judgement in doubt ------------------------------------------------------------------


def doubt_and_dialogue(opleider: Person, mentor: Person, base: str) -> None:
    """ "Bij twijfel of inconsistenties volgt altijd collegiale dialoog met de opleider van de
    HAN." """
    open_form(opleider, base, "Eindbeoordeling")
    opleider.page.get_by_label(
        "Twijfel je aan dit oordeel? Wat voor twijfel is het?"
    ).first.select_option(label="Niveau of cesuur")
    opleider.page.get_by_label("Geef de reden.").first.fill(
        "De motivatie noemt één les; is dit routinematig handelen in herkenbare situaties?"
    )
    click(opleider, "Oordeel in twijfel trekken", "twijfel")
    expect_text(opleider, "Twijfel over een oordeel")
    expect_text(opleider, "Dialoog afronden uiterlijk")

    open_placement(mentor, base)
    follow(mentor, re.compile("Twijfel over het oordeel"), "dialoog-mentor")
    mentor.page.get_by_label("Bericht").fill(
        "Ook in 3H zag ik het twee weken achter elkaar; ik blijf bij voldaan."
    )
    click(mentor, "Bericht plaatsen", "dialoog-bericht")
    expect_text(mentor, "Ook in 3H zag ik het")


def deadline_passes(today: date) -> None:
    """ "Lukt het niet om binnen redelijke termijn tot overeenstemming te komen … dan wordt
    de instituutsopleider ingeschakeld." Three weeks on, the daily job runs as cron runs it."""
    out = io.StringIO()
    call_command("send_reminders", f"--today={today + timedelta(weeks=3)}", stdout=out)
    assert "de instituutsopleider is ingeschakeld" in out.getvalue()


def decide(io_person: Person, base: str) -> None:
    """ "Deze weegt de argumenten en neemt de eindbeslissing." """
    open_placement(io_person, base)
    follow(io_person, re.compile("Twijfel over het oordeel"), "dialoog-io")
    expect_text(io_person, "(termijn verstreken)")
    page = io_person.page
    page.get_by_label("Geen overeenstemming: de instituutsopleider besluit").check()
    page.get_by_label("Niet voldaan").check()
    page.get_by_label("Onderbouwing").fill("Twee weken in twee klassen is nog geen routine.")
    click(io_person, "Vastleggen", "besluit")
    expect_text(io_person, "Besloten door instituutsopleider")
    expect_text(io_person, INSTITUUTSOPLEIDER.name)


def sees_the_decision(person: Person, base: str) -> None:
    open_form(person, base, "Eindbeoordeling")
    expect_text(person, "Vastgesteld oordeel: Niet voldaan")
    expect_text(person, "Oorspronkelijk oordeel: Voldaan")


# --- The walk ---------------------------------------------------------------------------------


def test_a_real_year_from_the_import_to_the_decided_judgement(
    open_browser, live_server, tmp_path, monkeypatch, settings
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
    everyone = (ADMIN, STUDENT, MENTOR, SCHOOLOPLEIDER, INSTITUUTSOPLEIDER, OPLEIDER)
    for person in everyone:
        open_browser(person)

    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_people(ADMIN, base, import_file(tmp_path, list(periods)))

    for person in (STUDENT, MENTOR, SCHOOLOPLEIDER, INSTITUUTSOPLEIDER, OPLEIDER):
        accept_invitation(person, base)

    kennismaking(STUDENT, MENTOR, base)
    mark_held(STUDENT, base, "Kennismakingsgesprek")
    mark_held(MENTOR, base, "Startgesprek")
    leerplan(STUDENT, MENTOR, base)
    logbook_week(STUDENT, MENTOR, base)

    mark_held(MENTOR, base, "Tussenevaluatie")
    reflect(STUDENT, base, "Tussenevaluatie")
    give_feedback_and_send(MENTOR, base, "Tussenevaluatie", judged=False)
    mark_held(MENTOR, base, "Eindbeoordeling")
    reflect(STUDENT, base, "Eindbeoordeling")
    give_feedback_and_send(MENTOR, base, "Eindbeoordeling", judged=True)
    download_pdf(STUDENT, base, "Eindbeoordeling")

    doubt_and_dialogue(OPLEIDER, MENTOR, base)
    deadline_passes(today)
    decide(INSTITUUTSOPLEIDER, base)
    sees_the_decision(STUDENT, base)
    sees_the_decision(MENTOR, base)
