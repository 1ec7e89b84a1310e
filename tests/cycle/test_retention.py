"""Retention, tested with a moved clock."""

import io
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.management import call_command

from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import Conversation, FormVersion
from apps.placements.models import Placement


def run_purge(today: date, *args: str) -> str:
    out = io.StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def last_day(placement) -> date:
    return max(p.end for p in placement.periods.all())


def test_dry_run_lists_but_keeps(cycle_placement):
    later = last_day(cycle_placement) + timedelta(days=3 * 365)
    out = run_purge(later, "--dry-run")
    assert f"stage {cycle_placement.pk}" in out and "1 stages zouden worden verwijderd" in out
    assert Placement.objects.filter(pk=cycle_placement.pk).exists()


def test_other_placements_are_kept_two_years(cycle_placement):
    out = run_purge(last_day(cycle_placement) + timedelta(days=365))
    assert "0 stages verwijderd" in out


def test_purge_removes_the_placement_its_sent_forms_and_history(cycle_placement, eind, mentor):
    form_version_send(by=mentor, version=eind)
    run_purge(last_day(cycle_placement) + timedelta(days=3 * 365))
    assert not Placement.objects.filter(pk=cycle_placement.pk).exists()
    assert not FormVersion.objects.exists()
    assert not Conversation.history.filter(placement_id=cycle_placement.pk).exists()
    assert not Placement.history.filter(id=cycle_placement.pk).exists()


@pytest.fixture
def final_level(outcomes):
    klimaat = outcomes[0]
    klimaat.level = "eindniveau"
    klimaat.save()


def test_final_level_placements_are_kept_seven_years(final_level, cycle_placement, eind, mentor):
    eind.entries.update(judgement="voldaan")
    form_version_send(by=mentor, version=eind)
    day = last_day(cycle_placement)
    assert "0 stages" in run_purge(day + timedelta(days=6 * 365))
    assert "1 stages verwijderd" in run_purge(day + timedelta(days=7 * 365 + 10))
