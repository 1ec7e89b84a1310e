"""Crawl checks of calibration-design.md §4 criteria 12, 14, 16, 17 and 18.

One world is built once for the module, inside a transaction rolled back at the end (as in
tests/test_access_matrix.py, whose world this extends): the people of a placement with seeded
names, and enough calibration data that figures are shown — two school years of sent
eindbeoordelingen by named werkplekbegeleiders at the schoolopleider's school, doubts, blind
audit pairs and revealed sessions — next to a small school whose figures are suppressed. Then
each role crawls, GET only, breadth-first from "/" and from the calibration pages, following
every internal link (CSV downloads included; PDFs are left out, their HTML twin is crawled).
The checks read what was fetched:

12. every figure carries n and its 95% interval. A figure is marked: rendered through
    templates/calibration/insight/_figure.html or _figure_cell.html, it carries `data-figure`,
    `data-n` and `data-ci`, and its text shows "n = …" and "95%-interval …". An unmarked
    figure — a table cell under a heading that names a statistic, or a cell or list item
    whose own text names one beside a number — must show "n = …" and an interval in its text.
    In a CSV, every statistic's value column has its n and interval columns, filled.
14. κ never without AC1 and PA never without NA: on a page, in a section, row or list item,
    and in a CSV row.
16. no table row or list item holds a staff member's name together with a figure (marked, a
    percentage, a decimal or "per 100"); the only exception is a werkplekbegeleider's own
    mirror seen by them. In a CSV, no row holds a name and a figure.
17. no page that names staff and shows a figure (marked, or a statistic's name, a percentage,
    a decimal, "per 100") offers sorting: no link or form field named like sort/order, no
    aria-sort, no link inside a column heading.
18. the student gets no 200 on a calibration URL except the consent pages.

The checkers are plain functions; the last tests feed them canned violations, so the crawl
is not vacuous.
"""

import csv
import datetime
import io
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from apps.accounts.models import Role, User
from tests.calibration.crawler import Fetched, RoleCrawl, calibration_starts
from tests.calibration.insight_world import (
    N,
    V,
    audit_items,
    doubt,
    judged,
    session_with,
)
from tests.factories import (
    ExemplarFactory,
    LearningOutcomeFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
)
from tests.test_access_matrix import MATRIX, build_world, url_name

ROLES = [
    "praktijkbureau",
    "examencommissie",
    "schoolopleider",
    "instituutsopleider",
    "werkplekbegeleider",
    "student",
]
CONSENT_PAGES = {"calibration:exemplar_consents", "calibration:exemplar_consent"}

# --- The world --------------------------------------------------------------------------------


def calibration_world(people, objects) -> dict:
    """Named werkplekbegeleiders' judgements at the schoolopleider's school over two school
    years (enough for figures), a small school with one named werkplekbegeleider (suppressed),
    doubts, blind audit pairs in both years (a new kijkkader version in the second) and a
    revealed session per year with the werkplekbegeleider persona among its people."""
    school = objects["placement"].school
    v1 = LearningOutcomeFactory(code="7.1", title="Didactisch handelen")
    v2 = LearningOutcomeFactory(code="7.1", version=2, previous=v1, title="Didactisch handelen")
    mentors = [
        people["werkplekbegeleider"],
        *UserFactory.create_batch(3, roles=[Role.WERKPLEKBEGELEIDER]),
    ]
    seconds = [
        people["instituutsopleider"],
        *UserFactory.create_batch(2, roles=[Role.INSTITUUTSOPLEIDER]),
    ]
    for year, outcome in (("2025-2026", v1), ("2026-2027", v2)):
        programme = ProgrammeFactory(default_outcomes=[outcome])
        sent_at = datetime.datetime(int(year[:4]) + 1, 3, 1, 12, tzinfo=datetime.UTC)
        entries = []
        for n, mentor in enumerate(mentors):
            verdict = N if n == 0 else V
            entries += judged(
                4,
                programme=programme,
                school=school,
                wpb=mentor,
                judgement=verdict,
                sent_at=sent_at,
            )
        for e in entries[::5]:
            doubt(e, final=N if e.judgement == V else V)
        pairs = [
            (e, (V if e.judgement == N else N) if i % 5 == 0 else e.judgement)
            for i, e in enumerate(entries)
        ]
        audit_items(pairs, second=seconds, school_year=year)
        exemplars = ExemplarFactory.create_batch(
            3, outcome=outcome, state="gepubliceerd", reference_judgement=V
        )
        session_with(
            [[V, V, N], [V, N, N], [V, V, V], [N, V, N]],
            school=school,
            year=year,
            exemplars=exemplars,
            people=mentors,
            organiser=people["schoolopleider"],
            show_names=year == "2026-2027",
            phase="afgesloten",
        )
    small = SchoolFactory(name="Kleine school")
    lonely = UserFactory(roles=[Role.WERKPLEKBEGELEIDER])
    entries = judged(3, programme=ProgrammeFactory(default_outcomes=[v2]), school=small, wpb=lonely)
    doubt(entries[0])
    return {"mentors": mentors}


