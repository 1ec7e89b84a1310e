"""An import row that leaves the schoolopleider or instituutsopleider empty takes the one
assigned to the school; with none or several, the preview warns for that row."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import Role
from apps.placements.importing.selectors import build_plan, read_table
from apps.placements.importing.services import placements_import
from apps.placements.models import Placement, SchoolRole
from apps.placements.services import school_assign
from tests.factories import UserFactory
from tests.placements.conftest import csv_file, import_row

NO_IO = "geen instituutsopleider: niemand kan een oordeel in twijfel trekken"
SEVERAL_IO = "meerdere instituutsopleiders voor deze school: vul de kolom in"
NO_SO = "geen schoolopleider: de school ontvangt de verzonden formulieren niet"


def without_opleiders(**overrides):
    return import_row(so_name="", so_email="", io_name="", io_email="", **overrides)


def plan_of(*rows):
    return build_plan(read_table("stages.csv", csv_file(*rows)))


def assign(school, role, name="Iris Instituut"):
    user = UserFactory(full_name=name, roles=[Role.INSTITUUTSOPLEIDER, Role.SCHOOLOPLEIDER])
    school_assign(by=None, school=school, user=user, role=role)
    return user


def test_an_empty_column_takes_the_one_assigned_to_the_school(catalogue):
    io = assign(catalogue["school"], SchoolRole.INSTITUUTSOPLEIDER)
    so = assign(catalogue["school"], SchoolRole.SCHOOLOPLEIDER, name="Saskia School")
    row = plan_of(without_opleiders()).rows[0]
    assert (row.guides["instituutsopleider"].user, row.guides["schoolopleider"].user) == (io, so)
    assert row.warnings == []
    placements_import(by=None, rows=read_table("stages.csv", csv_file(without_opleiders())))
    placement = Placement.objects.get()
    assert (placement.instituutsopleider, placement.schoolopleider) == (io, so)


def test_the_preview_names_whom_the_school_gives_and_nothing_new_about_them(catalogue):
    io = assign(catalogue["school"], SchoolRole.INSTITUUTSOPLEIDER)
    changes = plan_of(without_opleiders()).rows[0].changes
    assert "instituutsopleider: Iris Instituut (toegewezen aan de school)" in changes
    assert not any(io.email in c for c in changes)  # no new role, no new assignment


def test_without_one_at_the_school_the_row_warns_but_can_be_imported(catalogue):
    plan = plan_of(without_opleiders())
    assert plan.rows[0].warnings == [NO_SO, NO_IO]
    assert plan.rows[0].action == "nieuw" and not plan.has_errors
    placements_import(by=None, rows=read_table("stages.csv", csv_file(without_opleiders())))
    assert Placement.objects.get().instituutsopleider is None


def test_with_several_at_the_school_the_row_asks_to_fill_in_the_column(catalogue):
    assign(catalogue["school"], SchoolRole.INSTITUUTSOPLEIDER)
    assign(catalogue["school"], SchoolRole.INSTITUUTSOPLEIDER, name="Ivo Instituut")
    row = plan_of(without_opleiders()).rows[0]
    assert SEVERAL_IO in row.warnings
    assert row.guides["instituutsopleider"] is None


def test_an_opleider_of_another_school_does_not_count(catalogue):
    assign(catalogue["other_school"], SchoolRole.INSTITUUTSOPLEIDER)
    assert NO_IO in plan_of(without_opleiders()).rows[0].warnings


def test_a_filled_in_column_is_never_replaced(catalogue):
    assign(catalogue["school"], SchoolRole.INSTITUUTSOPLEIDER)
    row = plan_of(import_row()).rows[0]
    assert row.guides["instituutsopleider"].email == "ingrid@instituut.example.nl"


def test_an_existing_placement_keeps_its_opleider_when_the_school_has_several(catalogue):
    placements_import(by=None, rows=read_table("stages.csv", csv_file(import_row())))
    assign(catalogue["school"], SchoolRole.INSTITUUTSOPLEIDER)  # Ingrid is the other one
    row = plan_of(import_row(io_name="", io_email="")).rows[0]
    assert (row.action, row.warnings) == ("ongewijzigd", [])


def test_the_preview_page_shows_the_warning_on_its_row(client, admin_user, catalogue):
    client.force_login(admin_user)
    file = SimpleUploadedFile("stages.csv", csv_file(without_opleiders()))
    content = client.post(reverse("placements:import"), {"file": file}).content.decode()
    assert NO_IO in content
    assert "1 rij is niet compleet" in content
    assert reverse("placements:import_confirm") in content


def test_a_row_without_a_werkplekbegeleider_warns_but_can_be_imported(catalogue):
    assign(catalogue["school"], SchoolRole.INSTITUUTSOPLEIDER)
    assign(catalogue["school"], SchoolRole.SCHOOLOPLEIDER, name="Saskia School")
    plan = plan_of(without_opleiders(wpb_name="", wpb_email=""))
    assert plan.rows[0].warnings == [
        "geen werkplekbegeleider: niemand keurt het leerplan goed of vult het formulier in"
    ]
    assert plan.rows[0].action == "nieuw" and not plan.has_errors
