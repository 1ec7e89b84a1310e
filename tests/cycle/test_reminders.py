"""Reminders by e-mail: who gets what, digest or one mail each, never twice on one day.

`cycle_placement` runs from 1 February 2027: kennismaking 1 Feb, startgesprek 15 Feb,
tussenevaluatie 1 Mar, eindbeoordeling 29 Mar.
"""

import math
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import OutboxMail, ReminderMode, Role
from apps.accounts.outbox import outbox_deliver_due
from apps.cycle.conversations import reminders
from apps.cycle.conversations.reminders import reminders_send
from apps.cycle.conversations.services import conversations_plan
from apps.cycle.models import Conversation, FormState, Leerplan, LeerplanStatus, ReminderLog
from tests.factories import UserFactory, make_placement

BEFORE_START = date(2027, 2, 13)  # startgesprek in two days, kennismaking not yet recorded
BEFORE_TUSSEN = date(2027, 2, 27)


@pytest.fixture
def kennismaking_held(cycle_placement):
    Conversation.objects.filter(placement=cycle_placement, kind="kennismaking").update(
        held_date=date(2027, 2, 1)
    )
    return cycle_placement


def mails_to(user) -> list[str]:
    return [m.body for m in mail.outbox if m.to == [user.email]]


def run(day: date, days: int = 3) -> str:
    """The daily command, then the outbox delivered as the worker does after the commit."""
    out = StringIO()
    call_command("send_reminders", f"--today={day:%Y-%m-%d}", f"--days={days}", stdout=out)
    outbox_deliver_due()
    return out.getvalue()


def test_student_is_reminded_of_the_leerplan_before_the_startgesprek(kennismaking_held, student):
    run(BEFORE_START)
    (body,) = mails_to(student.user)
    assert "Bereid je persoonlijk leerplan voor op het startgesprek" in body
    assert "na het gesprek scherp je het aan en dien je het in" in body
    assert "Je startgesprek is gepland op 15 februari 2027 (over 2 dagen)" in body


def test_no_leerplan_reminder_once_it_is_submitted(kennismaking_held, student):
    Leerplan.objects.create(placement=kennismaking_held, status=LeerplanStatus.SUBMITTED)
    run(BEFORE_START)
    assert "leerplan" not in mails_to(student.user)[0]


def test_student_is_reminded_to_write_the_reflection(kennismaking_held, student):
    run(BEFORE_TUSSEN)
    assert "Schrijf je zelfreflectie voor de tussenevaluatie" in mails_to(student.user)[0]


def test_mentor_is_reminded_of_a_submitted_reflection(kennismaking_held, tussen, mentor):
    Conversation.objects.filter(placement=kennismaking_held).exclude(kind="tussenevaluatie").update(
        held_date=date(2027, 2, 15)
    )
    tussen.state = FormState.SUBMITTED
    tussen.save(update_fields=["state"])
    run(BEFORE_TUSSEN)
    (body,) = mails_to(mentor)
    assert "heeft de zelfreflectie voor de tussenevaluatie" in body
    assert f"/formulieren/{tussen.pk}/" in body


def test_mentor_is_reminded_of_a_leerplan_waiting_for_approval(kennismaking_held, mentor):
    Leerplan.objects.create(placement=kennismaking_held, status=LeerplanStatus.SUBMITTED)
    run(BEFORE_START)
    assert "wacht op je goedkeuring" in mails_to(mentor)[0]
    assert reverse("cycle:leerplan", args=[kennismaking_held.pk]) in mails_to(mentor)[0]


def test_everyone_is_reminded_of_a_coming_conversation(
    kennismaking_held, schoolopleider, instituutsopleider
):
    run(BEFORE_START)
    for person in (schoolopleider, instituutsopleider):
        assert (
            "Startgesprek van Sanne Student is gepland op 15 februari 2027" in mails_to(person)[0]
        )


def test_a_passed_conversation_without_held_date_is_overdue(cycle_placement, mentor):
    run(BEFORE_START)
    assert (
        "Kennismakingsgesprek van Sanne Student was gepland op 1 februari 2027 (12 dagen "
        "geleden) en is nog niet als gehouden vastgelegd." in mails_to(mentor)[0]
    )


def test_nothing_further_ahead_than_the_window(kennismaking_held):
    run(date(2027, 2, 5))
    assert mail.outbox == []


