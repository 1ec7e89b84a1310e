"""Import of students, staff and placements: reading, the preview's rules, and the service."""

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import AuditEvent, Role, User
from apps.placements.access import placements_visible_to
from apps.placements.importing.selectors import ImportFileError, build_plan, read_table
from apps.placements.importing.services import ImportChanged, placements_import
from apps.placements.models import Placement, PlacementStatus, SchoolAssignment, StudentProfile
from apps.placements.services import PlacementError, placement_set_status
from tests.factories import UserFactory
from tests.placements.conftest import csv_file, import_row, xlsx_file


def plan_of(*rows, **kwargs):
    return build_plan(read_table("stages.csv", csv_file(*rows, **kwargs)))


def run_import(*rows, by=None, capture=None):
    if capture is None:
        return placements_import(by=by, rows=read_table("stages.csv", csv_file(*rows)))
    with capture(execute=True):
        return placements_import(by=by, rows=read_table("stages.csv", csv_file(*rows)))


def errors_of(plan) -> list[str]:
    return [f"Rij {r.number}, {e}" for r in plan.rows for e in r.errors]


# --- Reading ----------------------------------------------------------------------------------


def test_csv_with_semicolons_and_bom_is_read(catalogue):
    rows = read_table("stages.csv", csv_file(import_row()))
    assert rows[0].number == 2
    assert rows[0].values["student_number"] == "500123"


def test_csv_with_commas_is_read(catalogue):
    rows = read_table("stages.csv", csv_file(import_row(), delimiter=","))
    assert rows[0].values["school"] == "Het Stedelijk College"


def test_csv_from_windows_excel_in_cp1252_is_read(catalogue):
    content = csv_file(import_row(student_name="Zoë Ünal")).decode("utf-8-sig").encode("cp1252")
    assert read_table("stages.csv", content)[0].values["student_name"] == "Zoë Ünal"


def test_xlsx_with_number_and_date_cells_is_read(catalogue):
    content = xlsx_file(import_row(student_number=500123, start=date(2027, 2, 8)))
    values = read_table("stages.xlsx", content)[0].values
    assert (values["student_number"], values["start"]) == ("500123", date(2027, 2, 8))


def test_missing_columns_are_named():
    with pytest.raises(ImportFileError, match="‘studentnummer’"):
        read_table("stages.csv", b"naam student;school\nA;B\n")


def test_other_file_types_are_refused():
    with pytest.raises(ImportFileError, match="CSV- of XLSX"):
        read_table("stages.pdf", b"%PDF")


def test_blank_rows_are_skipped(catalogue):
    content = csv_file(import_row()) + b";;;;;;;;;;;;;;;\r\n"
    assert len(read_table("stages.csv", content)) == 1


# --- The preview's rules ----------------------------------------------------------------------


def test_preview_of_a_new_placement_says_what_is_created_and_writes_nothing(catalogue):
    plan = plan_of(import_row())
    assert plan.rows[0].action == "nieuw"
    assert "nieuw account voor Wim Jansen (wim@school.example.nl)" in plan.rows[0].changes
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"school": "Onbekend College"}, "Rij 2, kolom ‘school’: onbekende school"),
        ({"programme": "XX"}, "Rij 2, kolom ‘opleiding’: onbekende opleiding ‘XX’"),
        ({"periods": "Blok 9"}, "Rij 2, kolom ‘periode’: onbekende periode ‘Blok 9’"),
        ({"wpb_email": "wim@"}, "Rij 2, kolom ‘e-mail werkplekbegeleider’: ‘wim@’ is geen geldig"),
        ({"student_email": "geen adres"}, "Rij 2, kolom ‘e-mail student’: ‘geen adres’ is geen"),
        ({"start": "01-01-2027"}, "Rij 2, kolom ‘begindatum’: 01-01-2027 valt buiten de periode"),
        ({"end": "2027-06-30"}, "Rij 2, kolom ‘einddatum’: 30-06-2027 valt buiten de periode"),
        ({"start": "1 februari"}, "Rij 2, kolom ‘begindatum’: ‘1 februari’ is geen datum"),
        ({"start": "10-03-2027", "end": "03-03-2027"}, "Rij 2, kolom ‘einddatum’: de einddatum"),
        ({"year": "7"}, "Rij 2, kolom ‘studiejaar’: ‘7’ is geen studiejaar"),
        ({"mode": "avond"}, "Rij 2, kolom ‘voltijd/deeltijd’: ‘avond’ is onbekend"),
        ({"school": ""}, "Rij 2, kolom ‘school’: dit veld is verplicht maar leeg."),
        ({"wpb_email": ""}, "Rij 2, kolom ‘e-mail werkplekbegeleider’: het e-mailadres van Wim"),
        ({"wpb_name": ""}, "Rij 2, kolom ‘naam werkplekbegeleider’: de naam van wim@"),
    ],
)
def test_each_kind_of_error_is_shown_in_dutch_with_row_and_column(catalogue, overrides, message):
    plan = plan_of(import_row(**overrides))
    assert plan.rows[0].action == "fout"
    assert any(e.startswith(message) for e in errors_of(plan)), errors_of(plan)


