"""`CbvPlacement` (and its history) moves to the cycle app: rubrics is reference data and no
longer points at placements. State only: the tables `rubrics_cbvplacement` and
`rubrics_historicalcbvplacement` stay where they are, with their rows; cycle 0010 takes the
models over (and depends on this migration, never the other way round)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("rubrics", "0003_self_assessment_cbv_placement"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="historicalcbvplacement", name="dimension"),
                migrations.RemoveField(model_name="historicalcbvplacement", name="history_user"),
                migrations.RemoveField(model_name="historicalcbvplacement", name="level"),
                migrations.RemoveField(model_name="historicalcbvplacement", name="placed_by"),
                migrations.RemoveField(model_name="historicalcbvplacement", name="placement"),
                migrations.DeleteModel(name="CbvPlacement"),
                migrations.DeleteModel(name="HistoricalCbvPlacement"),
            ],
            database_operations=[],
        ),
    ]
