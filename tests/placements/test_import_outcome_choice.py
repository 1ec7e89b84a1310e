"""The import columns for the outcome set that matches the student (handbook 5.5 and ch.1):
pilot vakdidactiek, vakdidactiek jaar 2 and professionele houding behaald."""

import pytest

from apps.outcomes.models import SubjectOutcome
from apps.placements.importing.selectors import build_plan, read_table
from apps.placements.importing.services import placements_import
from apps.placements.models import Placement
from tests.placements.conftest import csv_file, import_row

TITLES = ["Vakdidactiek algebra", "vakdidactiek meetkunde", "vakdidactiek rekenen"]


@pytest.fixture
def wi(catalogue):
    programme = catalogue["programme"]
    programme.subject_outcomes.set(
        SubjectOutcome.objects.create(subject="WI", title=t, ects=5, split_over_years=True)
        for t in TITLES
    )
    return programme


def rows(**values):
    return read_table("stages.csv", csv_file(import_row(**values)))


def test_pilot_and_year_two_choice_are_imported(wi):
    # 5.5: "*studenten tonen 2 luks aan in jaar 2 en de overige in jaar 3".
    placements_import(by=None, rows=rows(pilot="ja", year_two=" + ".join(TITLES[:2])))
    placement = Placement.objects.get()
    assert placement.pilot is True
    assert {s.title for s in placement.year_two_subject_outcomes.all()} == set(TITLES[:2])
    assert placement.outcomes.filter(subject_outcome__title=TITLES[2]).count() == 0


def test_three_year_two_outcomes_are_an_error_in_the_preview(wi):
    plan = build_plan(rows(year_two=" + ".join(TITLES)))
    assert any("twee" in e.message for r in plan.rows for e in r.errors)


def test_professional_attitude_not_achieved_is_recorded(wi):
    # ch.1: without "professionele houding" the student "kan ... niet naar het werkplekleren in
    # jaar 2 doorstromen".
    placements_import(by=None, rows=rows(professional_attitude="nee"))
    assert Placement.objects.get().entry_blocked


def test_a_second_import_with_the_pilot_changes_the_placement(wi):
    placements_import(by=None, rows=rows())
    plan = build_plan(rows(pilot="ja"))
    assert "pilot vakdidactiek: ja" in plan.rows[0].changes
    placements_import(by=None, rows=rows(pilot="ja"))
    assert Placement.objects.get().pilot is True
