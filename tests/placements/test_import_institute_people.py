"""The opleider of the institute and the slb'er in the import: optional columns, roles on the
placement (handbook [002] ch.2)."""

from apps.accounts.models import Role
from apps.placements.importing.selectors import read_table
from apps.placements.importing.services import placements_import
from apps.placements.models import Placement, SchoolAssignment
from tests.placements.conftest import csv_file, import_row

WITH_BOTH = dict(
    opleider_name="Ruud Verbeek",
    opleider_email="ruud@instituut.example.nl",
    slb_name="Anouk de Graaf",
    slb_email="anouk@instituut.example.nl",
)


def run(*rows):
    return placements_import(by=None, rows=read_table("stages.csv", csv_file(*rows)))


def test_the_import_names_the_opleider_and_the_slb_on_the_placement(catalogue):
    """ "Deze zullen, vaak via overleg met u, de slb'er en de opleider van de HAN tot een
    passend plan komen" """
    run(import_row(**WITH_BOTH))
    placement = Placement.objects.get()
    assert placement.opleider.full_name == "Ruud Verbeek"
    assert placement.studieloopbaanbegeleider.full_name == "Anouk de Graaf"
    assert placement.opleider.has_role(Role.INSTITUUTSOPLEIDER)
    assert not placement.studieloopbaanbegeleider.role_set
    # Named on the placement only: neither becomes an opleider of the school.
    assert not SchoolAssignment.objects.filter(
        user__in=[placement.opleider, placement.studieloopbaanbegeleider]
    ).exists()


def test_an_empty_column_keeps_whom_the_placement_has(catalogue):
    """ "collegiale dialoog met de opleider van de HAN": a later file without the column
    does not take the opleider away."""
    run(import_row(**WITH_BOTH))
    run(import_row())
    placement = Placement.objects.get()
    assert placement.opleider.full_name == "Ruud Verbeek"
    assert placement.studieloopbaanbegeleider.full_name == "Anouk de Graaf"
