import pytest
from django.db import DatabaseError, transaction

from apps.accounts.models import AuditEvent
from apps.accounts.services import audit_record
from tests.factories import UserFactory


@pytest.fixture
def event(db):
    audit_record(actor=UserFactory(), action="student.exported")
    return AuditEvent.objects.get()


def test_an_audit_line_cannot_be_changed(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="niets")


def test_an_audit_line_cannot_be_deleted(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_deleting_an_account_keeps_its_audit_lines(event):
    event.actor.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor is None


def test_a_retention_purge_may_remove_audit_lines(event):
    from apps.cycle.models import PurgeAllowance

    with transaction.atomic():
        allowance = PurgeAllowance.objects.create(reason="bewaartermijn auditlog")
        AuditEvent.objects.filter(pk=event.pk).delete()
        allowance.delete()
    assert not AuditEvent.objects.exists()
