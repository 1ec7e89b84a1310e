"""The werkplekbegeleider's and schoolopleider's phone numbers in the import: optional
columns that fill in an empty number and never replace one the person gave (issue 13)."""

from apps.accounts.models import User
from apps.accounts.services import user_phone_set
from apps.placements.importing.selectors import build_plan, read_table
from apps.placements.importing.services import placements_import
from tests.factories import UserFactory
from tests.placements.conftest import csv_file, import_row


def plan_of(*rows):
    return build_plan(read_table("stages.csv", csv_file(*rows)))


def run(*rows):
    return placements_import(by=None, rows=read_table("stages.csv", csv_file(*rows)))


def errors_of(plan) -> list[str]:
    return [str(e) for r in plan.rows for e in r.errors]


def test_the_import_gives_new_guides_their_phone_numbers(catalogue):
    """The handbook keeps saying "neem contact op met": the praktijkbureau's list may carry
    the school's numbers."""
    plan = plan_of(import_row(wpb_phone="06 12345678", so_phone="024 123 45 67"))
    assert "telefoonnummer wim@school.example.nl: 06 12345678" in plan.rows[0].changes
    run(import_row(wpb_phone="06 12345678", so_phone="024 123 45 67"))
    assert User.objects.get(email="wim@school.example.nl").phone == "06 12345678"
    assert User.objects.get(email="sandra@school.example.nl").phone == "024 123 45 67"


def test_an_empty_number_is_filled_in_and_a_given_one_stays(catalogue):
    wim = UserFactory(email="wim@school.example.nl", full_name="Wim Jansen")
    sandra = UserFactory(email="sandra@school.example.nl", full_name="Sandra Bakker")
    user_phone_set(by=sandra, user=sandra, phone="06 11111111")
    plan = plan_of(import_row(wpb_phone="06 12345678", so_phone="06 99999999"))
    assert not any("sandra" in c and "telefoon" in c for c in plan.rows[0].changes)
    run(import_row(wpb_phone="06 12345678", so_phone="06 99999999"))
    wim.refresh_from_db()
    sandra.refresh_from_db()
    assert (wim.phone, sandra.phone) == ("06 12345678", "06 11111111")


def test_an_empty_column_changes_nothing(catalogue):
    run(import_row(wpb_phone="06 12345678"))
    plan = plan_of(import_row())
    assert plan.rows[0].action == "ongewijzigd"
    assert User.objects.get(email="wim@school.example.nl").phone == "06 12345678"


def test_a_wrong_number_is_explained_with_its_column(catalogue):
    plan = plan_of(import_row(wpb_phone="bel de school"))
    [error] = errors_of(plan)
    assert "telefoon werkplekbegeleider" in error and "geen telefoonnummer" in error


def test_a_number_without_a_person_is_an_error(catalogue):
    plan = plan_of(import_row(so_name="", so_email="", so_phone="06 12345678"))
    assert any("hoort een e-mailadres" in e for e in errors_of(plan))


def test_two_rows_may_not_give_one_person_two_numbers(catalogue):
    second = import_row(
        student_number="500124", student_email="tom@student.example.nl", student_name="Tom"
    )
    plan = plan_of(import_row(wpb_phone="06 12345678"), second | {"wpb_phone": "06 87654321"})
    assert any("telefoonnummer ‘06 12345678’" in e for e in errors_of(plan))