@dataclass
class World:
    people: dict
    objects: dict
    names: list[str]
    fetched: dict[str, list[Fetched]]
    seconds: float


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built and crawled once for the module, rolled back after."""
    media = tmp_path_factory.mktemp("calibration-crawl-media")
    started = time.perf_counter()
    with (
        override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=media / "private"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        matrix_people, objects = build_world()
        people = {
            "praktijkbureau": matrix_people["admin"],
            "examencommissie": matrix_people["examencommissie"],
            "schoolopleider": matrix_people["schoolopleider"],
            "instituutsopleider": matrix_people["instituutsopleider"],
            "werkplekbegeleider": matrix_people["mentor"],
            "student": matrix_people["student"],
        }
        objects |= calibration_world(people, objects)
        names = sorted(
            n
            for n in User.objects.exclude(role_memberships__role=Role.STUDENT)
            .exclude(full_name="")
            .values_list("full_name", flat=True)
        )
        fetched = {}
        for role in ROLES:
            client = Client()
            client.force_login(people[role])
            fetched[role] = RoleCrawl(client).run(calibration_starts())
        student_direct = student_calibration_urls(objects)
        client = Client()
        client.force_login(people["student"])
        fetched["student"] += [
            Fetched(url, url_name(name), client.get(url).status_code, "", "")
            for name, url in student_direct
        ]
        yield World(people, objects, names, fetched, time.perf_counter() - started)
        transaction.set_rollback(True)


@pytest.fixture
def world(world_once, db):
    return world_once


def student_calibration_urls(objects) -> list[tuple[str, str]]:
    """Every calibration URL with a GET row in the access matrix, with its arguments."""
    return [
        (name, reverse(url_name(name), args=builder(objects) if builder else []))
        for name, (builder, methods) in MATRIX.items()
        if name.startswith("calibration:") and "GET" in methods
    ]


# --- An HTML tree, enough for the checks ------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    parent: "Node | None" = None
    children: list = field(default_factory=list)

    def text(self, *, skip_marked: bool = False) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not (skip_marked and "data-figure" in child.attrs):
                parts.append(child.text(skip_marked=skip_marked))
        return " ".join(parts)

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.stack[-1].tag not in ("script", "style"):
            self.stack[-1].children.append(data)


def tree(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


# --- The checkers -----------------------------------------------------------------------------

NUMBER = r"-?\d+(?:,\d+)?%?"
N_SHOWN = re.compile(r"n = \d+")
INTERVAL_SHOWN = re.compile(rf"95%-interval {NUMBER} – {NUMBER}")
CI_ATTR = re.compile(rf"^{NUMBER} – {NUMBER}$")
STATISTIC = re.compile(r"κ|\bAC1\b|α|\bPA\b|\bNA\b|\bp_o\b|p₀")
FIGURE_LIKE = re.compile(r"-?\d+,\d+|\d+\s?%|per 100")
KAPPA, AC1, PA, NA = "kappa", "ac1", "pa", "na"
SORT_PARAMS = {"sort", "sorteer", "sorteren", "order", "ordering", "o", "orden", "rank", "volgorde"}


def _space(text: str) -> str:
    return " ".join(text.split())


def figure_problems(html: str) -> list[str]:
    """Criteria 12 and 14 on one HTML page."""
    problems = []
    root = tree(html)
    nodes = list(root.walk())
    for node in nodes:
        if "data-figure" not in node.attrs:
            continue
        if "data-suppressed" in node.attrs or "data-undetermined" in node.attrs:
            continue
        text, attrs = _space(node.text()), node.attrs
        label = f"figure {attrs['data-figure']!r} ({text[:60]})"
        if (
            not re.fullmatch(r"\d+", attrs.get("data-n", ""))
            or f"n = {attrs['data-n']}" not in text
        ):
            problems.append(f"12: {label} without its n")
        if not CI_ATTR.match(attrs.get("data-ci", "")) or not INTERVAL_SHOWN.search(text):
            problems.append(f"12: {label} without its 95% interval")
    # Unmarked figures: a cell under a heading that names a statistic, or a cell or list item
    # whose own text names one beside a number.
    for table in (n for n in nodes if n.tag == "table"):
        heads = [
            _space(th.text())
            for th in table.walk()
            if th.tag == "th" and th.parent.parent.tag == "thead"
        ]
        for tr in (n for n in table.walk() if n.tag == "tr" and n.parent.tag != "thead"):
            cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
            for head, cell in zip(heads, cells, strict=False):
                own = _space(cell.text(skip_marked=True))
                if STATISTIC.search(head) and FIGURE_LIKE.search(own):
                    problems += _unmarked(f"{head}: {own}", own)
    for node in nodes:
        if node.tag in ("td", "li", "dd"):
            own = _space(node.text(skip_marked=True))
            if STATISTIC.search(own) and FIGURE_LIKE.search(own):
                problems += _unmarked(own, own)
    # Criterion 14, on the page and in every section, row and list item.
    for scope in [root, *(n for n in nodes if n.tag in ("section", "tr", "li"))]:
        shown = {d.attrs["data-figure"] for d in scope.walk() if "data-figure" in d.attrs}
        where = "the page" if scope is root else f"a {scope.tag} ({_space(scope.text())[:60]})"
        if KAPPA in shown and AC1 not in shown:
            problems.append(f"14: κ without AC1 in {where}")
        if PA in shown and NA not in shown:
            problems.append(f"14: PA without NA in {where}")
    return sorted(set(problems))


def _unmarked(label: str, text: str) -> list[str]:
    found = []
    if not N_SHOWN.search(text):
        found.append(f"12: unmarked figure without its n: {label[:90]}")
    if not INTERVAL_SHOWN.search(text):
        found.append(f"12: unmarked figure without its 95% interval: {label[:90]}")
    return found


def named_figure_problems(
    html: str, names: list[str], allowed: set[str] = frozenset()
) -> list[str]:
    """Criterion 16: a table row or list item with a staff member's name and a figure."""
    problems = []
    for node in tree(html).walk():
        if node.tag not in ("tr", "li"):
            continue
        text = _space(node.text())
        named = [n for n in names if n in text and n not in allowed]
        marked = any("data-figure" in d.attrs for d in node.walk())
        if named and (marked or FIGURE_LIKE.search(text)):
            problems.append(f"16: {named[0]!r} beside a figure in a {node.tag}: {text[:90]}")
    return problems


