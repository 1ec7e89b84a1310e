"""The English interface: a complete catalogue, and pages that switch language on request."""

import ast
import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import make_placement

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sdif]")


def po_entries():
    """Each entry of the English .po as {"flags": [...], "msgid": ..., "msgstr": ..., ...}."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": []}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] = [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            else:
                field, _, text = line.partition(" ")
                entry[field] = ast.literal_eval(text)
        if "msgid" in entry and entry["msgid"]:
            entries.append(entry)
    return entries


def translations(entry):
    """(source, translation) pairs: one for a plain entry, two for a plural one."""
    if "msgid_plural" in entry:
        return [(entry["msgid"], entry["msgstr[0]"]), (entry["msgid_plural"], entry["msgstr[1]"])]
    return [(entry["msgid"], entry["msgstr"])]


def entries_with_flag(flag):
    return [e for e in po_entries() if flag in e["flags"]]


def test_english_catalogue_has_no_empty_and_no_fuzzy_entries():
    entries = po_entries()
    assert len(entries) > 800
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [src for e in entries for src, text in translations(e) if not text.strip()] == []


def test_english_translations_keep_every_placeholder():
    wrong = [
        (src, text)
        for e in entries_with_flag("python-format")
        for src, text in translations(e)
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert wrong == []


def test_compiled_catalogue_is_up_to_date_with_the_po():
    with MO.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        e["msgid"]
        for e in po_entries()
        if "msgid_plural" not in e and compiled.gettext(e["msgid"]) != e["msgstr"]
    ]
    assert stale == []


def test_gettext_gives_english_for_a_domain_term():
    with translation.override("en"):
        assert translation.gettext("Werkplekbegeleider") == "Workplace mentor"
        assert translation.ngettext("%(n)s zorg", "%(n)s zorgen", 2) == "%(n)s concerns"


def test_login_page_is_english_with_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in to Driehoek" in page and "Forgotten your password?" in page
    assert "Inloggen bij Driehoek" not in page


def test_login_page_follows_the_browsers_accept_language(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in to Driehoek" in page


def test_wrong_password_message_is_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:login"), {"username": "x@s.test", "password": "x"})
    assert "This email address and password do not match." in response.content.decode()


@pytest.fixture
def mentor_with_student(mentor, student, schoolopleider, instituutsopleider):
    make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )
    return mentor


def test_choosing_english_turns_the_dashboard_english(client, mentor_with_student):
    client.force_login(mentor_with_student)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    page = client.get(reverse("home")).content.decode()
    assert "Welcome, Wendy" in page and "As workplace mentor" in page and "My students" in page
    assert "Welkom" not in page and "Als werkplekbegeleider" not in page


def test_dashboard_stays_dutch_by_default(client, mentor_with_student):
    client.force_login(mentor_with_student)
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="nl">' in page
    assert "Als werkplekbegeleider" in page and "As workplace mentor" not in page


TRANS_TAG = re.compile(r"""\{%\s*(?:trans|translate)\s+"((?:[^"\\]|\\.)*)"\s""")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def source_msgids():
    """Every literal msgid in our templates ({% trans "..." %}) and Python (gettext calls)."""
    found = set()
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        # makemessages writes a template's "%" as "%%" (Django's templatize).
        text = template.read_text(encoding="utf-8")
        found.update(m.replace("%", "%%") for m in TRANS_TAG.findall(text))
    for folder in ("apps", "config"):
        for module in (settings.BASE_DIR / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT_NAMES
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add(node.args[0].value)
    return found


def test_every_translatable_string_in_the_source_is_in_the_catalogue():
    # A new {% trans %} or gettext string without `makemessages` would stay Dutch in English.
    catalogue = {e["msgid"] for e in po_entries()}
    assert sorted(source_msgids() - catalogue) == []
