"""Rendering a template as PDF with WeasyPrint. The fetcher serves only our own static files
(stylesheet, fonts), so a PDF never reaches the network or the file system beyond them."""

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the template ("/static/css/pdf.css") resolve against this base; the fetcher
# maps the path onto our static directories and never opens it as a real file.
BASE_URL = "file:///"


MIME_TYPES = {
    ".css": "text/css",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


class StaticFileRefused(Exception):
    """The PDF asked for something other than one of our own static files."""


def _static_roots() -> list[Path]:
    roots = []
    for entry in settings.STATICFILES_DIRS:
        root = entry[1] if isinstance(entry, tuple | list) else entry
        roots.append(Path(root).resolve())
    return roots


def static_file_for_url(url: str) -> Path:
    """The file in one of our STATICFILES_DIRS that `url` names ("/static/css/pdf.css", as
    resolved against BASE_URL), or StaticFileRefused for anything else: other schemes, hosts,
    paths outside STATIC_URL, parent-directory tricks, or app and package static files."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "file") or parts.netloc:
        raise StaticFileRefused(f"Alleen eigen statische bestanden: {url}")
    path = unquote(parts.path)
    prefix = urlsplit(settings.STATIC_URL).path
    if not path.startswith(prefix):
        raise StaticFileRefused(f"Geen statisch bestand: {url}")
    relative = path.removeprefix(prefix)
    if not relative or ".." in relative.split("/") or "\\" in relative:
        raise StaticFileRefused(f"Ongeldig pad: {url}")
    found = finders.find(relative)
    if not found:
        raise StaticFileRefused(f"Niet gevonden in de statische bestanden: {url}")
    resolved = Path(found).resolve()
    if not any(resolved.is_relative_to(root) for root in _static_roots()):
        raise StaticFileRefused(f"Niet uit onze eigen statische mappen: {url}")
    return resolved


EMBEDDED_IMAGE_TYPES = ("image/jpeg", "image/png")


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves our static files and refuses everything else.

    Created with fail_on_errors, so a refused URL stops the rendering instead of quietly
    producing a PDF without its stylesheet or fonts."""

    def __init__(self) -> None:
        super().__init__(fail_on_errors=True)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        # Images embedded by our own templates (the dossier's evidence thumbnails): nothing
        # is fetched, the bytes are in the document already.
        for mime_type in EMBEDDED_IMAGE_TYPES:
            prefix = f"data:{mime_type};base64,"
            if url.startswith(prefix):
                data = base64.b64decode(url[len(prefix) :], validate=True)
                return URLFetcherResponse(url, data, {"Content-Type": mime_type})
        path = static_file_for_url(url)
        mime_type = MIME_TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})


def render_template_pdf(template: str, context: dict) -> bytes:
    """Render one of our PDF templates (print CSS in static/css/pdf.css) in Dutch, with the
    fetcher that reads nothing but our own static files."""
    context = {"static_url": urlsplit(settings.STATIC_URL).path, **context}
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
        return document.write_pdf()