def test_links_point_to_the_site(kennismaking_held, student, settings):
    run(BEFORE_START)
    url = settings.SITE_URL + reverse("cycle:placement", args=[kennismaking_held.pk])
    assert url in mails_to(student.user)[0]


def test_digest_is_one_mail_with_every_item(kennismaking_held, student):
    run(BEFORE_START)
    assert len(mails_to(student.user)) == 1
    assert mail.outbox[0].subject.startswith("Driehoek: ")


def test_immediate_is_one_mail_per_reminder(kennismaking_held, student):
    student.user.reminder_mode = ReminderMode.IMMEDIATE
    student.user.save()
    run(BEFORE_START)
    assert len(mails_to(student.user)) == 2  # the startgesprek and the leerplan


def test_never_the_same_reminder_twice_on_one_day(kennismaking_held):
    run(BEFORE_START)
    sent = len(mail.outbox)
    out = run(BEFORE_START)
    assert len(mail.outbox) == sent
    assert "0 e-mails verstuurd met 0 herinneringen; 5 overgeslagen" in out


def test_today_moves_the_clock(kennismaking_held):
    run(BEFORE_START)
    sent = len(mail.outbox)
    run(date(2027, 2, 14))
    assert len(mail.outbox) == 2 * sent
    assert ReminderLog.objects.filter(sent_on=date(2027, 2, 14)).count() == 5


def test_summary_counts_mails_and_reminders(kennismaking_held):
    out = run(BEFORE_START)
    assert "4 e-mails verstuurd met 5 herinneringen; 0 overgeslagen" in out


def test_a_concurrent_run_that_claimed_first_wins(kennismaking_held, monkeypatch):
    run(BEFORE_START)
    real, reads = reminders._sent_on, []

    def stale_first(day):  # this run read the log before the other run wrote it
        reads.append(day)
        return set() if len(reads) == 1 else real(day)

    monkeypatch.setattr(reminders, "_sent_on", stale_first)
    result = reminders_send(today=BEFORE_START)
    assert (result.mails, result.skipped, len(reads)) == (0, 5, 2)
    assert ReminderLog.objects.filter(sent_on=BEFORE_START).count() == 5


def test_a_failing_mail_server_keeps_the_reminders_for_a_later_attempt(
    kennismaking_held, student, settings
):
    settings.EMAIL_BACKEND = "tests.accounts.test_outbox.FailingBackend"
    run(BEFORE_START)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail.outbox == [] and ReminderLog.objects.filter(sent_on=BEFORE_START).count() == 5
    outbox_deliver_due(now=timezone.now() + timedelta(minutes=5))
    assert len(mails_to(student.user)) == 1


def test_a_bad_date_is_refused():
    with pytest.raises(Exception, match="JJJJ-MM-DD"):
        call_command("send_reminders", "--today=13-02-2027")


def planned_placements(n: int) -> None:
    for _ in range(n):
        placement = make_placement(
            werkplekbegeleider=UserFactory(roles=[Role.WERKPLEKBEGELEIDER]),
            schoolopleider=UserFactory(roles=[Role.SCHOOLOPLEIDER]),
            instituutsopleider=UserFactory(roles=[Role.INSTITUUTSOPLEIDER]),
        )
        conversations_plan(by=None, placement=placement)


def queries_to_send(day: date) -> tuple[int, int]:
    mail.outbox = []
    with CaptureQueriesContext(connection) as ctx:
        result = reminders_send(today=day)
    return len(ctx.captured_queries), result.mails


def test_queries_stay_the_same_for_5_and_50_placements(db):
    # Two days before the start: only the kennismaking is due, four people each.
    planned_placements(5)
    at_5, mails_5 = queries_to_send(date(2027, 1, 30))
    planned_placements(45)
    at_50, mails_50 = queries_to_send(date(2027, 1, 31))
    # the conversations, the waiting leerplannen, the dialogues about a doubt, today's log,
    # the claim (savepoint, insert into the log, insert into the outbox, release) and the
    # audit line. SQLite allows 999
    # parameters in a statement, so there the outbox insert is split every ~60 mails.
    assert (mails_5, mails_50) == (20, 200)
    assert at_5 == at_50 - (outbox_inserts(200) - outbox_inserts(20)) == 9


def outbox_inserts(mails: int) -> int:
    columns = [f for f in OutboxMail._meta.concrete_fields if not f.primary_key]
    return math.ceil(mails / connection.ops.bulk_batch_size(columns, [None] * mails))