def sorting_problems(html: str, names: list[str]) -> list[str]:
    """Criterion 17: a page that names staff beside figures offers no sorting."""
    root = tree(html)
    text = _space(root.text())
    metrics = any("data-figure" in n.attrs for n in root.walk())
    if not any(n in text for n in names) or not (
        metrics or STATISTIC.search(text) or FIGURE_LIKE.search(text)
    ):
        return []
    problems = []
    for node in root.walk():
        if "aria-sort" in node.attrs:
            problems.append("17: a column with aria-sort")
        if node.tag == "a" and node.attrs.get("href"):
            keys = {k.lower() for k, _v in parse_qsl(urlsplit(node.attrs["href"]).query)}
            if keys & SORT_PARAMS:
                problems.append(f"17: a sort link {node.attrs['href']!r}")
            ancestor = node.parent
            while ancestor is not None and ancestor.tag != "th":
                ancestor = ancestor.parent
            if ancestor is not None and ancestor.parent and ancestor.parent.parent.tag == "thead":
                problems.append(f"17: a link in a column heading {node.attrs['href']!r}")
        if node.tag in ("input", "select") and node.attrs.get("name", "").lower() in SORT_PARAMS:
            problems.append(f"17: a sort field {node.attrs['name']!r}")
    return problems


def csv_problems(body: str, names: list[str]) -> list[str]:
    """Criteria 12, 14 and 16 on one CSV: a statistic's value column has its n and interval
    columns, filled where the value is; κ with AC1, PA with NA; no name beside a figure."""
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    if not rows:
        return []
    head, problems = rows[0], []
    index = {h: i for i, h in enumerate(head)}
    statistics = [
        h[: -len(" waarde")] for h in head if h.endswith(" waarde") and STATISTIC.search(h)
    ]

    def cell(row: list[str], column: str) -> str:
        i = index[column]
        return row[i] if i < len(row) else ""

    for stat in statistics:
        needed = [f"{stat} n", f"{stat} 95%-interval van", f"{stat} 95%-interval tot"]
        missing = [c for c in needed if c not in index]
        if missing:
            problems.append(f"12: column {stat!r} without {missing}")
            continue
        for row in rows[1:]:
            value = cell(row, f"{stat} waarde")
            if value and not all(cell(row, c) for c in needed):
                problems.append(f"12: {stat} {value} without n or interval in row {row[:2]}")
    for row in rows[1:]:
        filled = {s for s in statistics if cell(row, f"{s} waarde")}
        if "κ" in filled and "AC1" not in filled:
            problems.append(f"14: κ without AC1 in row {row[:2]}")
        if "PA" in filled and "NA" not in filled:
            problems.append(f"14: PA without NA in row {row[:2]}")
        text = " ".join(row)
        named = [n for n in names if n in text]
        if named and any(FIGURE_LIKE.search(c) for c in row):
            problems.append(f"16: {named[0]!r} beside a figure in CSV row {row[:3]}")
    return problems


