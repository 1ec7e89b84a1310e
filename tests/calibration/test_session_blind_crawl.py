"""Blindness by crawling (calibration-design.md §3.3, §3.4; criteria 1, 3, 4 and 20).

One world is built once for the module, inside a transaction rolled back at the end: four
participants of mixed roles (two werkplekbegeleiders, a schoolopleider, an instituutsopleider)
and a moderator share four sessions, one per phase, each with its own exemplar whose reference
annotation is a unique string, and with motivations unique per person and session:

- A, judging: P1 and P2 submitted, P3 keeps a draft, P0 has not started;
- B, everyone submitted, no reveal;
- C, revealed, reference not shown; P2 chose to show their name, the others did not;
- D, revealed and reference shown; P2 again named.

Beside them an audit sample item whose second assessor has not submitted, on an entry with a
unique first motivation, ticked indicators and a doubt decided with a unique rationale.

Each person crawls once, GET only, from "/", the calibration pages and every session's and
exemplar's URLs, following links (tests/calibration/crawler.py), reading HTML, CSV, JSON and
the text of every PDF (pypdf). The checks:

1. before P submitted in A: no motivation of another in A (drafts included), no share of ticks
   or distribution of A's exemplar, no checked box on P's own empty judging page;
3. in A and B (no reveal) nobody, the moderator included, sees another's motivation;
   after the reveal (C, D) a page that shows a motivation of the session names none of the
   session's participants who did not opt in (the viewer's own name aside: it heads every
   page); the one who opted in is named in the same list item as their motivation;
4. the reference annotations of A, B and C appear for no participant; D's does;
20. the second assessor finds neither the first motivation nor the decision's rationale, and no
    box is checked on the judging page.

The checkers are plain functions; the last tests feed them a canned leak (one in a compressed
PDF stream that a latin-1 decode would miss).
"""

import re
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from apps.accounts.models import Role
from apps.calibration.audit.services import audit_sample_draw
from apps.calibration.models import AuditItem
from apps.calibration.sessions.services import (
    SessionSetup,
    session_create,
    session_reference_reveal,
    session_reveal,
)
from tests.calibration.audit_world import assessors, new_schools, sent_eindbeoordelingen
from tests.calibration.conftest import judge, make_outcome, motivation_of
from tests.calibration.crawler import Fetched, RoleCrawl, calibration_starts, pdf_text
from tests.calibration.insight_world import doubt
from tests.factories import ExemplarFactory, UserFactory

PHASES = ("A", "B", "C", "D")
PARTICIPANTS = ("P0", "P1", "P2", "P3")
FIRST_MOTIVATION = "Daarom voldaan: MOTIVATIE-EERSTE"  # audit_world's, on the sent entry
DECISION = "EINDBESLUIT-BLINDCRAWL: na de dialoog toch niet voldaan."


def annotation_of(phase: str) -> str:
    return f"REFERENTIE-{phase}-BLINDCRAWL: routines zichtbaar, activeren nog niet."


@dataclass
class World:
    people: dict  # P0..P3, moderator, second
    sessions: dict  # phase -> session
    exemplars: dict  # phase -> exemplar
    item: AuditItem
    fetched: dict  # person key -> list[Fetched]
    seconds: float

    def motivation(self, phase: str, key: str) -> str:
        return motivation_of(self.people[key], self.sessions[phase])


def _people() -> dict:
    def user(name, role):
        return UserFactory(full_name=name, roles=[role])

    return {
        "P0": user("Wouter Eenwerkplek", Role.WERKPLEKBEGELEIDER),
        "P1": user("Wilma Tweewerkplek", Role.WERKPLEKBEGELEIDER),
        "P2": user("Sofie Schoolnaam", Role.SCHOOLOPLEIDER),
        "P3": user("Ivo Instituutnaam", Role.INSTITUUTSOPLEIDER),
        "moderator": user("Marit Moderatornaam", Role.SCHOOLOPLEIDER),
    }


