"""Crawl the demo as every demo user: no page breaks on realistic data for any role.

The seed fixtures and `seed_demo` (which fills every feature, from the logbook to the team
heatmap and a dossier, so no page is crawled empty) are loaded once for this module, inside a
transaction that is rolled back at the end, so nothing leaks into other test modules (each test
adds its own savepoint through `db`). Per user the crawl starts at "/" and follows every
internal <a href> breadth-first (GET only), and reports every failure at once with the user, the
page and the link:

- no 5xx anywhere;
- a link a page offers opens: no 404, 403 or 405, and no redirect to the login page;
- every HTML page has <html lang="..."> and a non-empty <title>, no id twice, and no label
  for an element that is not there.

URLs are deduplicated per user by pattern (URL name and query parameter names): a few of each
suffice to exercise a template on real data, and keep the run short. Downloads (CSV, PDF, ICS)
are fetched and checked for their status but not parsed. Inside /admin/ only the index is
fetched; logout and the language switch are forms, not links, and are skipped if linked.
"""

import io
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import weasyprint
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from apps.accounts.models import User
from apps.core import pdf
from apps.demo.management.commands.seed_demo import SEED_FIXTURES

DEMO_USERS = (
    ["admin@demo.test"]
    + [f"student{n}@demo.test" for n in range(1, 13)]
    + [f"wpb{n}@demo.test" for n in range(1, 7)]
    + ["so1@demo.test", "so2@demo.test", "io1@demo.test", "io2@demo.test"]
)
PER_PATTERN = 3  # URLs fetched per (URL name, query parameter names), per user
PER_DOWNLOAD = 1  # the same for URL names that answered with something other than HTML
DOWNLOAD_NAMES: set[str] = set()
MAX_PAGES = 250  # per user; a crawl that reaches it has found a link explosion
SKIPPED_NAMES = {"accounts:logout", "set_language"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed content and the demo partnership, once for the module and rolled back after
    (pytest-django's per-test transaction nests inside as a savepoint). Stored PDFs go to a
    temporary folder; WeasyPrint renders each distinct HTML once (see `MemoHTML`)."""
    media = tmp_path_factory.mktemp("crawl-media")
    with (
        override_settings(MEDIA_ROOT=media),
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setattr(pdf, "weasyprint", SimpleNamespace(HTML=MemoHTML))
        call_command("loaddata", *SEED_FIXTURES, verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


class MemoHTML:
    """weasyprint.HTML that renders the same HTML to PDF only once. The views, their access
    checks and templates run for every request; only the layout engine's work, which depends
    on nothing but the HTML, is reused (it is most of the crawl's time otherwise)."""

    rendered: dict[str, bytes] = {}

    def __init__(self, *, string: str, **options) -> None:
        self.string = string
        self.options = options

    def write_pdf(self) -> bytes:
        if self.string not in self.rendered:
            document = weasyprint.HTML(string=self.string, **self.options)
            self.rendered[self.string] = document.write_pdf()
        return self.rendered[self.string]


class PageParser(HTMLParser):
    """The links, the <html lang> and the <title> of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: Counter = Counter()
        self.label_targets: list[str] = []
        self.lang: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids[values["id"]] += 1
        if tag == "label" and values.get("for"):
            self.label_targets.append(values["for"])
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@dataclass
class Crawl:
    user: str
    client: Client
    seen: set[str] = field(default_factory=set)
    per_pattern: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    fetched: int = 0

    def pattern(self, url: str) -> tuple[str, tuple[str, ...]] | None:
        """The dedupe key of a URL, or None when it is not ours to crawl."""
        parts = urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            return ("<unresolved>", ())
        if match.view_name in SKIPPED_NAMES:
            return None
        if match.view_name.startswith("admin:") and match.view_name != "admin:index":
            return None
        params = tuple(sorted({p.split("=")[0] for p in parts.query.split("&") if p}))
        return (match.view_name, params)

    def offer(self, queue: deque, url: str, page: str) -> None:
        if url in self.seen:
            return
        key = self.pattern(url)
        if key is None:
            return
        if self.per_pattern[key] >= (PER_DOWNLOAD if key[0] in DOWNLOAD_NAMES else PER_PATTERN):
            return
        self.seen.add(url)
        self.per_pattern[key] += 1
        queue.append((url, page))

    def run(self) -> None:
        queue: deque[tuple[str, str]] = deque()
        self.offer(queue, "/", "(start)")
        while queue and self.fetched < MAX_PAGES:
            url, page = queue.popleft()
            self.visit(queue, url, page)
        if queue:
            self.problems.append(f"stopped at {MAX_PAGES} pages with {len(queue)} still queued")

    def visit(self, queue: deque, url: str, page: str) -> None:
        response = self.client.get(url)
        self.fetched += 1
        where = f"{self.user}: {url} (linked from {page})"
        status = response.status_code
        if status >= 500 or status in (403, 404, 405):
            self.problems.append(f"{where} -> {status}")
            return
        if status in (301, 302):
            target = urljoin(url, response["Location"])
            if urlsplit(target).path.startswith("/accounts/inloggen/"):
                self.problems.append(f"{where} -> redirect to login")
            elif internal(target):
                self.offer(queue, urldefrag(target)[0], url)
            return
        if not response.get("Content-Type", "").startswith("text/html"):
            DOWNLOAD_NAMES.add(resolve(urlsplit(url).path).view_name)
            return
        if urlsplit(url).path.startswith("/admin/"):
            return
        parser = PageParser()
        parser.feed(response.content.decode(response.charset or "utf-8"))
        if not parser.lang:
            self.problems.append(f"{where}: no <html lang>")
        if not parser.title.strip():
            self.problems.append(f"{where}: no <title>")
        for repeated in sorted(i for i, n in parser.ids.items() if n > 1):
            self.problems.append(f"{where}: id {repeated!r} is used more than once")
        for target in sorted(set(parser.label_targets) - set(parser.ids)):
            self.problems.append(f"{where}: <label for={target!r}> names no element")
        for href in parser.links:
            target = urldefrag(urljoin(url, href))[0]
            if internal(target):
                self.offer(queue, relative(target), url)


def internal(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver")


def relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("email", DEMO_USERS)
def test_every_page_a_demo_user_can_reach_opens(demo, db, email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    crawl = Crawl(user=email, client=client)
    crawl.run()
    assert crawl.fetched > 1, f"{email}: the start page offered no links"
    assert not crawl.problems, "\n".join(crawl.problems)


class CannedClient:
    """A client that answers from a table of path -> (status, HTML)."""

    def __init__(self, pages: dict[str, tuple[int, str]]) -> None:
        self.pages = pages

    def get(self, url: str) -> HttpResponse:
        status, body = self.pages.get(url, (404, ""))
        return HttpResponse(body, status=status)


def test_the_crawl_names_user_page_and_link_that_do_not_open():
    page = '<html lang="nl"><title>Overzicht</title><a href="/stages/999/">Stage</a></html>'
    crawl = Crawl(user="wpb1@demo.test", client=CannedClient({"/": (200, page)}))
    crawl.run()
    assert crawl.problems == ["wpb1@demo.test: /stages/999/ (linked from /) -> 404"]


def test_the_crawl_reports_a_page_without_lang_or_title():
    crawl = Crawl(user="so1@demo.test", client=CannedClient({"/": (200, "<html><p>x</p></html>")}))
    crawl.run()
    assert crawl.problems == [
        "so1@demo.test: / (linked from (start)): no <html lang>",
        "so1@demo.test: / (linked from (start)): no <title>",
    ]


def test_the_crawl_reports_a_repeated_id_and_a_label_for_nothing():
    page = (
        '<html lang="nl"><title>Formulier</title><input type="hidden" id="x"><input id="x">'
        '<label for="weg">Naam</label></html>'
    )
    crawl = Crawl(user="wpb1@demo.test", client=CannedClient({"/": (200, page)}))
    crawl.run()
    assert crawl.problems == [
        "wpb1@demo.test: / (linked from (start)): id 'x' is used more than once",
        "wpb1@demo.test: / (linked from (start)): <label for='weg'> names no element",
    ]
