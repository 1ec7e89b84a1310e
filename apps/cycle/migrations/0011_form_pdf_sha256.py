"""The sha256 of a sent version's stored PDF, so verify_integrity can check the file too.

Nullable and without a default: on SQLite this is a plain ALTER TABLE ADD COLUMN, which keeps
the immutability triggers of 0005 (a rebuilt table would drop them; tests/cycle/test_integrity.py
checks they are still there). The column is not one of the trigger's guarded columns: like
`pdf`, it is written when the PDF is stored, the one change a sent version allows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cycle', '0010_cbv_placement_from_rubrics'),
    ]

    operations = [
        migrations.AddField(
            model_name='formversion',
            name='pdf_sha256',
            field=models.CharField(blank=True, editable=False, help_text='Vastgelegd toen de pdf werd opgeslagen; verify_integrity controleert het.', max_length=64, null=True, verbose_name='sha256 van de pdf'),
        ),
        migrations.AddField(
            model_name='historicalformversion',
            name='pdf_sha256',
            field=models.CharField(blank=True, editable=False, help_text='Vastgelegd toen de pdf werd opgeslagen; verify_integrity controleert het.', max_length=64, null=True, verbose_name='sha256 van de pdf'),
        ),
    ]