def test_a_person_listed_with_two_different_names_is_an_error(catalogue):
    second = import_row(student_number="500124", student_email="b@student.example.nl")
    plan = plan_of(import_row(), {**second, "wpb_name": "W. Jansen"})
    assert errors_of(plan) == [
        "Rij 3, kolom ‘naam werkplekbegeleider’: wim@school.example.nl staat in rij 2 als "
        "‘Wim Jansen’ en hier als ‘W. Jansen’."
    ]


def test_one_student_number_with_two_e_mail_addresses_is_an_error(catalogue):
    plan = plan_of(import_row(), import_row(student_email="x@student.example.nl", periods="Blok 4"))
    assert "studentnummer 500123 heeft in rij 2 e-mailadres" in errors_of(plan)[0]


def test_a_student_twice_in_the_same_period_is_an_error(catalogue):
    plan = plan_of(import_row(), import_row(school="Montessori Lyceum"))
    assert "heeft in rij 2 al een stage in ‘Blok 3’" in errors_of(plan)[0]


def test_an_e_mail_address_of_another_student_is_an_error(catalogue):
    run_import(import_row())
    plan = plan_of(import_row(student_number="999999"))
    assert "hoort bij de student met studentnummer 500123" in errors_of(plan)[0]


def test_a_started_placement_cannot_move_to_another_school(catalogue):
    run_import(import_row())
    placement_set_status(by=None, placement=Placement.objects.get(), status=PlacementStatus.ACTIVE)
    plan = plan_of(import_row(school="Montessori Lyceum"))
    assert "al begonnen" in errors_of(plan)[0]


def test_preview_reads_in_the_same_number_of_queries_for_5_and_500_rows(catalogue):
    def queries(n):
        rows = [
            import_row(student_number=f"6{i:05}", student_email=f"s{i}@student.example.nl")
            for i in range(n)
        ]
        content = read_table("stages.csv", csv_file(*rows))
        with CaptureQueriesContext(connection) as ctx:
            build_plan(content)
        return len(ctx.captured_queries)

    # schools, periods, programmes, users (+ their roles), profiles twice, placements (+
    # periods), school assignments
    assert queries(5) == queries(500)


# --- The import -------------------------------------------------------------------------------


def test_import_creates_people_roles_and_a_placement_they_can_see(catalogue):
    run_import(import_row(start="08-02-2027"))
    placement = Placement.objects.get()
    assert placement.student.user.email == "sanne@student.example.nl"
    assert placement.werkplekbegeleider.has_role(Role.WERKPLEKBEGELEIDER)
    assert placement.start == date(2027, 2, 8)
    assert placement in placements_visible_to(placement.werkplekbegeleider)


def test_import_makes_the_opleiders_opleiders_of_the_school(catalogue):
    run_import(import_row())
    assert set(
        SchoolAssignment.objects.filter(school=catalogue["school"]).values_list(
            "user__email", "role"
        )
    ) == {
        ("sandra@school.example.nl", "schoolopleider"),
        ("ingrid@instituut.example.nl", "instituutsopleider"),
    }


def test_import_writes_nothing_when_one_row_has_an_error(catalogue):
    bad = import_row(student_number="500124", student_email="b@x.nl", school="Onbekend")
    with pytest.raises(PlacementError, match="1 fout"):
        run_import(import_row(), bad)
    assert not User.objects.exists() and not Placement.objects.exists()


def test_import_writes_nothing_when_a_later_step_fails(catalogue, monkeypatch):
    from apps.placements import lifecycle

    def fail(**kwargs):
        raise PlacementError("stuk")

    monkeypatch.setattr(lifecycle, "placements_created", fail)
    second = import_row(student_number="500124", student_email="b@student.example.nl")
    with pytest.raises(PlacementError):
        run_import(import_row(), second)
    assert not Placement.objects.exists() and not StudentProfile.objects.exists()
    assert not User.objects.exists()