# --- The crawl checks -------------------------------------------------------------------------


def pages(world: World, role: str):
    for page in world.fetched[role]:
        if page.status == 200 and page.content_type.startswith("text/html"):
            yield page


def csvs(world: World, role: str):
    for page in world.fetched[role]:
        if page.status == 200 and page.content_type.startswith("text/csv"):
            yield page


def test_the_crawl_reaches_the_calibration_pages_and_shows_figures(world):
    """Not vacuous: the staff reach the dashboard, the map and their CSVs; figures are shown
    (with n and interval) and some are suppressed."""
    for role in ("praktijkbureau", "examencommissie", "schoolopleider", "instituutsopleider"):
        views = {p.view for p in world.fetched[role] if p.status == 200}
        assert {"calibration:insight_dashboard", "calibration:insight_dashboard_csv"} <= views
        assert {"calibration:insight_map", "calibration:insight_map_csv"} <= views
    bodies = " ".join(p.body for p in pages(world, "praktijkbureau"))
    assert bodies.count('data-figure="kappa" data-n=') >= 2
    assert 'data-figure="alpha" data-n=' in bodies and "data-suppressed" in bodies
    assert "⚑ kijkkader gewijzigd: 7.1 (versie 2)" in bodies
    assert "⚑ andere voorbeeldset" in bodies
    register = [
        p for p in pages(world, "praktijkbureau") if p.view == "calibration:session_register"
    ]
    assert register and world.people["werkplekbegeleider"].full_name in register[0].body
    mirror = [
        p for p in pages(world, "werkplekbegeleider") if p.view == "calibration:session_mirror"
    ]
    assert mirror and "Jouw oordeel" in mirror[0].body
    print(
        f"\nworld built and crawled in {world.seconds:.1f} s:",
        {r: len(f) for r, f in world.fetched.items()},
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_figure_has_its_n_and_interval_and_kappa_its_ac1(world, role):
    """Criteria 12 and 14."""
    problems = [f"{p.url}: {x}" for p in pages(world, role) for x in figure_problems(p.body)]
    problems += [
        f"{p.url}: {x}"
        for p in csvs(world, role)
        for x in csv_problems(p.body, [])
        if not x.startswith("16")
    ]
    assert problems == []


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_name_beside_a_figure(world, role):
    """Criterion 16; the werkplekbegeleider's own mirror is theirs to see."""
    own = world.people[role].full_name
    problems = []
    for page in pages(world, role):
        allowed = {own} if page.view == "calibration:session_mirror" else set()
        problems += [
            f"{page.url}: {x}" for x in named_figure_problems(page.body, world.names, allowed)
        ]
    problems += [
        f"{p.url}: {x}"
        for p in csvs(world, role)
        for x in csv_problems(p.body, world.names)
        if x.startswith("16")
    ]
    assert problems == []


@pytest.mark.parametrize("role", ROLES)
def test_no_page_offers_sorting_of_named_assessors(world, role):
    """Criterion 17."""
    problems = [
        f"{p.url}: {x}" for p in pages(world, role) for x in sorting_problems(p.body, world.names)
    ]
    assert problems == []


def test_a_student_opens_no_calibration_page_but_the_consent_pages(world):
    """Criterion 18: crawled and every calibration URL of the access matrix asked directly."""
    opened = {
        (p.view, p.url)
        for p in world.fetched["student"]
        if p.status == 200 and (p.view or "").startswith("calibration:")
    }
    assert opened and {view for view, _url in opened} <= CONSENT_PAGES, opened


# --- The checkers catch what they look for ----------------------------------------------------

NAMES = ["Wendy Werkplek", "Sandra School"]
TILE = (
    '<div data-figure="kappa" data-n="12" data-ci="0,10 – 0,80">0,45 n = 12 · '
    "95%-interval 0,10 – 0,80</div>"
)


def test_the_checker_catches_a_named_figure_in_a_row_and_a_csv():
    page = (
        "<table><tr><td>Wendy Werkplek</td><td>92%</td></tr></table><ul><li>Sandra School</li></ul>"
    )
    assert named_figure_problems(page, NAMES) == [
        "16: 'Wendy Werkplek' beside a figure in a tr: Wendy Werkplek 92%"
    ]
    assert named_figure_problems(page, NAMES, allowed={"Wendy Werkplek"}) == []
    rows = (
        "Naam;κ waarde;κ n;κ 95%-interval van;κ 95%-interval tot\n"
        "Wendy Werkplek;0,45;12;0,10;0,80\n"
    )
    assert any(p.startswith("16: 'Wendy Werkplek'") for p in csv_problems(rows, NAMES))


def test_the_checker_catches_a_figure_without_n_or_interval():
    bare = '<div data-figure="alpha" data-n="12" data-ci="">0,45 n = 12</div>'
    assert figure_problems(bare) == ["12: figure 'alpha' (0,45 n = 12) without its 95% interval"]
    table = (
        "<table><thead><tr><th>Jaar</th><th>Cohens κ</th></tr></thead>"
        "<tbody><tr><td>2026</td><td>0,45</td></tr></tbody></table>"
    )
    assert "12: unmarked figure without its n: Cohens κ: 0,45" in figure_problems(table)
    assert figure_problems("<ul><li>α = 0,45 (n = 12; 95%-interval 0,10 – 0,80)</li></ul>") == []
    rows = "Jaar;α waarde;α n;α 95%-interval van;α 95%-interval tot\n2026;0,45;;0,10;0,80\n"
    assert csv_problems(rows, []) == ["12: α 0,45 without n or interval in row ['2026', '0,45']"]


def test_the_checker_catches_kappa_without_ac1_and_pa_without_na():
    assert figure_problems(f"<section>{TILE}</section>") == [
        "14: κ without AC1 in a section (0,45 n = 12 · 95%-interval 0,10 – 0,80)",
        "14: κ without AC1 in the page",
    ]
    pa = TILE.replace("kappa", "pa")
    assert figure_problems(pa + pa.replace('"pa"', '"na"')) == []


def test_the_checker_catches_sorting_on_a_page_that_names_staff_beside_figures():
    page = (
        '<table><thead><tr><th><a href="?kolom=na">NA</a></th></tr></thead>'
        "<tbody><tr><td>Wendy Werkplek</td><td>0,40</td></tr></tbody></table>"
        '<a href="?sort=na">sorteer</a>'
    )
    assert sorting_problems(page, NAMES) == [
        "17: a link in a column heading '?kolom=na'",
        "17: a sort link '?sort=na'",
    ]
    assert sorting_problems(page.replace("Wendy Werkplek", "Iemand"), NAMES) == []
    assert sorting_problems(page.replace("0,40", "aanwezig").replace("NA", "Naam"), NAMES) == []
