"""The weekly begeleidingsgesprekken: the student's log, the werkplekbegeleider's comments."""

from datetime import date

from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import notify
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.models import Conversation, ConversationKind, GuidanceComment, GuidanceLog
from apps.placements.models import Placement

LOG_FIELDS = ("what_i_did", "reflection", "new_goals", "evidence")


@transaction.atomic
def guidance_log_create(*, by: User, placement: Placement, held: date, values: dict) -> GuidanceLog:
    """The student logs a begeleidingsgesprek: it becomes the next one on the timeline."""
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student houdt het logboek bij."))
    if not values.get("what_i_did", "").strip():
        raise CycleError(_("Schrijf op wat je hebt gedaan."))
    last = placement.conversations.filter(kind=ConversationKind.BEGELEIDING).aggregate(
        n=Max("sequence")
    )["n"]
    conversation = Conversation(
        placement=placement,
        kind=ConversationKind.BEGELEIDING,
        sequence=(last or 0) + 1,
        planned_date=held,
        held_date=held,
    )
    conversation._history_user = by
    conversation.full_clean()
    conversation.save()
    log = GuidanceLog(conversation=conversation, **{f: values.get(f, "") for f in LOG_FIELDS})
    log._history_user = by
    log.full_clean()
    log.save()
    notify(
        recipients=[placement.werkplekbegeleider],
        message=lambda: (
            _("%(full_name)s heeft begeleidingsgesprek %(sequence)s vastgelegd.")
            % {"full_name": by.full_name, "sequence": conversation.sequence}
        ),
        url=reverse("cycle:log", args=[log.pk]),
    )
    return log


@transaction.atomic
def guidance_log_update(
    *, by: User, log: GuidanceLog, lock_version: int, values: dict
) -> GuidanceLog:
    """The student edits their log; a concurrent edit is refused, never overwritten."""
    placement = log.conversation.placement
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student houdt het logboek bij."))
    updated = GuidanceLog.objects.filter(pk=log.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1
    )
    log.refresh_from_db()
    if not updated:
        raise StaleEdit(
            "Dit logboek is in een ander venster opgeslagen. Je tekst staat er nog; vergelijk en "
            "sla opnieuw op.",
            current={f: getattr(log, f) for f in LOG_FIELDS},
        )
    for field in LOG_FIELDS:
        setattr(log, field, values.get(field, ""))
    log._history_user = by
    log.full_clean()
    log.save(update_fields=list(LOG_FIELDS))
    return log


@transaction.atomic
def guidance_comment_add(*, by: User, log: GuidanceLog, text: str) -> GuidanceComment:
    """The werkplekbegeleider (or schoolopleider) comments on a log; the student is told."""
    placement = log.conversation.placement
    if not placement.is_assessor(by):
        raise CycleError(
            _("Alleen de werkplekbegeleider of schoolopleider reageert op het logboek.")
        )
    if not text.strip():
        raise CycleError(_("Schrijf een opmerking."))
    comment = GuidanceComment.objects.create(log=log, author=by, text=text.strip())
    notify(
        recipients=[placement.student.user],
        message=lambda: (
            _("%(full_name)s reageerde op je logboek van begeleidingsgesprek %(sequence)s.")
            % {"full_name": by.full_name, "sequence": log.conversation.sequence}
        ),
        url=reverse("cycle:log", args=[log.pk]),
    )
    return comment
