"""A private storage folder per test and a logged week (the files are in files.py)."""

from datetime import date

import pytest

from apps.cycle.logbook.services import guidance_log_create


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def log(cycle_placement, student):
    return guidance_log_create(
        by=student.user,
        placement=cycle_placement,
        held=date(2027, 2, 8),
        values={"what_i_did": "Twee lessen gegeven in 2B"},
    )
