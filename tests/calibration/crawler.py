"""The link-following crawler the calibration crawl checks share (test_calibration_crawl.py,
test_session_blind_crawl.py): GET only, breadth-first from the start URLs, every internal link
followed (redirects too), capped per URL name. HTML and CSV bodies are kept as text; with
`read_pdfs` a PDF is fetched and its text extracted with pypdf (a compressed stream is read,
not searched as bytes)."""

import io
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pypdf
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.test_crawl import internal, relative

SKIPPED = {"accounts:logout", "set_language"}
BINARY = (".pdf", ".xlsx", ".ics", ".zip")  # downloads that are not read (PDFs: optional)
OTHER_PER_NAME = 1  # pages outside /kalibreren/ per URL name: they show no calibration data
CALIBRATION_PER_NAME = 40  # calibration URLs per URL name (tabs and filters differ by value)
MAX_PAGES = 150


@dataclass
class Fetched:
    url: str
    view: str
    status: int
    content_type: str
    body: str


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def view_of(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


@dataclass
class RoleCrawl:
    client: Client
    read_pdfs: bool = False
    max_pages: int = MAX_PAGES
    seen: set[str] = field(default_factory=set)
    per_key: Counter = field(default_factory=Counter)
    fetched: list[Fetched] = field(default_factory=list)

    def is_pdf(self, url: str, view: str) -> bool:
        return view.endswith("_pdf") or urlsplit(url).path.endswith(".pdf")

    def offer(self, queue: deque, url: str) -> None:
        view = view_of(url)
        if url in self.seen or view is None or view in SKIPPED or view.startswith("admin:"):
            return
        if self.is_pdf(url, view):
            if not self.read_pdfs:
                return
        elif urlsplit(url).path.endswith(BINARY):
            return
        calibration = view.startswith("calibration:")
        cap = CALIBRATION_PER_NAME if calibration else OTHER_PER_NAME
        if self.per_key[view] >= cap:
            return
        self.seen.add(url)
        self.per_key[view] += 1
        queue.append(url)

    def body_of(self, response) -> str:
        content_type = response.get("Content-Type", "")
        if response.streaming:
            return ""
        if content_type.startswith(("text/html", "text/csv", "application/json")):
            return response.content.decode(response.charset or "utf-8", errors="replace")
        if self.read_pdfs and content_type.startswith("application/pdf") and response.content:
            return pdf_text(response.content)
        return ""

    def run(self, starts: list[str]) -> list[Fetched]:
        queue: deque[str] = deque()
        for url in starts:
            self.offer(queue, url)
        while queue and len(self.fetched) < self.max_pages:
            url = queue.popleft()
            response = self.client.get(url)
            content_type = response.get("Content-Type", "")
            body = self.body_of(response)
            self.fetched.append(
                Fetched(url, view_of(url), response.status_code, content_type, body)
            )
            if response.status_code in (301, 302):
                target = urldefrag(urljoin(url, response["Location"]))[0]
                if internal(target):
                    self.offer(queue, relative(target))
            elif response.status_code == 200 and content_type.startswith("text/html"):
                for href in LinkParser.links_of(body):
                    target = urldefrag(urljoin(url, href))[0]
                    if internal(target):
                        self.offer(queue, relative(target))
        return self.fetched


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    @classmethod
    def links_of(cls, body: str) -> list[str]:
        parser = cls()
        parser.feed(body)
        return parser.links


def calibration_starts() -> list[str]:
    """The calibration pages every role starts from besides "/" (access decides the rest),
    with the variants a form, not a link, reaches."""
    dashboard = reverse("calibration:insight_dashboard")
    kaart = reverse("calibration:insight_map")
    return [
        "/",
        reverse("calibration:session_list"),
        reverse("calibration:exemplar_consents"),
        kaart,
        f"{kaart}?kolommen=school",
        f"{kaart}?kolommen=richting",
        f"{reverse('calibration:insight_map_csv')}?kolommen=school",
        *(f"{dashboard}?tab={t}" for t in ("sessies", "steekproef", "basis", "deelname")),
        f"{dashboard}?tab=steekproef&per_school=1",
        f"{dashboard}?tab=sessies&jaar=2026-2027",
        *(
            f"{reverse('calibration:insight_dashboard_csv')}?tab={t}"
            for t in ("sessies", "steekproef", "basis", "deelname")
        ),
        f"{reverse('calibration:insight_dashboard_csv')}?tab=steekproef&per_school=1",
        reverse("calibration:report_borging") + "?schooljaar=2026-2027",
        reverse("calibration:report_praktijkbureau") + "?schooljaar=2026-2027",
        reverse("calibration:report_praktijkbureau_csv") + "?schooljaar=2026-2027",
        reverse("calibration:session_mirror"),
        reverse("calibration:session_register"),
    ]
