"""Confirming an import writes in bulk: a year of rows in a fixed number of queries, with the
same placements, conversations, forms, history and grants as one placement made by hand."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import AuditEvent, Role, User
from apps.cycle.models import Conversation, FormEntry, FormVersion
from apps.placements import lifecycle
from apps.placements.importing.selectors import read_table
from apps.placements.importing.services import placements_import
from apps.placements.models import Placement, PlacementUserObjectPermission
from apps.placements.services import placement_create
from tests.factories import LearningOutcomeFactory, StudentProfileFactory
from tests.placements.conftest import csv_file, import_row


@pytest.fixture
def programme_outcomes(catalogue):
    """Two outcomes in the programme's default set, so forms get entries."""
    catalogue["programme"].default_outcomes.set(LearningOutcomeFactory.create_batch(2))


def rows_for(n: int) -> list:
    return [
        import_row(
            student_number=f"6{i:05}",
            student_email=f"s{i}@student.example.nl",
            student_name=f"Student {i}",
            wpb_name=f"Wpb {i // 2}",
            wpb_email=f"wpb{i // 2}@school.example.nl",
            periods="Blok 3 + Blok 4" if i % 2 else "Blok 3",
        )
        for i in range(n)
    ]


class Undo(Exception):
    pass


def import_queries(n: int) -> int:
    """The queries of importing `n` new rows into this database, which is then left as it was."""
    rows = read_table("stages.csv", csv_file(*rows_for(n)))
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            placements_import(by=None, rows=rows)
            raise Undo
    except Undo:
        pass
    return len(ctx.captured_queries)


def shape(placement: Placement) -> dict:
    conversations = Conversation.objects.filter(placement=placement)
    versions = FormVersion.objects.filter(form__conversation__placement=placement)
    return {
        "conversations": sorted(conversations.values_list("kind", "planned_date", "sequence")),
        "versions": sorted(versions.values_list("form__conversation__kind", "number", "state")),
        "entries": FormEntry.objects.filter(version__in=versions).count(),
        "outcomes": sorted(placement.outcomes.values_list("outcome_id", "wpb_judges")),
        "history": Conversation.history.filter(placement_id=placement.pk).count(),
        "grants": sorted(
            PlacementUserObjectPermission.objects.filter(content_object=placement).values_list(
                "user_id", flat=True
            )
        ),
    }


@pytest.mark.django_db
def test_an_imported_placement_is_the_same_as_one_made_by_hand(catalogue, programme_outcomes):
    placements_import(by=None, rows=read_table("stages.csv", csv_file(import_row())))
    imported = Placement.objects.get()
    by_hand = placement_create(
        by=None,
        student=StudentProfileFactory(programme=catalogue["programme"], year=2),
        school=imported.school,
        periods=imported.periods.all(),
        werkplekbegeleider=imported.werkplekbegeleider,
        schoolopleider=imported.schoolopleider,
        instituutsopleider=imported.instituutsopleider,
    )

    got, want = shape(imported), shape(by_hand)
    assert got["entries"] > 0 and got["history"] == 4
    student = {imported.student.user_id, by_hand.student.user_id}
    assert set(got.pop("grants")) - student == set(want.pop("grants")) - student
    assert got == want


@pytest.mark.django_db
def test_confirming_takes_a_fixed_number_of_queries(catalogue, programme_outcomes):
    small = import_queries(4)  # 4 students, 2 wpbs, 1 so, 1 io: 8 invitations
    big = import_queries(40)  # 40 students, 20 wpbs, 1 so, 1 io: 62 invitations
    # A fixed number of bulk statements; a few more only where SQLite's parameter limit
    # splits an insert of many rows into batches: nothing per row or per person.
    assert 0 <= big - small <= 5


@pytest.mark.django_db
def test_everyone_gets_their_role_and_the_opleiders_their_school(catalogue):
    placements_import(by=None, rows=read_table("stages.csv", csv_file(*rows_for(3))))

    placement = Placement.objects.order_by("pk").first()
    assert placement.student.user.role_set == {Role.STUDENT}
    assert placement.werkplekbegeleider.role_set == {Role.WERKPLEKBEGELEIDER}
    assert catalogue["school"].assignments.count() == 2
    assert AuditEvent.objects.filter(action="placements.imported").count() == 1


@pytest.mark.django_db
def test_a_new_opleider_sees_the_placements_already_at_the_school(catalogue):
    earlier = placement_create(
        by=None,
        student=StudentProfileFactory(),
        school=catalogue["school"],
        periods=[catalogue["blok3"]],
    )
    placements_import(by=None, rows=read_table("stages.csv", csv_file(import_row())))

    sandra = User.objects.get(email="sandra@school.example.nl")
    assert sandra.has_perm("placements.view_placement", earlier)


@pytest.mark.django_db
def test_an_app_without_a_bulk_callback_is_told_once_per_placement(catalogue, monkeypatch):
    seen = []
    monkeypatch.setattr(lifecycle, "_callbacks", [lambda **kw: seen.append(kw["placement"])])
    monkeypatch.setattr(lifecycle, "_many", {})

    placements_import(by=None, rows=read_table("stages.csv", csv_file(*rows_for(3))))

    assert len(seen) == 3 and all(p.pk for p in seen)
