"""Mail leaves after the work is committed, from the task worker, and is never lost.

A service writes its mails to the outbox (`OutboxMail`) inside its own transaction with
`outbox_add`: a rolled-back action leaves no mail, and a mail server that is down never stops
the action. Once the transaction commits, `outbox_deliver` is enqueued on the worker (queue
"mail"); it claims the due mails and sends them.

- Nothing is sent twice: a mail is claimed before it is sent, by one conditional UPDATE that
  only succeeds on a mail still waiting (on PostgreSQL the candidates are also locked with
  SKIP LOCKED, so workers do not wait on each other); `key` is unique, so the same mail cannot
  be queued twice. A worker that dies between the mail server accepting a mail and recording
  it (a window of one mail) leaves it claimed; after STALE_AFTER it is sent again with the same
  Message-ID, so the receiving side can recognise it.
- Nothing is lost: a failed attempt waits FIRST_PAUSE, then twice as long each time (at most
  LONGEST_PAUSE), for MAX_ATTEMPTS attempts; then the mail is "mislukt" in the admin, which
  lists it under its status and can try it again. `manage.py deliver_outbox`, scheduled,
  catches anything whose wake-up call was lost.
- An invitation or a password reset carries a link that logs a person in. It is written only
  when it leaves (the token is made then), so a copy of the database holds no working link.
  Once a mail is sent only its envelope (to, subject, when) is kept; sent mails are removed
  after KEEP_SENT.
"""

import hashlib
import logging
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from apps.accounts.models import MailKind, MailStatus, OutboxMail, User
from apps.core.tasks import MAIL_QUEUE, enqueue_on_commit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # 1 + 2 + 4 + ... + 64 minutes: about two hours of trying
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=6)
STALE_AFTER = timedelta(minutes=15)
KEEP_SENT = timedelta(days=30)
BATCH = 50


class OutboxError(Exception):
    """A domain error about the outbox, with a message for the admin."""


def outbox_add(mails: list[OutboxMail]) -> list[OutboxMail]:
    """Queue `mails` in the current transaction (one INSERT); they are delivered once it
    commits. A mail without a `key` gets a random one; give a key that names the mail (such as
    "invitation:<id>") where queueing it twice must be impossible."""
    for mail in mails:
        mail.key = mail.key or f"mail:{uuid.uuid4().hex}"
    created = OutboxMail.objects.bulk_create(mails)
    if created:
        enqueue_on_commit(outbox_deliver)
    return created


def outbox_message(
    *, to: User, subject: str, body: str, key: str = "", context: dict | None = None
) -> OutboxMail:
    """An unsaved ordinary mail to one person, for `outbox_add`."""
    return OutboxMail(
        key=key,
        kind=MailKind.MESSAGE,
        recipient=to,
        to_email=to.email,
        subject=subject[:300],
        body=body,
        context=context or {},
    )


@task(queue_name=MAIL_QUEUE)
def outbox_deliver() -> int:
    """The worker's task: deliver what is due (see `outbox_deliver_due`)."""
    return outbox_deliver_due()


def outbox_deliver_due(*, now: datetime | None = None) -> int:
    """Send every mail that is due at `now`, batch by batch; returns how many were sent. A
    failure is recorded on its mail, never raised. When mails wait for a later attempt, a
    delivery is enqueued for then (where the task backend can defer)."""
    now = now or timezone.now()
    sent = 0
    while batch := _claim(now):
        sent += _send_batch(batch, now)
    _wake_up_for_retries(now)
    OutboxMail.objects.filter(
        status__in=[MailStatus.SENT, MailStatus.CANCELLED], created_at__lt=now - KEEP_SENT
    ).delete()
    return sent


def _claimable(now: datetime) -> Q:
    return Q(status=MailStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=MailStatus.SENDING, claimed_at__lt=now - STALE_AFTER
    )


