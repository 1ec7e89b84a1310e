"""Writes on the conversation cycle. Every function takes the acting user and runs atomically."""

import hashlib
import json
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.cycle.models import (
    FORM_KINDS,
    ApprovalDecision,
    Conversation,
    ConversationKind,
    Disagreement,
    DisagreementMessage,
    FeedbackForm,
    FormEntry,
    FormState,
    FormVersion,
    Judgement,
    Leerplan,
    LeerplanApproval,
    LeerplanStatus,
)
from apps.placements.models import Placement


class CycleError(Exception):
    """A domain error with a message that can be shown to the user."""


def planned_dates(start: date, end: date) -> dict[str, date]:
    """The default planning of a period: kennismaking in week 1, startgesprek about week 3,
    tussenevaluatie halfway and eindbeoordeling in the last week."""
    return {
        ConversationKind.KENNISMAKING: start,
        ConversationKind.STARTGESPREK: start + timedelta(weeks=2),
        ConversationKind.TUSSENEVALUATIE: start + (end - start) / 2,
        ConversationKind.EINDBEOORDELING: end - timedelta(days=4),
    }


@transaction.atomic
def conversations_plan(*, by: User | None, placement: Placement) -> list[Conversation]:
    """Create the placement's main conversations with their default dates (idempotent), and a
    form for the tussenevaluatie and eindbeoordeling."""
    periods = list(placement.periods.all())
    start = min(p.start for p in periods)
    end = max(p.end for p in periods)
    conversations = []
    for kind, when in planned_dates(start, end).items():
        conversation, created = Conversation.objects.get_or_create(
            placement=placement, kind=kind, sequence=1, defaults={"planned_date": when}
        )
        if created:
            conversation._history_user = by
        if kind in FORM_KINDS:
            form, _ = FeedbackForm.objects.get_or_create(conversation=conversation)
            if not form.versions.exists():
                form_version_start(by=by, form=form)
        conversations.append(conversation)
    return conversations


@transaction.atomic
def conversation_mark_held(*, by: User | None, conversation: Conversation, held: date) -> None:
    conversation.held_date = held
    conversation._history_user = by
    conversation.full_clean()
    conversation.save(update_fields=["held_date"])


def form_version_start(*, by: User | None, form: FeedbackForm, reason: str = "") -> FormVersion:
    """A new working version with one entry per outcome of the placement.

    A later version is a correction of a sent one: it needs a reason and starts as a copy of
    the latest version, which itself stays as it was.
    """
    previous = form.versions.order_by("-number").first()
    if previous is not None:
        if not previous.is_sent:
            raise CycleError("Er is al een versie in bewerking; verzend die eerst.")
        if not reason.strip():
            raise CycleError("Geef de reden van de correctie.")
    version = FormVersion(
        form=form, number=previous.number + 1 if previous else 1, correction_reason=reason.strip()
    )
    version._history_user = by
    version.full_clean()
    version.save()
    if previous is None:
        outcomes = form.conversation.placement.outcomes.all()
        FormEntry.objects.bulk_create(
            [FormEntry(version=version, placement_outcome=o) for o in outcomes]
        )
        return version
    for entry in previous.entries.prefetch_related("indicators_seen"):
        seen = list(entry.indicators_seen.all())
        entry.pk = None
        entry.version = version
        entry.save()
        entry.indicators_seen.set(seen)
    return version


def form_version_fingerprint(version: FormVersion) -> str:
    """SHA-256 over the version's content, so any later change to a sent version shows."""
    entries = version.entries.order_by("placement_outcome_id").prefetch_related("indicators_seen")
    payload = {
        "form": version.form_id,
        "number": version.number,
        "sent_by": version.sent_by_id,
        "sent_at": version.sent_at.isoformat() if version.sent_at else None,
        "entries": [
            {
                "outcome": e.placement_outcome_id,
                "self_reflection": e.self_reflection,
                "indicators_seen": sorted(i.pk for i in e.indicators_seen.all()),
                "feedback": e.feedback,
                "feed_forward": e.feed_forward,
                "development_made": e.development_made,
                "development_to_make": e.development_to_make,
                "judgement": e.judgement,
                "confidence_year3": e.confidence_year3,
                "motivation": e.motivation,
            }
            for e in entries
        ],
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


@transaction.atomic
def form_version_send(*, by: User, version: FormVersion) -> FormVersion:
    """Send a version: it becomes read-only, forever. Sending twice is refused."""
    version = FormVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_sent:
        raise CycleError("Dit formulier is al verzonden.")
    version.state = FormState.SENT
    version.sent_by = by
    version.sent_at = timezone.now()
    version.fingerprint = form_version_fingerprint(version)
    version._history_user = by
    version.full_clean()
    version.save(update_fields=["state", "sent_by", "sent_at", "fingerprint"])
    return version


@transaction.atomic
def leerplan_decide(
    *, by: User, leerplan: Leerplan, decision: ApprovalDecision, comment: str = ""
) -> LeerplanApproval:
    """The werkplekbegeleider approves the submitted leerplan or returns it with comments."""
    if leerplan.status != LeerplanStatus.SUBMITTED:
        raise CycleError("Alleen een ingediend leerplan kan worden beoordeeld.")
    approval = LeerplanApproval(
        leerplan=leerplan, decided_by=by, decision=decision, comment=comment
    )
    approval.full_clean()
    approval.save()
    leerplan.status = (
        LeerplanStatus.APPROVED
        if decision == ApprovalDecision.APPROVED
        else LeerplanStatus.RETURNED
    )
    leerplan._history_user = by
    leerplan.save(update_fields=["status"])
    return approval


@transaction.atomic
def disagreement_open(*, by: User, entry: FormEntry, reason: str) -> Disagreement:
    """The institute's assessor puts a sent judgement in doubt, with a reason."""
    if not entry.version.is_sent or entry.judgement not in Judgement.values:
        raise CycleError("Alleen een verzonden oordeel kan in twijfel worden getrokken.")
    if not reason.strip():
        raise CycleError("Geef aan waarom je twijfelt aan dit oordeel.")
    disagreement = Disagreement(
        entry=entry, raised_by=by, reason=reason.strip(), original_judgement=entry.judgement
    )
    disagreement.full_clean()
    disagreement.save()
    DisagreementMessage.objects.create(disagreement=disagreement, author=by, text=reason.strip())
    return disagreement
