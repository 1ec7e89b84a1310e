"""Log in as each demo role in real Chromium and see the home page."""

import io

import pypdf
import pytest
import weasyprint
from django.core.management import call_command

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_LOGINS = [
    ("admin@demo.test", "Admin (praktijkbureau)"),
    ("student1@demo.test", "Student"),
    ("wpb1@demo.test", "Werkplekbegeleider"),
    ("so1@demo.test", "Schoolopleider"),
    ("io1@demo.test", "Instituutsopleider"),
]


def blank_pdf(*args, **kwargs) -> bytes:
    out = io.BytesIO()
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def demo(transactional_db, monkeypatch):
    # These tests read the home pages. The demo's sent forms and dossier are stored as PDFs,
    # which is half of building the demo; here a blank page stands in for each of them.
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", blank_pdf)
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize(("email", "role"), DEMO_LOGINS)
def test_each_demo_role_logs_in_and_sees_home(page, live_server, demo, email, role):
    log_in(page, live_server.url, email, password="demo")
    assert page.get_by_role("heading", name="Mijn rollen").is_visible()
    assert page.locator(".badge", has_text=role).first.is_visible()
    section = {
        "Student": "Mijn stage",
        "Werkplekbegeleider": "Als werkplekbegeleider",
        "Schoolopleider": "Als schoolopleider",
        "Instituutsopleider": "Als instituutsopleider",
        "Admin (praktijkbureau)": "Alle stages (praktijkbureau)",
    }[role]
    assert page.get_by_role("heading", name=section).first.is_visible()


def test_student_sees_only_their_own_placement(page, live_server, demo):
    log_in(page, live_server.url, "student1@demo.test", password="demo")
    placements = page.locator("#student h3 a")
    assert placements.count() == 1
    assert "Lorentz Lyceum (demo)" in placements.first.inner_text()
