"""`CbvPlacement` (and its history) comes over from rubrics: the complexe beroepsvaardigheden
are placements of a student, so they belong to the cycle. State only: the tables keep their
names (`rubrics_cbvplacement`, `rubrics_historicalcbvplacement`) and their rows, and so do the
constraint names. The content types move with the models (app label rubrics -> cycle, same
ids), so permissions, guardian's object permissions and admin log entries follow."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ["cbvplacement", "historicalcbvplacement"]


def relabel(apps, old: str, new: str) -> None:
    """Give the content types of the moved models their new app label. A content type that
    already exists under the new label (a database that saw the models in both apps) is left
    alone; the old one is then stale and `remove_stale_contenttypes` may remove it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=new, model=model).exists():
            continue
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
    ContentType.objects.clear_cache()


def to_cycle(apps, schema_editor) -> None:
    relabel(apps, "rubrics", "cycle")


def to_rubrics(apps, schema_editor) -> None:
    relabel(apps, "cycle", "rubrics")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cycle", "0009_guide_side_notes"),
        ("placements", "0005_quality_monitor"),
        ("rubrics", "0004_cbv_placement_moves_to_cycle"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalCbvPlacement',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('moment', models.CharField(choices=[('start', 'Start'), ('tussenevaluatie', 'Tussenevaluatie'), ('eindbeoordeling', 'Eindbeoordeling')], max_length=16, verbose_name='moment')),
                        ('perspective', models.CharField(choices=[('student', 'Student'), ('werkplekbegeleider', 'Werkplekbegeleider')], max_length=24, verbose_name='door')),
                        ('note', models.TextField(blank=True, verbose_name='toelichting')),
                        ('placed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ingevuld op')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('dimension', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='rubrics.rubricdimension', verbose_name='dimensie')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('level', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='rubrics.rubriclevel', verbose_name='fase')),
                        ('placed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ingevuld door')),
                        ('placement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='placements.placement', verbose_name='stage')),
                    ],
                    options={
                        'verbose_name': 'historical plaatsing op complexe beroepsvaardigheden',
                        'verbose_name_plural': 'historical plaatsingen op complexe beroepsvaardigheden',
                        'db_table': 'rubrics_historicalcbvplacement',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CbvPlacement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('moment', models.CharField(choices=[('start', 'Start'), ('tussenevaluatie', 'Tussenevaluatie'), ('eindbeoordeling', 'Eindbeoordeling')], max_length=16, verbose_name='moment')),
                        ('perspective', models.CharField(choices=[('student', 'Student'), ('werkplekbegeleider', 'Werkplekbegeleider')], max_length=24, verbose_name='door')),
                        ('note', models.TextField(blank=True, verbose_name='toelichting')),
                        ('placed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ingevuld op')),
                        ('dimension', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='rubrics.rubricdimension', verbose_name='dimensie')),
                        ('level', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='rubrics.rubriclevel', verbose_name='fase')),
                        ('placed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ingevuld door')),
                        ('placement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cbv_placements', to='placements.placement', verbose_name='stage')),
                    ],
                    options={
                        'verbose_name': 'plaatsing op complexe beroepsvaardigheden',
                        'verbose_name_plural': 'plaatsingen op complexe beroepsvaardigheden',
                        'db_table': 'rubrics_cbvplacement',
                        'ordering': ['placement', 'moment', 'perspective', 'dimension__position'],
                        'constraints': [models.UniqueConstraint(fields=('placement', 'moment', 'perspective', 'dimension'), name='rubrics_cbv_once_per_dimension'), models.CheckConstraint(condition=models.Q(('moment__in', ['start', 'tussenevaluatie', 'eindbeoordeling'])), name='rubrics_cbv_moment_known'), models.CheckConstraint(condition=models.Q(('perspective__in', ['student', 'werkplekbegeleider'])), name='rubrics_cbv_perspective_known')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_cycle, to_rubrics),
    ]
