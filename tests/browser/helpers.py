"""What browser tests share: logging in, visiting, and the axe-core check."""

import functools

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}
BLOCKING_IMPACT = {"serious", "critical"}


@functools.cache
def axe_script() -> str:
    """axe-core's source (572 KB), read once per test process."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def with_axe(context):
    """Give every page of `context` axe-core as it loads: the browser keeps the script, so it
    is not sent again for every page checked."""
    context.add_init_script(script=axe_script())
    return context


def assert_accessible(page) -> None:
    """axe-core (WCAG 2.1 A and AA) on the current page: no serious or critical violation."""
    page.wait_for_load_state()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())  # a context made without `with_axe`
    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in response["violations"]
        if v["impact"] in BLOCKING_IMPACT
    ]
    assert blocking == [], f"{page.url}: " + "; ".join(blocking)
    page.axe_checked.add(page.url.split("#")[0])


def log_in(page, base: str, email: str, password: str = "geheim-wachtwoord-1") -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/inloggen/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")
    assert_accessible(page)


def visit(page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)