def _session(phase, outcome, people) -> tuple:
    exemplar = ExemplarFactory(
        outcome=outcome,
        state="gepubliceerd",
        title=f"Voorbeeld fase {phase}",
        self_reflection="Ik oefende routines bij de start van de les.",
        reference_judgement="voldaan",
        reference_annotation=annotation_of(phase),
    )
    setup = SessionSetup(
        title=f"Kalibratie fase {phase}",
        scope="partnerschap",
        school=None,
        study_year=None,
        school_year="2026-2027",
        outcomes=[outcome],
        moment="eindbeoordeling",
        mode="voorwerk",
        held_on=date(2026, 11, 12),
        judge_before=None,
        moderator=people["moderator"],
        notulist=None,
        target_agreement=None,
        exemplars=[exemplar],
        participants=[people[k] for k in PARTICIPANTS],
    )
    return session_create(by=people["moderator"], setup=setup), exemplar


def _judged(session, people, keys, *, named=(), submit=True):
    for n, key in enumerate(keys):
        judge(
            session,
            people[key],
            verdict="niet_voldaan" if n % 2 else "voldaan",
            first_only=n % 2 == 1,
            motivation=motivation_of(people[key], session),
            show_name=key in named,
            submit=submit,
        )


def _audit_item() -> AuditItem:
    """One sampled entry (audit_world seeds its first motivation before it is sent), a doubt
    on it decided with a unique rationale; its second assessor has not submitted."""
    schools = new_schools(2)
    (placement,) = sent_eindbeoordelingen(1, schools=schools)
    assessors(1, schools=schools)
    office = UserFactory(roles=[Role.ADMIN])
    sample = audit_sample_draw(by=office, school_year="2026-2027", rate=Decimal("1"))
    item = sample.items.select_related("entry", "second_assessor").get()
    decided = doubt(item.entry, final="niet_voldaan")
    decided.rationale = DECISION
    decided.save(update_fields=["rationale"])
    return item


def starts_for(world_sessions, world_exemplars, item) -> list[str]:
    """Besides the crawler's starts: every URL of every session and exemplar, typed in, and
    the audit pages (access decides what opens)."""
    urls = [*calibration_starts(), reverse("calibration:audit_my_items")]
    for session in world_sessions.values():
        for name in ("session_detail", "session_judge", "session_report", "session_report_pdf"):
            urls.append(reverse(f"calibration:{name}", args=[session.pk]))
    for exemplar in world_exemplars.values():
        for name in ("exemplar_detail", "exemplar_pdf"):
            urls.append(reverse(f"calibration:{name}", args=[exemplar.pk]))
    urls.append(reverse("calibration:audit_judge", args=[item.pk]))
    return urls


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built and crawled once for the module, rolled back after."""
    media = tmp_path_factory.mktemp("blind-crawl-media")
    started = time.perf_counter()
    with (
        override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=media / "private"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        outcome = make_outcome()
        people = _people()
        sessions, exemplars = {}, {}
        for phase in PHASES:
            sessions[phase], exemplars[phase] = _session(phase, outcome, people)
        _judged(sessions["A"], people, ["P1", "P2"])
        _judged(sessions["A"], people, ["P3"], submit=False)
        _judged(sessions["B"], people, PARTICIPANTS)
        for phase in ("C", "D"):
            _judged(sessions[phase], people, PARTICIPANTS, named={"P2"})
            sessions[phase] = session_reveal(by=people["moderator"], session=sessions[phase])
        sessions["D"] = session_reference_reveal(by=people["moderator"], session=sessions["D"])
        item = _audit_item()
        people["second"] = item.second_assessor
        built = time.perf_counter() - started
        starts = starts_for(sessions, exemplars, item)
        fetched = {}
        for key, person in people.items():
            client = Client()
            client.force_login(person)
            fetched[key] = RoleCrawl(client, read_pdfs=True, max_pages=400).run(starts)
        world = World(people, sessions, exemplars, item, fetched, time.perf_counter() - started)
        print(f"\nblind crawl: built in {built:.1f} s, built and crawled in {world.seconds:.1f} s")
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(world_once, db):
    return world_once


# --- The checkers -----------------------------------------------------------------------------


def readable(fetched: list[Fetched]) -> list[Fetched]:
    return [f for f in fetched if f.status == 200 and f.body]


def occurrences(fetched: list[Fetched], needles: list[str]) -> list[str]:
    """Every (page, needle) where a needle shows."""
    return [f"{f.url}: {n[:40]}" for f in readable(fetched) for n in needles if n in f.body]


def spread_shown(fetched: list[Fetched], exemplar) -> list[str]:
    """Pages that show a distribution or a share of ticks for this exemplar: its number followed
    (tags aside) by "<n> voldaan ·" or "<t> van <n> (<p>%)"."""
    pattern = re.compile(rf"#{exemplar.pk}\b[^#]{{0,400}}?(\d+ voldaan ·|\d+ van \d+ \(\d+%\))")
    return [f.url for f in readable(fetched) if pattern.search(re.sub(r"<[^>]+>", " ", f.body))]


def checked_boxes(fetched: list[Fetched], url: str) -> int:
    """Checked boxes on the page at `url` (which must have been read)."""
    (page,) = [f for f in readable(fetched) if f.url == url]
    return len(re.findall(r"\bchecked\b", page.body))


def hidden_names_beside_motivations(
    fetched: list[Fetched], motivations: list[str], hidden: list[str]
) -> list[str]:
    """Criterion 3 after the reveal: a page (HTML, CSV or PDF text) that shows one of the
    session's motivations shows no name of its participants who did not opt in."""
    return [
        f"{f.url}: {name}"
        for f in readable(fetched)
        if any(m in f.body for m in motivations)
        for name in hidden
        if name in f.body
    ]


