"""Mail leaves from the outbox after the commit, is retried when the server fails, and is never
sent twice (apps/accounts/outbox.py)."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.accounts.models import AuditEvent, MailStatus, OutboxMail
from apps.accounts.outbox import (
    MAX_ATTEMPTS,
    backoff,
    outbox_add,
    outbox_deliver_due,
    outbox_message,
)
from apps.accounts.services import notify

FAILING = "tests.accounts.test_outbox.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPException("421 service not available")


def tell(person, text="Formulier verzonden"):
    notify(recipients=[person], message=text, subject=text, body=f"{text}.\n")


def test_the_mail_waits_in_the_outbox_until_the_commit(mentor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(mentor)
        assert mail.outbox == [] and OutboxMail.objects.get().status == MailStatus.PENDING
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    assert OutboxMail.objects.get().status == MailStatus.SENT


def test_a_rolled_back_action_leaves_no_mail(mentor, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        tell(mentor)
        raise RuntimeError("iets na de melding mislukt")
    assert not OutboxMail.objects.exists() and mail.outbox == []
    assert not mentor.notifications.exists()


def test_a_failing_mail_server_does_not_stop_the_action(
    settings, mentor, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        tell(mentor)
    waiting = OutboxMail.objects.get()
    assert (waiting.status, waiting.attempts) == (MailStatus.PENDING, 1)
    assert "SMTPException: 421" in waiting.last_error
    assert mentor.notifications.count() == 1  # the in-app notification is there regardless


def test_the_mail_is_retried_later_and_delivered_once(settings, mentor):
    settings.EMAIL_BACKEND = FAILING
    tell(mentor)
    outbox_deliver_due()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_deliver_due() == 0  # not yet: it waits for its next attempt
    later = timezone.now() + backoff(1)
    assert outbox_deliver_due(now=later) == 1
    assert outbox_deliver_due(now=later + timedelta(hours=1)) == 0
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    sent = OutboxMail.objects.get()
    assert (sent.status, sent.attempts, sent.body) == (MailStatus.SENT, 2, "")


def test_each_pause_is_twice_the_last_and_then_it_gives_up(settings, mentor):
    settings.EMAIL_BACKEND = FAILING
    tell(mentor)
    now, pauses = timezone.now(), []
    for _ in range(MAX_ATTEMPTS):
        outbox_deliver_due(now=now)
        waiting = OutboxMail.objects.get()
        pauses.append(waiting.next_attempt_at - now)
        now = waiting.next_attempt_at
    assert pauses[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert (waiting.status, waiting.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS)
    assert outbox_deliver_due(now=now + timedelta(days=1)) == 0


def test_a_mail_another_worker_holds_is_not_sent_again(mentor):
    tell(mentor)
    OutboxMail.objects.update(status=MailStatus.SENDING, claimed_at=timezone.now())
    assert outbox_deliver_due() == 0 and mail.outbox == []


def test_a_mail_whose_worker_died_is_sent_once_with_the_same_message_id(mentor):
    tell(mentor)
    outbox_deliver_due()
    first_id = mail.outbox[0].extra_headers["Message-ID"]
    mail.outbox.clear()
    OutboxMail.objects.update(
        status=MailStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert outbox_deliver_due() == 1
    assert outbox_deliver_due() == 0
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [first_id]


def test_the_same_key_cannot_be_queued_twice(mentor):
    outbox_add([outbox_message(to=mentor, subject="A", body="a", key="herinnering:1")])
    with pytest.raises(IntegrityError), transaction.atomic():
        outbox_add([outbox_message(to=mentor, subject="A", body="a", key="herinnering:1")])


def test_the_admin_filters_failed_mail_and_retries_it(
    admin_client, mentor, django_capture_on_commit_callbacks
):
    tell(mentor, "Mislukt")
    tell(mentor, "Gelukt")
    OutboxMail.objects.filter(subject="Mislukt").update(
        status=MailStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPException"
    )
    OutboxMail.objects.filter(subject="Gelukt").update(status=MailStatus.SENT)
    url = reverse("admin:accounts_outboxmail_changelist")
    page = admin_client.get(url, {"status__exact": "mislukt"}).content.decode()
    assert "Mislukt" in page and "Gelukt" not in page
    data = {"action": "retry", "_selected_action": list(OutboxMail.objects.values_list("pk"))}
    data["_selected_action"] = [pk for (pk,) in data["_selected_action"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data, follow=True)
    assert "1 e-mail wordt opnieuw verstuurd." in response.content.decode()
    assert [m.subject for m in mail.outbox] == ["Mislukt"]
    assert AuditEvent.objects.filter(action="outbox.retry").exists()


@pytest.fixture
def database_tasks(settings):
    """The task backend of production: tasks are rows that the worker runs."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "mail"],
        }
    }


def run_worker():
    call_command(
        "db_worker",
        queue_name="mail",
        batch=True,
        reload=False,
        startup_delay=False,
        verbosity=0,
    )


# The worker runs in this process but commits and reconnects as in production: these tests
# commit for real (transactional_db) instead of running inside the test's transaction.


def test_the_worker_delivers_after_the_commit(transactional_db, database_tasks, mentor):
    tell(mentor)  # committed at once: the delivery task is queued
    assert mail.outbox == []  # the action only queued it
    run_worker()
    assert [m.to for m in mail.outbox] == [[mentor.email]]


@pytest.mark.django_db(transaction=True)
def test_after_a_failure_the_worker_is_woken_for_the_next_attempt(database_tasks, settings, mentor):
    settings.EMAIL_BACKEND = FAILING
    tell(mentor)
    run_worker()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == "apps.accounts.outbox.outbox_deliver"
    assert retry.run_after == OutboxMail.objects.get().next_attempt_at


def test_deliver_outbox_command_sends_what_is_due(mentor):
    tell(mentor)
    out = _call("deliver_outbox")
    assert "1 e-mail(s) verstuurd" in out and len(mail.outbox) == 1


def _call(name: str) -> str:
    from io import StringIO

    buffer = StringIO()
    call_command(name, stdout=buffer)
    return buffer.getvalue()
