"""Real Chromium (Debian's package) driven by Playwright; never a downloaded browser.

Skipped with a clear message only when Chromium is missing outside CI; in CI a missing
browser is a failure.
"""

import os
import shutil

import pytest

from tests.browser.helpers import with_axe

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in the test thread; the ORM calls we make there
# (creating data) are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: the Makefile installs Debian's chromium.")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets axe-core be injected; the pages themselves are served with our CSP.
    context = with_axe(browser.new_context(locale="nl-NL", bypass_csp=True))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.axe_checked, loaded = set(), []
    page.on("load", lambda p: loaded.append(p.url.split("#")[0]))
    yield page
    context.close()
    unchecked = sorted(set(loaded) - page.axe_checked)
    assert unchecked == [], f"pages visited without an axe-core check: {unchecked}"