def named_beside(fetched: list[Fetched], motivation: str, name: str) -> bool:
    """The name shows in the same list item as the motivation."""
    items = (re.findall(r"<li\b.*?</li>", f.body, re.S) for f in readable(fetched))
    return any(motivation in li and name in li for page in items for li in page)


# --- The crawl checks -------------------------------------------------------------------------


def test_the_crawl_reaches_every_session_page_and_reads_pdfs(world):
    """Not vacuous: every participant opens the session pages and the reports' PDFs, the
    bank's readers the exemplar PDF, the second assessor their item; no crawl was cut off."""
    for key in (*PARTICIPANTS, "moderator"):
        opened = {(f.view, f.url) for f in readable(world.fetched[key])}
        for session in world.sessions.values():
            assert ("calibration:session_detail", f"/kalibreren/sessies/{session.pk}/") in opened
        pdfs = [f for f in readable(world.fetched[key]) if f.view.endswith("session_report_pdf")]
        assert len(pdfs) == 2 and all("Kalibratie fase" in f.body for f in pdfs), key
    for key in ("P2", "P3", "moderator"):  # schoolopleiders and the io read the bank
        pdfs = [f for f in readable(world.fetched[key]) if f.view == "calibration:exemplar_pdf"]
        assert len(pdfs) == 4 and all("routines" in f.body for f in pdfs), key
    assert "calibration:audit_judge" in {f.view for f in readable(world.fetched["second"])}
    assert all(len(f) < 400 for f in world.fetched.values())
    print({k: len(f) for k, f in world.fetched.items()}, f"{world.seconds:.1f} s")


@pytest.mark.parametrize("key", ["P0", "P3"])
def test_before_submitting_a_participant_finds_no_judgement_tick_or_reference(world, key):
    """Criterion 1, session A: P0 (nothing typed) and P3 (a draft) have not submitted."""
    fetched = world.fetched[key]
    others = [world.motivation("A", k) for k in PARTICIPANTS if k != key]
    assert occurrences(fetched, others) == []
    assert occurrences(fetched, [annotation_of("A")]) == []
    assert spread_shown(fetched, world.exemplars["A"]) == []
    if key == "P0":
        own_page = reverse("calibration:session_judge", args=[world.sessions["A"].pk])
        assert checked_boxes(fetched, own_page) == 0