def _claim(now: datetime) -> list[OutboxMail]:
    """Take up to BATCH due mails for this worker alone: the UPDATE succeeds only on rows that
    are still claimable, so a row another worker took in between is not ours."""
    token = secrets.token_hex(16)
    with transaction.atomic():
        due = OutboxMail.objects.filter(_claimable(now)).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return []
        OutboxMail.objects.filter(_claimable(now), pk__in=ids).update(
            status=MailStatus.SENDING,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    return list(
        OutboxMail.objects.filter(claim_token=token, status=MailStatus.SENDING)
        .select_related("recipient")
        .order_by("id")
    )


def _send_batch(batch: list[OutboxMail], now: datetime) -> int:
    """Send the claimed mails over one connection; each outcome is recorded as it happens, so
    a worker that stops halfway leaves the rest to be claimed again."""
    mail_connection = get_connection()
    try:
        mail_connection.open()
    except Exception as exc:  # noqa: BLE001 - the server is down: every mail waits
        for mail in batch:
            _record_failure(mail, exc, now)
        return 0
    sent = 0
    try:
        for mail in batch:
            sent += _send_one(mail, mail_connection, now)
    finally:
        try:
            mail_connection.close()
        except Exception:  # noqa: BLE001 - the mails are recorded; closing is courtesy
            logger.warning("Verbinding met de mailserver niet netjes gesloten", exc_info=True)
    return sent


def _send_one(mail: OutboxMail, mail_connection, now: datetime) -> bool:
    mine = OutboxMail.objects.filter(pk=mail.pk, claim_token=mail.claim_token)
    try:
        message = _message(mail)
        if message is None:
            mine.update(status=MailStatus.CANCELLED, body="", context={}, claim_token="")
            return False
        message.connection = mail_connection
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure is this mail's, the rest go on
        _record_failure(mail, exc, now)
        return False
    mine.update(
        status=MailStatus.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:300],
        body="",
        context={},
        last_error="",
        claim_token="",
    )
    return True


def _record_failure(mail: OutboxMail, exc: Exception, now: datetime) -> None:
    """Wait longer after each failed attempt; after the last one the mail is `mislukt`."""
    logger.warning("E-mail %s aan %s niet verstuurd: %s", mail.pk, mail.to_email, exc)
    gave_up = mail.attempts >= MAX_ATTEMPTS
    OutboxMail.objects.filter(pk=mail.pk, claim_token=mail.claim_token).update(
        status=MailStatus.FAILED if gave_up else MailStatus.PENDING,
        next_attempt_at=now + backoff(mail.attempts),
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        claim_token="",
    )


def backoff(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed attempt: 1, 2, 4, ... minutes, at most 6 h."""
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


def _wake_up_for_retries(now: datetime) -> None:
    """Enqueue a delivery for the earliest mail that waits for a later attempt."""
    if not default_task_backend.supports_defer:
        return  # e.g. the test suite's immediate backend: `deliver_outbox` or a test runs it
    next_at = (
        OutboxMail.objects.filter(status=MailStatus.PENDING, next_attempt_at__gt=now)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_at is not None:
        outbox_deliver.using(run_after=next_at).enqueue()


@transaction.atomic
def outbox_retry(*, by: User, mails) -> int:
    """Try the failed (or dropped) mails among `mails` again, now, with a fresh series of
    attempts; recorded in the audit log. Returns how many."""
    from apps.accounts.services import audit_record

    ids = list(
        mails.filter(status__in=[MailStatus.FAILED, MailStatus.CANCELLED]).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        return 0
    OutboxMail.objects.filter(pk__in=ids).update(
        status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    audit_record(actor=by, action="outbox.retry", detail={"mails": ids})
    enqueue_on_commit(outbox_deliver)
    return len(ids)


# --- Writing the mail -------------------------------------------------------------------------


def _message_id(mail: OutboxMail) -> str:
    """The same Message-ID on every attempt of one mail."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "driehoek"
    return f"<{hashlib.sha256(mail.key.encode()).hexdigest()[:32]}@{domain}>"


def _writers() -> dict[str, Callable[[OutboxMail], tuple[str, str] | None]]:
    from apps.accounts.services import invitation_mail_write, password_reset_mail_write

    return {
        MailKind.INVITATION: invitation_mail_write,
        MailKind.PASSWORD_RESET: password_reset_mail_write,
    }


def _message(mail: OutboxMail) -> EmailMessage | None:
    """The mail as it leaves, or None when it is no longer wanted (an invitation that was
    replaced or used meanwhile)."""
    if mail.kind == MailKind.MESSAGE:
        subject, body = mail.subject, mail.body
    else:
        written = _writers()[mail.kind](mail)
        if written is None:
            return None
        subject, body = written
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [mail.to_email],
        headers={"Message-ID": _message_id(mail)},
    )
