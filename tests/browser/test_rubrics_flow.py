"""In real Chromium: the praktijkbureau reads a rubric in use, uploads a CSV with mistakes
(every error shown, nothing saved), then a corrected one (a new version), and prints it."""

from pathlib import Path

import pytest

from apps.rubrics.csvfile import rubric_csv
from apps.rubrics.models import Rubric
from tests.browser.helpers import assert_accessible, log_in
from tests.factories import make_goal_phase, make_rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rubric_csv_round_and_pdf(page, live_server, admin_user, placement, tmp_path):
    rubric = make_rubric(name="Rollen praktijkleren", roles=("Coach", "Actor"), dimensions=2)
    make_goal_phase(
        placement=placement, dimension=rubric.dimensions.first(), level=rubric.levels.first()
    )
    good = rubric_csv(rubric).replace("Coach: dimensie 1 – Volgend".encode(), b"Verbeterd")
    bad = good.replace(b";Herkennend;", b";Onbekend;", 1)
    base = live_server.url
    log_in(page, base, admin_user.email)

    page.get_by_role("link", name="Rubrics").click()
    assert_accessible(page)
    page.get_by_role("link", name="Rollen praktijkleren").click()
    assert page.get_by_role("heading", name="Actor").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="CSV importeren").click()
    assert_accessible(page)
    (tmp_path / "fout.csv").write_bytes(bad)
    page.get_by_label("CSV-bestand").set_input_files(str(tmp_path / "fout.csv"))
    page.get_by_role("button", name="Importeren").click()
    assert page.get_by_role("alert").filter(has_text="Rij 3: onbekend niveau").is_visible()
    assert_accessible(page)
    assert Rubric.objects.count() == 1

    (tmp_path / "goed.csv").write_bytes(good)
    page.get_by_label("CSV-bestand").set_input_files(str(tmp_path / "goed.csv"))
    page.get_by_role("button", name="Importeren").click()
    assert page.get_by_text("versie 2 gemaakt").is_visible()
    assert page.get_by_role("cell", name="Verbeterd").is_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF (liggend)").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
