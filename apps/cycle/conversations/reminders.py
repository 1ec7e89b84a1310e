"""Reminders by e-mail: what each person must do within a few days, or should have done.

`reminders_due` builds every open item for every person with a fixed number of queries;
`reminders_send` leaves out what already went to that person today, claims the rest in
`ReminderLog` (its unique constraint makes two concurrent runs safe) and, in the same
transaction, writes their mails to the outbox (apps/accounts/outbox.py), which delivers and
retries them: one mail per reminder, or one daily digest, as the person chose
(`User.reminder_mode`).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from apps.accounts.models import OutboxMail, ReminderMode, User
from apps.accounts.outbox import outbox_add, outbox_message
from apps.accounts.services import audit_record
from apps.cycle.models import (
    Conversation,
    ConversationKind,
    Disagreement,
    DisagreementStatus,
    FormState,
    FormVersion,
    Leerplan,
    LeerplanStatus,
    ReminderLog,
)
from apps.placements.models import PlacementStatus

CURRENT = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE)


PEOPLE = (
    "placement__student__user",
    "placement__werkplekbegeleider",
    "placement__schoolopleider",
    "placement__instituutsopleider",
)


CLAIM_ATTEMPTS = 3


@dataclass(frozen=True)
class Reminder:
    """One thing one person should do. `key` names the item, the same every day, so the log
    can tell whether this person already had it today."""

    user: User = field(compare=False)
    key: str
    text: str
    due: date | None
    url: str


def _long(day: date) -> str:
    return formats.date_format(day, "j F Y")


def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "vandaag"
    if days == 1:
        return "morgen"
    if days > 1:
        return f"over {days} dagen"
    if days == -1:
        return "gisteren"
    return f"{-days} dagen geleden"


def _placement_url(placement_id: int) -> str:
    return reverse("cycle:placement", args=[placement_id])


def _conversation_items(conversation: Conversation, today: date) -> list[Reminder]:
    """Everyone's reminder of the conversation date, and the student's and
    werkplekbegeleider's work that the conversation waits for."""
    placement = conversation.placement
    student = placement.student.user
    kind = conversation.get_kind_display()
    due = conversation.planned_date
    when = f"{_long(due)} ({_when(due, today)})"
    url = _placement_url(placement.pk)
    items = []
    if not conversation.form_sent:
        passed = due < today
        for person in {p.pk: p for p in placement.people().values() if p is not None}.values():
            subject = (
                f"Je {kind.lower()}"
                if person.pk == student.pk
                else f"{kind} van {student.full_name}"
            )
            text = (
                f"{subject} was gepland op {when} en is nog niet als gehouden vastgelegd."
                if passed
                else f"{subject} is gepland op {when}."
            )
            items.append(Reminder(person, f"gesprek:{conversation.pk}", text, due, url))
    version_url = (
        reverse("cycle:form", args=[conversation.version_pk]) if conversation.version_pk else url
    )
    if conversation.version_state == FormState.DRAFT:
        items.append(
            Reminder(
                student,
                f"zelfreflectie:{conversation.version_pk}",
                f"Schrijf je zelfreflectie voor de {kind.lower()} van {when} en dien hem in "
                "bij je werkplekbegeleider.",
                due,
                version_url,
            )
        )
    assessor = placement.werkplekbegeleider or placement.schoolopleider
    if conversation.version_state == FormState.SUBMITTED and assessor is not None:
        items.append(
            Reminder(
                assessor,
                f"feedback:{conversation.version_pk}",
                f"{student.full_name} heeft de zelfreflectie voor de {kind.lower()} van {when} "
                "ingediend: geef je feedback en verzend het formulier.",
                due,
                version_url,
            )
        )
    if conversation.kind == ConversationKind.STARTGESPREK and conversation.leerplan_open:
        items.append(
            Reminder(
                student,
                f"leerplan-indienen:{placement.pk}",
                f"Bereid je persoonlijk leerplan voor op het startgesprek van {when}; na het "
                "gesprek scherp je het aan en dien je het in ter goedkeuring.",
                due,
                reverse("cycle:leerplan", args=[placement.pk]),
            )
        )
    return items


def _leerplan_items(leerplan: Leerplan) -> list[Reminder]:
    placement = leerplan.placement
    assessor = placement.werkplekbegeleider or placement.schoolopleider
    if assessor is None:
        return []
    return [
        Reminder(
            assessor,
            f"leerplan-goedkeuren:{leerplan.pk}",
            f"Het persoonlijk leerplan van {placement.student.user.full_name} wacht op je "
            "goedkeuring.",
            None,
            reverse("cycle:leerplan", args=[placement.pk]),
        )
    ]


DOUBT_PEOPLE = (
    "raised_by",
    "entry__placement_outcome__outcome",
    "entry__placement_outcome__subject_outcome",
    *(
        f"entry__version__form__conversation__placement__{who}"
        for who in (
            "student__user",
            "werkplekbegeleider",
            "schoolopleider",
            "instituutsopleider",
            "opleider",
        )
    ),
)


