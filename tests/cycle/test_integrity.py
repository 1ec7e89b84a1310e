"""verify_integrity checks the stored PDF of a sent version and notices a sent version that
disappeared; a swapped PDF is never served."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.cycle.feedback.pdf import form_version_pdf, pdf_sha256
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import FormVersion
from apps.cycle.records.retention import placement_purge


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent(eind, tussen, mentor):
    """Both forms sent, and their PDFs stored."""
    eind.entries.update(judgement="voldaan")
    versions = [form_version_send(by=mentor, version=v) for v in (tussen, eind)]
    for version in versions:
        form_version_pdf(version)
    return [FormVersion.objects.get(pk=v.pk) for v in versions]


def verify() -> tuple[str, str]:
    out = io.StringIO()
    try:
        call_command("verify_integrity", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def overwrite(version: FormVersion, data: bytes) -> None:
    with open(version.pdf.path, "wb") as stored:
        stored.write(data)


def test_storing_the_pdf_records_its_sha256(sent):
    for version in sent:
        with version.pdf.open("rb") as stored:
            assert version.pdf_sha256 == pdf_sha256(stored.read())
    out, error = verify()
    assert not error and "2 verzonden versies gecontroleerd: in orde (2 opgeslagen" in out


def test_an_overwritten_pdf_is_reported(sent):
    overwrite(sent[1], b"%PDF-1.7 iets anders")
    out, error = verify()
    assert f"formulierversie {sent[1].pk}: de pdf" in out and "vervangen" in out
    assert "1 van 2 verzonden versies wijken af" in error


def test_a_pdf_swapped_for_another_versions_is_reported_and_not_served(sent):
    tussen, eind = sent
    with tussen.pdf.open("rb") as stored:
        other = stored.read()
    overwrite(eind, other)
    out, error = verify()
    assert f"formulierversie {eind.pk}: de pdf" in out and error
    assert form_version_pdf(eind) != other


def test_a_missing_pdf_is_reported(sent):
    sent[0].pdf.storage.delete(sent[0].pdf.name)
    out, error = verify()
    assert f"formulierversie {sent[0].pk}: de pdf" in out and "ontbreekt" in out and error


def test_a_sent_version_that_disappeared_is_reported(sent):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER cycle_sent_version_no_delete")
            cursor.execute("DROP TRIGGER cycle_sent_entry_no_delete")
            cursor.execute("DROP TRIGGER cycle_sent_indicator_no_delete")
        cursor.execute("DELETE FROM cycle_formentry WHERE version_id = %s", [sent[1].pk])
        cursor.execute("DELETE FROM cycle_historicalformversion WHERE id = %s", [sent[1].pk])
        cursor.execute("DELETE FROM cycle_formversion WHERE id = %s", [sent[1].pk])
    out, error = verify()
    assert f"formulierversie {sent[1].pk}: was verzonden en is verdwenen" in out
    assert "1 van 2 verzonden versies wijken af of ontbreken" in error


def test_versions_removed_by_the_retention_purge_are_not_missing(sent, cycle_placement):
    placement_purge(by=None, placement=cycle_placement)
    out, error = verify()
    assert not error and "0 verzonden versies gecontroleerd: in orde" in out


def test_adding_the_hash_column_kept_the_immutability_triggers(sent):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'cycle_sent_%%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    expected = (
        {"cycle_sent_version_guard", "cycle_sent_entry_guard", "cycle_sent_indicator_guard"}
        if connection.vendor == "postgresql"
        else {"cycle_sent_version_no_update", "cycle_sent_version_no_delete"}
    )
    assert expected <= names


def test_forgetting_the_pdf_forgets_its_hash(sent, instituutsopleider):
    from apps.cycle.procedure.services import disagreement_open

    eind = sent[1]
    entry = eind.entries.first()
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=entry, reason="Graag een voorbeeld."
    )
    eind.refresh_from_db()
    assert not eind.pdf and eind.pdf_sha256 is None
    assert not verify()[1]
