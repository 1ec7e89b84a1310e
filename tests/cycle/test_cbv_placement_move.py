"""`CbvPlacement` moved from rubrics to cycle by state only (rubrics 0004, cycle 0010): the
rows stay in their table, and the content type keeps its id, so permissions follow it."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.cycle.models import CbvPlacement
from apps.rubrics.models import RubricKind
from tests.factories import UserFactory, make_placement, make_rubric

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("rubrics", "0003_self_assessment_cbv_placement"), ("cycle", "0009_guide_side_notes")]
AFTER = [
    ("rubrics", "0004_cbv_placement_moves_to_cycle"),
    ("cycle", "0010_cbv_placement_from_rubrics"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


def a_row() -> CbvPlacement:
    table = make_rubric(kind=RubricKind.PHASES, roles=(), dimensions=1)
    user = UserFactory()
    return CbvPlacement.objects.create(
        placement=make_placement(),
        moment="start",
        perspective="student",
        dimension=table.dimensions.get(),
        level=table.levels.first(),
        note="Ik sta aan het begin.",
        placed_by=user,
    )


def test_rows_history_and_content_type_survive_the_move_both_ways():
    row = a_row()
    ct = ContentType.objects.get_for_model(CbvPlacement)
    change = Permission.objects.get(content_type=ct, codename="change_cbvplacement")
    try:
        old = migrate(BEFORE)
        assert old.get_model("rubrics", "CbvPlacement").objects.get(pk=row.pk).note == row.note
        assert old.get_model("rubrics", "HistoricalCbvPlacement").objects.count() == 1
        assert ContentType.objects.get(pk=ct.pk).app_label == "rubrics"
        new = migrate(AFTER)
        assert new.get_model("cycle", "CbvPlacement").objects.get(pk=row.pk).note == row.note
    finally:
        # Back to the newest migrations (not just AFTER): later migrations of cycle would
        # otherwise stay unapplied for the tests that run after this one.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert CbvPlacement.objects.get(pk=row.pk).note == row.note
    assert CbvPlacement.history.get().id == row.pk
    assert ContentType.objects.get_for_model(CbvPlacement).pk == ct.pk
    assert ContentType.objects.get(pk=ct.pk).app_label == "cycle"
    assert Permission.objects.get(pk=change.pk).content_type_id == ct.pk