def _doubt_items(disagreement: Disagreement, today: date) -> list[Reminder]:
    """A dialogue about a doubted judgement nearing its deadline: its sides are reminded. One
    that was escalated: the instituutsopleider is reminded to decide (when they did not raise
    the doubt; otherwise the praktijkbureau was told at the escalation)."""
    placement = disagreement.entry.version.form.conversation.placement
    student = placement.student.user.full_name
    outcome = disagreement.entry.placement_outcome
    url = reverse("cycle:disagreement", args=[disagreement.pk])
    if disagreement.escalated_at is not None:
        io = placement.instituutsopleider
        if io is None or io.pk in {disagreement.raised_by_id, placement.opleider_id}:
            return []
        text = (
            f"Het oordeel over {outcome} van {student} wacht op je eindbesluit als "
            "instituutsopleider."
        )
        return [Reminder(io, f"twijfel-besluit:{disagreement.pk}", text, None, url)]
    due = disagreement.deadline
    text = (
        f"De dialoog over het oordeel op {outcome} van {student} moet uiterlijk {_long(due)} "
        f"({_when(due, today)}) tot overeenstemming leiden; daarna wordt de instituutsopleider "
        "ingeschakeld."
    )
    people = [
        disagreement.raised_by,
        placement.opleider,
        placement.werkplekbegeleider,
        placement.schoolopleider,
    ]
    return [
        Reminder(p, f"twijfel:{disagreement.pk}", text, due, url)
        for p in {p.pk: p for p in people if p is not None}.values()
    ]


def reminders_due(*, today: date, days: int = 3) -> list[Reminder]:
    """Every open item of every current placement that is due within `days` days or overdue,
    for each person who must act on it. Two queries, however many placements and people."""
    latest = FormVersion.objects.filter(form__conversation=OuterRef("pk")).order_by("-number")
    conversations = (
        Conversation.objects.filter(
            held_date__isnull=True,
            planned_date__lte=today + timedelta(days=days),
            placement__status__in=CURRENT,
        )
        .exclude(kind=ConversationKind.BEGELEIDING)
        .select_related(*PEOPLE, "placement__leerplan")
        .annotate(
            version_pk=Subquery(latest.values("pk")[:1]),
            version_state=Subquery(latest.values("state")[:1]),
            # A sent form shows the conversation took place, also when nobody recorded it.
            form_sent=Exists(
                FormVersion.objects.filter(form__conversation=OuterRef("pk"), state=FormState.SENT)
            ),
        )
        .order_by("planned_date", "pk")
    )
    items = []
    for conversation in conversations:
        leerplan = getattr(conversation.placement, "leerplan", None)
        conversation.leerplan_open = leerplan is None or leerplan.status in (
            LeerplanStatus.DRAFT,
            LeerplanStatus.RETURNED,
        )
        items += _conversation_items(conversation, today)
    waiting = Leerplan.objects.filter(
        status=LeerplanStatus.SUBMITTED, placement__status__in=CURRENT
    ).select_related(*PEOPLE)
    for leerplan in waiting.order_by("pk"):
        items += _leerplan_items(leerplan)
    doubts = (
        Disagreement.objects.filter(status=DisagreementStatus.OPEN)
        .filter(
            Q(escalated_at__isnull=False)
            | Q(deadline__isnull=False, deadline__lte=today + timedelta(days=days))
        )
        .select_related(*DOUBT_PEOPLE)
        .order_by("pk")
    )
    for disagreement in doubts:
        items += _doubt_items(disagreement, today)
    return [i for i in items if i.user.is_active]


@dataclass
class SendResult:
    mails: int = 0
    reminders: int = 0
    skipped: int = 0


def _sent_on(day: date) -> set[tuple[int, str]]:
    """(person, reminder) pairs already sent on `day`."""
    return set(ReminderLog.objects.filter(sent_on=day).values_list("user_id", "key"))


def _claim(items: list[Reminder], today: date) -> tuple[list[Reminder], int, int]:
    """Record the items as sent today, queue their mails in the same transaction, and return
    the items this run sends, how many were already sent and how many mails were queued. A
    concurrent run that claimed some first makes the insert fail on the unique constraint:
    read the log again and retry with what is left."""
    for _attempt in range(CLAIM_ATTEMPTS):
        sent = _sent_on(today)
        fresh = list({(i.user.pk, i.key): i for i in items}.values())
        todo = [i for i in fresh if (i.user.pk, i.key) not in sent]
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    [ReminderLog(user=i.user, key=i.key, sent_on=today) for i in todo]
                )
                mails = outbox_add(_mails(todo, today))
        except IntegrityError:
            continue
        return todo, len(fresh) - len(todo), len(mails)
    raise RuntimeError("Herinneringen konden niet worden vastgelegd: een andere run loopt nog.")


def _mails(items: list[Reminder], today: date) -> list[OutboxMail]:
    """One mail per reminder, or one digest per person, in Dutch plain text. Each has a key
    that names its person, day and reminders, so the outbox never holds it twice."""
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for item in items:
        by_person[item.user.pk].append(item)
    mails = []
    with translation.override("nl"):
        for person_items in by_person.values():
            person = person_items[0].user
            context = {"person": person, "today": today, "site_url": settings.SITE_URL}
            if person.reminder_mode == ReminderMode.DIGEST:
                groups = [person_items]
                template = "cycle/conversations/email/reminder_digest"
            else:
                groups = [[item] for item in person_items]
                template = "cycle/conversations/email/reminder"
            for group in groups:
                ctx = context | {"items": group, "item": group[0]}
                subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
                body = render_to_string(f"{template}.txt", ctx)
                keys = hashlib.sha256("|".join(sorted(i.key for i in group)).encode())
                key = f"reminder:{person.pk}:{today:%Y%m%d}:{keys.hexdigest()[:40]}"
                mails.append(outbox_message(to=person, subject=subject, body=body, key=key))
    return mails


def reminders_send(*, today: date, days: int = 3) -> SendResult:
    """Mail everyone what is due within `days` days or overdue, never the same reminder twice
    to one person on one day. The claim and the mails are written together; the outbox
    delivers them after the commit and retries a mail that fails."""
    items = reminders_due(today=today, days=days)
    todo, skipped, mails = _claim(items, today)
    result = SendResult(mails=mails, reminders=len(todo), skipped=skipped)
    audit_record(
        actor=None,
        action="reminders.send",
        detail={"today": today.isoformat(), "mails": result.mails, "skipped": result.skipped},
    )
    return result