@pytest.mark.parametrize("key", [*PARTICIPANTS, "moderator"])
def test_before_the_reveal_nobody_sees_another_motivation(world, key):
    """Criterion 3, sessions A and B: the moderator included."""
    fetched = world.fetched[key]
    for phase in ("A", "B"):
        others = [world.motivation(phase, k) for k in PARTICIPANTS if k != key]
        assert occurrences(fetched, others) == [], phase
        assert spread_shown(fetched, world.exemplars[phase]) == [], phase


@pytest.mark.parametrize("key", [*PARTICIPANTS, "moderator"])
def test_after_the_reveal_only_the_opted_in_name_shows_beside_motivations(world, key):
    """Criterion 3, sessions C and D: P2 opted in, P0, P1 and P3 did not."""
    fetched = world.fetched[key]
    hidden = [world.people[k].full_name for k in ("P0", "P1", "P3") if k != key]
    for phase in ("C", "D"):
        motivations = [world.motivation(phase, k) for k in PARTICIPANTS]
        assert all(occurrences(fetched, [m]) for m in motivations), phase
        assert hidden_names_beside_motivations(fetched, motivations, hidden) == [], phase
        assert named_beside(fetched, world.motivation(phase, "P2"), world.people["P2"].full_name)


@pytest.mark.parametrize("key", PARTICIPANTS)
def test_the_reference_shows_only_after_its_reveal(world, key):
    """Criterion 4: A, B and C keep their reference from every participant; D shows it."""
    fetched = world.fetched[key]
    assert occurrences(fetched, [annotation_of(p) for p in ("A", "B", "C")]) == []
    assert occurrences(fetched, [annotation_of("D")])


def test_the_second_assessor_sees_no_first_judgement_before_submitting(world):
    """Criterion 20: no first motivation, no decision, no ticked box (the entry's ticks)."""
    fetched = world.fetched["second"]
    assert FIRST_MOTIVATION in world.item.entry.motivation
    assert occurrences(fetched, [FIRST_MOTIVATION, DECISION]) == []
    assert checked_boxes(fetched, reverse("calibration:audit_judge", args=[world.item.pk])) == 0


# --- The checkers catch what they look for ----------------------------------------------------


def _page(body: str, view: str = "calibration:session_detail", url: str = "/x/") -> Fetched:
    return Fetched(url, view, 200, "text/html", body)


def test_the_checkers_catch_a_leaking_page():
    motivation = "MOTIVATIE-7-S3-UNIEK: routines."

    class Exemplar:
        pk = 41

    leak = _page(
        f"<ul><li><strong>#41 Voorbeeld</strong>: 2 voldaan · 1 niet voldaan</li>"
        f"<li>{motivation} — Wouter Eenwerkplek</li></ul>"
        '<input type="checkbox" checked>'
    )
    assert occurrences([leak], [motivation]) == ["/x/: MOTIVATIE-7-S3-UNIEK: routines."]
    assert spread_shown([leak], Exemplar) == ["/x/"]
    assert checked_boxes([leak], "/x/") == 1
    assert hidden_names_beside_motivations([leak], [motivation], ["Wouter Eenwerkplek"]) == [
        "/x/: Wouter Eenwerkplek"
    ]
    assert named_beside([leak], motivation, "Wouter Eenwerkplek")
    ticks = _page("<tr><td>#41</td><td>I1 Je past routines toe.</td><td>2 van 3 (67%)</td></tr>")
    assert spread_shown([ticks], Exemplar) == ["/x/"]


def test_a_motivation_in_a_compressed_pdf_is_found_by_its_text():
    """The old fixed-list check decoded PDFs as latin-1: a compressed stream hides the text."""
    from weasyprint import HTML

    motivation = "MOTIVATIE-7-S3-UNIEK"
    data = HTML(string=f"<p>{motivation}</p>").write_pdf()
    assert motivation not in data.decode("latin-1")
    pdf = Fetched("/x.pdf", "calibration:exemplar_pdf", 200, "application/pdf", pdf_text(data))
    assert occurrences([pdf], [motivation]) == ["/x.pdf: MOTIVATIE-7-S3-UNIEK"]
