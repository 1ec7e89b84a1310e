"""A sent form cannot be changed by any path: services, the admin, a queryset, raw SQL."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import FormEntry, FormVersion, PurgeAllowance


@pytest.fixture
def sent(eind, mentor):
    eind.entries.update(feedback="Oorspronkelijke feedback")
    return form_version_send(by=mentor, version=eind)


def refused(action) -> bool:
    try:
        with transaction.atomic():
            action()
    except DatabaseError:
        return True
    return False


def test_queryset_update_of_a_sent_entry_is_refused(sent):
    assert refused(lambda: FormEntry.objects.filter(version=sent).update(feedback="Gewijzigd"))
    assert set(sent.entries.values_list("feedback", flat=True)) == {"Oorspronkelijke feedback"}


def test_raw_sql_update_of_a_sent_version_is_refused(sent):
    def tamper():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE cycle_formversion SET fingerprint = 'x' WHERE id = %s", [sent.pk]
            )

    assert refused(tamper)


def test_deleting_a_sent_version_is_refused(sent):
    assert refused(lambda: FormVersion.objects.filter(pk=sent.pk).delete())


def test_ticking_an_indicator_on_a_sent_entry_is_refused(sent, outcomes):
    entry = sent.entries.get(placement_outcome__outcome__code="5.1")
    indicator = outcomes[0].dimensions.first().indicators.first()
    assert refused(lambda: entry.indicators_seen.add(indicator))


def test_storing_the_rendered_pdf_of_a_sent_version_is_allowed(sent):
    FormVersion.objects.filter(pk=sent.pk).update(pdf="forms/formulier.pdf")
    assert FormVersion.objects.get(pk=sent.pk).pdf.name == "forms/formulier.pdf"


def test_a_draft_can_still_be_changed(tussen):
    FormEntry.objects.filter(version=tussen).update(feedback="Concept")
    assert set(tussen.entries.values_list("feedback", flat=True)) == {"Concept"}


def test_a_purge_may_delete_sent_forms_inside_its_own_transaction(sent):
    with transaction.atomic():
        allowance = PurgeAllowance.objects.create(reason="test")
        FormVersion.objects.filter(pk=sent.pk).delete()
        allowance.delete()
    assert not FormVersion.objects.filter(pk=sent.pk).exists()


def tamper_with(sent) -> None:
    """Bypass the guard the way an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER cycle_sent_entry_no_update")
        cursor.execute(
            "UPDATE cycle_formentry SET feedback = 'Vervalst' WHERE version_id = %s", [sent.pk]
        )


def test_verify_integrity_passes_on_untouched_forms(sent):
    out = io.StringIO()
    call_command("verify_integrity", stdout=out)
    assert "1 verzonden versies gecontroleerd: in orde" in out.getvalue()


def test_verify_integrity_reports_a_row_changed_through_sql(sent):
    tamper_with(sent)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 van 1 verzonden versies wijken af"):
        call_command("verify_integrity", stdout=out)
    assert f"formulierversie {sent.pk}" in out.getvalue()