def test_importing_the_same_file_again_changes_nothing(catalogue):
    rows = (import_row(), import_row(student_number="500124", student_email="b@x.nl"))
    run_import(*rows)
    history = Placement.history.count()
    plan = plan_of(*rows)
    assert [r.action for r in plan.rows] == ["ongewijzigd", "ongewijzigd"]
    result = run_import(*rows)
    assert (result.unchanged_rows, Placement.objects.count()) == (2, 2)
    assert Placement.history.count() == history


def test_a_corrected_file_updates_the_placement_in_place(catalogue):
    run_import(import_row())
    placement = Placement.objects.get()
    old_wpb = placement.werkplekbegeleider
    corrected = import_row(
        student_name="Sanne de Vries-Bakker",
        wpb_name="Karin Smit",
        wpb_email="karin@school.example.nl",
        periods="Blok 3 + Blok 4",
        end="15-04-2027",
    )
    assert plan_of(corrected).rows[0].action == "wijzigen"
    run_import(corrected)
    placement = Placement.objects.get()
    assert placement.werkplekbegeleider.email == "karin@school.example.nl"
    assert placement.periods.count() == 2 and placement.end == date(2027, 4, 15)
    assert placement.student.user.full_name == "Sanne de Vries-Bakker"
    assert placement not in placements_visible_to(old_wpb)


def test_a_corrected_e_mail_address_updates_the_student_found_by_number(catalogue):
    run_import(import_row())
    run_import(import_row(student_email="sanne.devries@student.example.nl"))
    assert User.objects.filter(email__startswith="sanne").count() == 1
    assert StudentProfile.objects.get().user.email == "sanne.devries@student.example.nl"


def test_a_placement_can_move_school_while_planned(catalogue):
    run_import(import_row())
    run_import(import_row(school="Montessori Lyceum"))
    assert Placement.objects.get().school == catalogue["other_school"]


def test_only_new_people_get_an_invitation_after_commit(
    catalogue, django_capture_on_commit_callbacks
):
    UserFactory(email="wim@school.example.nl", full_name="Wim Jansen")
    result = run_import(import_row(), capture=django_capture_on_commit_callbacks)
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == sorted(u.email for u in result.invited)
    assert "wim@school.example.nl" not in invited and len(invited) == 3


def test_a_repeated_import_sends_no_invitations(catalogue, django_capture_on_commit_callbacks):
    run_import(import_row(), capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    run_import(import_row(), capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_invitation_link_lets_the_person_choose_a_password(
    catalogue, client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    run_import(import_row(), capture=django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["sanne@student.example.nl"])
    assert message.subject == "Welkom bij Driehoek: kies je wachtwoord"
    link = next(w for w in message.body.split() if w.startswith("http://testserver/"))
    response = client.get(link, follow=True)
    assert "new_password1" in response.content.decode()


def test_a_database_change_after_the_preview_refuses_the_import(catalogue):
    rows = read_table("stages.csv", csv_file(import_row()))
    digest = build_plan(rows).digest
    UserFactory(email="wim@school.example.nl", full_name="Wim Jansen")
    with pytest.raises(ImportChanged):
        placements_import(by=None, rows=rows, expected_digest=digest)
    assert not Placement.objects.exists()


def test_the_import_is_recorded_in_the_audit_log(catalogue, admin_user):
    placements_import(
        by=admin_user, rows=read_table("s.csv", csv_file(import_row())), source="s.csv"
    )
    event = AuditEvent.objects.get(action="placements.imported")
    assert (event.actor, event.detail["created_placements"]) == (admin_user, 1)


def test_a_period_column_with_only_separators_is_an_error(catalogue):
    assert "‘+’ noemt geen periode" in errors_of(plan_of(import_row(periods=" + ")))[0]


def test_a_database_conflict_while_saving_becomes_a_message_and_writes_nothing(
    catalogue, monkeypatch
):
    from django.db import IntegrityError

    from apps.placements import lifecycle

    def conflict(**kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(lifecycle, "placements_created", conflict)
    with pytest.raises(PlacementError, match="kon niet worden opgeslagen"):
        run_import(import_row())
    assert not User.objects.exists()
