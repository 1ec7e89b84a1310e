"""`manage.py import_placements FILE`: the same preview; --commit writes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import AuditEvent
from apps.placements.models import Placement
from tests.placements.conftest import csv_file, import_row


def run(path, *args, out=None) -> str:
    out = out or StringIO()
    call_command("import_placements", str(path), *args, stdout=out)
    return out.getvalue()


def test_without_commit_it_prints_the_preview_and_writes_nothing(catalogue, tmp_path):
    path = tmp_path / "stages.csv"
    path.write_bytes(csv_file(import_row()))
    output = run(path)
    assert "Rij 2: Nieuwe stage" in output and "--commit" in output
    assert not Placement.objects.exists()


def test_with_commit_it_imports_and_records_who(catalogue, tmp_path, admin_user):
    path = tmp_path / "stages.csv"
    path.write_bytes(csv_file(import_row()))
    run(path, "--commit", "--by", admin_user.email)
    assert Placement.objects.count() == 1
    assert AuditEvent.objects.get(action="placements.imported").actor == admin_user


def test_errors_are_printed_with_their_row_and_nothing_is_written(catalogue, tmp_path):
    path = tmp_path / "stages.csv"
    path.write_bytes(csv_file(import_row(periods="Blok 9")))
    out = StringIO()
    with pytest.raises(CommandError, match="1 fout"):
        run(path, "--commit", out=out)
    assert "! Rij 2, kolom ‘periode’: onbekende periode ‘Blok 9’." in out.getvalue()
    assert not Placement.objects.exists()
