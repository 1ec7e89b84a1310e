"""Kennismaking side notes are notes, not checkboxes: the handbook's bullets under "Welke
andere informatie is belangrijk om uit te wisselen?" and "Wat moet ik als begeleider van de
student weten?" explain the question (what it could be about, why contact details pass
through the student); only "Vraag de student ... naar de contactgegevens" is a thing to do.
Existing databases get the flag on the loaded guide; the fixture carries it for new ones."""

from django.db import migrations, models

NOTE_POSITIONS = [8, 9, 11, 12]


def mark_notes(apps, schema_editor):
    item = apps.get_model("cycle", "ConversationGuideItem")
    item.objects.filter(kind="kennismaking", position__in=NOTE_POSITIONS).update(is_note=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cycle", "0008_every_placement_has_its_cycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversationguideitem",
            name="is_note",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Een toelichting bij een agendapunt (zoals ‘Dit kan over reistijd gaan.’): "
                    "staat in de agenda, maar is geen punt om af te vinken."
                ),
                verbose_name="toelichting",
            ),
        ),
        migrations.RunPython(mark_notes, migrations.RunPython.noop),
    ]
