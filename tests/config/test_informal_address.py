"""The interface says "je", never "u": a scan of the templates, the Python string literals
(gettext strings, messages, mails, labels, help texts) and the seed fixtures for the formal
forms, so they cannot come back."""

import ast
import json
import re

from django.conf import settings

FORMAL = re.compile(r"(?<![\w\-/.'’])(u|uw|U|Uw|UW|uzelf|Uzelf)(?![\w\-/'’])")
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")
ROOT = settings.BASE_DIR


def template_text(source):
    """The text of a template with each tag reduced to its quoted strings, so
    `{% trans "..." %}` is read and `{% for u in users %}` is not."""
    return TEMPLATE_CODE.sub(
        lambda tag: " ".join(a or b for a, b in QUOTED.findall(tag.group())) or " ", source
    )


def formal_lines(text):
    return [line.strip() for line in text.splitlines() if FORMAL.search(line)]


def python_strings(path):
    """Every string literal but the docstrings: those are for developers, and may quote the
    handbook, which addresses the mentor formally."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.value


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def test_no_template_addresses_anyone_formally():
    found = {}
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix in {".html", ".txt"}:
            text = template_text(path.read_text(encoding="utf-8"))
            if lines := formal_lines(text):
                found[str(path.relative_to(ROOT))] = lines
    assert found == {}


def test_no_python_string_addresses_anyone_formally():
    found = {}
    for path in [*(ROOT / "apps").rglob("*.py"), *(ROOT / "config").rglob("*.py")]:
        if lines := [line for s in python_strings(path) for line in formal_lines(s)]:
            found[str(path.relative_to(ROOT))] = lines
    assert found == {}


def test_no_seed_text_addresses_anyone_formally():
    found = {}
    for path in (ROOT / "fixtures").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if lines := [line for s in json_strings(data) for line in formal_lines(s)]:
            found[path.name] = lines
    assert found == {}


def test_the_scan_reads_translated_strings_in_templates():
    source = '{% for u in users %}{% trans "Stel uw wachtwoord in." %}{{ u.name }}{% endfor %}'
    assert formal_lines(template_text(source)) == ["Stel uw wachtwoord in."]


def test_the_scan_finds_the_formal_forms():
    assert formal_lines("Stel uw wachtwoord in.\nKunt u dit doen?\nU bent ingelogd.") == [
        "Stel uw wachtwoord in.",
        "Kunt u dit doen?",
        "U bent ingelogd.",
    ]
    assert formal_lines("Je kunt je wachtwoord instellen (u-bocht, ’u’).") == []
