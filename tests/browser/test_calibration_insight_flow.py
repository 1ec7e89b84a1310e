"""In real Chromium, from a real start (seed fixtures, the admin, the import): the
praktijkbureau opens the disagreement map and the agreement dashboard from the menu; with
nothing judged yet every cell says "te weinig gegevens", the map has its table, and every page
passes axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_real_year import (
    ADMIN,
    expect_text,
    follow,
    import_file,
    import_people,
    institute_starts,
    log_in,
    open_browser,  # noqa: F401 (a fixture)
    prepare_year,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_praktijkbureau_opens_the_map_and_the_dashboard_after_an_import(
    open_browser,  # noqa: F811 (the fixture imported above)
    live_server,
    tmp_path,
    monkeypatch,
):
    base = live_server.url
    today = timezone.localdate()
    periods = {"Blok 3": (today - timedelta(weeks=4), today + timedelta(weeks=4))}
    institute_starts(monkeypatch)
    open_browser(ADMIN)
    log_in(ADMIN, base)
    prepare_year(ADMIN, base, periods)
    import_people(ADMIN, base, import_file(tmp_path, list(periods)))

    follow(ADMIN, "Kalibreren", "kalibreren")
    follow(ADMIN, "Verschillenkaart", "verschillenkaart")
    expect_text(ADMIN, "Waar we verschillen, niet hoe vaak.")
    page = ADMIN.page
    assert page.locator("svg.heatmap").count() == 1
    table = page.get_by_role("table", name="Tabel bij de verschillenkaart")
    assert table.get_by_text("te weinig gegevens").count() >= 1
    expect_text(ADMIN, "Kalibratie-agenda")

    follow(ADMIN, "Naar de beoordelaarsbetrouwbaarheid", "betrouwbaarheid")
    expect_text(ADMIN, "Nog geen sessie waarvan de spreiding is getoond.")
    follow(ADMIN, "Deelname aan kalibratie", "betrouwbaarheid-deelname")
    expect_text(ADMIN, "te weinig gegevens")
