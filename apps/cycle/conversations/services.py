"""Writes on a placement's conversations: planning them, the kennismaking, the sensitive
information, 'held on' and moving a date. Each takes the acting user and runs atomically."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record, notify
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError, placement_advance
from apps.cycle.conversations.access import may_reschedule
from apps.cycle.conversations.selectors import periods_of, planned_dates_for
from apps.cycle.feedback.services import form_version_start
from apps.cycle.models import (
    DEFAULT_PARTICIPANTS,
    FORM_KINDS,
    Conversation,
    FeedbackForm,
    FormState,
    KennismakingRecord,
    Participant,
    SensitiveInfo,
)
from apps.placements.models import Placement, PlacementStatus


@transaction.atomic
def conversations_plan(*, by: User | None, placement: Placement) -> list[Conversation]:
    """Create the placement's main conversations on the dates its planning rule gives
    (`selectors.planned_dates_for`; idempotent: existing dates stay), and a form for the
    tussenevaluatie and eindbeoordeling."""
    conversations = []
    existing = {c.kind: c for c in Conversation.objects.filter(placement=placement, sequence=1)}
    for kind, when in planned_dates_for(placement).items():
        conversation = existing.get(kind)
        if conversation is None:
            conversation = Conversation(placement=placement, kind=kind, planned_date=when)
            conversation._history_user = by
            conversation.full_clean()
            conversation.save()
        if kind in FORM_KINDS:
            form, _created = FeedbackForm.objects.get_or_create(conversation=conversation)
            if not form.versions.exists():
                form_version_start(by=by, form=form)
        conversations.append(conversation)
    return conversations


REPLAN_REASON = "herpland: de periode of de data van de stage zijn gewijzigd"


# How conversation_reschedule starts the reason of a date chosen by hand.
RESCHEDULED = "verplaatst"


SCHEDULED = "gepland op"


@transaction.atomic
def conversations_replan(*, by: User | None, placement: Placement) -> list[Conversation]:
    """After the placement's periods or dates changed: plan what is missing and move each main
    conversation that has not taken place to the date the planning rule now gives. A held
    conversation, and one whose form has been sent, keep their date."""
    conversations_plan(by=by, placement=placement)
    dates = planned_dates_for(placement)
    periods = list(placement.periods.all())
    moved = []
    pending = list(
        Conversation.objects.filter(
            placement=placement, kind__in=list(dates), sequence=1, held_date__isnull=True
        ).exclude(form__versions__state=FormState.SENT)
    )
    # A date someone chose by hand (conversation_reschedule) stays while it still lies inside
    # the placement's periods; only the rule's own dates follow the rule.
    by_hand = set(
        Conversation.history.filter(
            Q(history_change_reason__startswith=RESCHEDULED)
            | Q(history_change_reason__startswith=SCHEDULED),
            id__in=[c.pk for c in pending],
        ).values_list("id", flat=True)
    )
    for conversation in pending:
        if conversation.planned_date == dates[conversation.kind]:
            continue
        if conversation.pk in by_hand and any(
            p.start <= conversation.planned_date <= p.end for p in periods
        ):
            continue
        conversation.planned_date = dates[conversation.kind]
        conversation._history_user = by
        conversation._change_reason = REPLAN_REASON
        conversation.full_clean()
        conversation.save(update_fields=["planned_date"])
        moved.append(conversation)
    return moved


def placement_follow(*, by: User | None, placement: Placement, created: bool) -> None:
    """The cycle's part in every creation or change of a placement (registered with
    `apps.placements.lifecycle` in CycleConfig.ready): a new placement gets its conversations
    and forms, new periods or dates re-plan what has not taken place."""
    if created:
        conversations_plan(by=by, placement=placement)
    else:
        conversations_replan(by=by, placement=placement)


def named_roles(placement: Placement) -> set[str]:
    """The roles of the triangle that have someone on this placement (no query: the ids)."""
    ids = {
        Participant.STUDENT: placement.student_id,
        Participant.WERKPLEKBEGELEIDER: placement.werkplekbegeleider_id,
        Participant.SCHOOLOPLEIDER: placement.schoolopleider_id,
        Participant.INSTITUUTSOPLEIDER: placement.instituutsopleider_id,
    }
    return {str(role) for role, pk in ids.items() if pk is not None}


@transaction.atomic
def conversation_mark_held(
    *,
    by: User | None,
    conversation: Conversation,
    held: date,
    participants: Iterable[str] | None = None,
) -> None:
    """Record the day a conversation took place (never a day still to come) and who took part
    (student, werkplekbegeleider, schoolopleider, instituutsopleider), so the grote and the
    kleine driehoek of the co-design tool are visible per school. Without `participants`:
    the student and the werkplekbegeleider, as the form pre-ticks them. Only people named on
    the placement can have taken part."""
    if held > timezone.localdate():
        raise CycleError(_("Een gesprek kan niet in de toekomst gehouden zijn."))
    placement = conversation.placement
    named = named_roles(placement)
    if participants is None:
        participants = [role for role in DEFAULT_PARTICIPANTS if role in named]
    chosen = set(participants)
    unknown = chosen - set(Participant.values)
    if unknown:
        raise CycleError(
            _("Kies uit student, werkplekbegeleider, schoolopleider en instituutsopleider.")
        )
    if not chosen:
        raise CycleError(_("Vink aan wie er bij het gesprek waren."))
    absent = [role for role in Participant.values if role in chosen and role not in named]
    if absent:
        raise CycleError(
            _("Op deze stage is geen %(role)s genoemd; die kan er niet bij zijn geweest.")
            % {"role": Participant(absent[0]).label}
        )
    conversation.held_date = held
    for role in Participant.values:
        setattr(conversation, f"with_{role}", role in chosen)
    conversation._history_user = by
    conversation.full_clean()
    conversation.save(update_fields=["held_date", *(f"with_{role}" for role in Participant.values)])
    placement_advance(by=by, placement=placement, status=PlacementStatus.ACTIVE)


KENNISMAKING_FIELDS = (
    "year1_development",
    "route_outcomes",
    "guidance_approach",
    "days_present",
    "classes",
    "first_lesson",
    "evaluation_moments",
    "other_arrangements",
)


def maatwerk_signal(*, placement: Placement) -> None:
    """Handbook ch.1: open year-1 outcomes are raised at the kennismaking; "Neem in dit geval
    contact op met de instituutsopleider. Deze zal met de verschillende belanghebbenden het
    maatwerktraject afstemmen." The instituutsopleider gets a message with the maatwerk page."""

    def text() -> str:
        return _(
            "Bij de kennismaking van %(student)s staan nog leeruitkomsten uit jaar 1 open: "
            "stem het maatwerktraject af."
        ) % {"student": placement.student.user.full_name}

    notify(
        recipients=[placement.instituutsopleider],
        message=text,
        subject=lambda: _("Maatwerk nodig"),
        body=text,
        url=reverse("cycle:maatwerk", args=[placement.pk]),
    )


@transaction.atomic
def kennismaking_save(
    *, by: User, placement: Placement, lock_version: int, values: dict, agenda_done
) -> KennismakingRecord:
    """Record the kennismakingsgesprek; student and werkplekbegeleider share one record and a
    concurrent save by the other is refused, never overwritten."""
    record, _created = KennismakingRecord.objects.get_or_create(placement=placement)
    updated = KennismakingRecord.objects.filter(pk=record.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1
    )
    record.refresh_from_db()
    if not updated:
        who = record.updated_by.full_name if record.updated_by else "iemand anders"
        current = {f: getattr(record, f) for f in KENNISMAKING_FIELDS}
        raise StaleEdit(
            f"{who} heeft het verslag opgeslagen terwijl jij het bewerkte. Jouw tekst staat "
            "hieronder nog; vergelijk en sla opnieuw op.",
            current=current,
        )
    for field in KENNISMAKING_FIELDS:
        setattr(record, field, values.get(field, ""))
    newly_open = bool(values.get("open_year1_outcomes")) and not record.open_year1_outcomes
    record.open_year1_outcomes = bool(values.get("open_year1_outcomes"))
    record.updated_by = by
    record.updated_at = timezone.now()
    record._history_user = by
    record.full_clean()
    record.save(
        update_fields=[*KENNISMAKING_FIELDS, "open_year1_outcomes", "updated_by", "updated_at"]
    )
    record.agenda_done.set(agenda_done)
    if newly_open:
        maatwerk_signal(placement=placement)
    placement_advance(by=by, placement=placement, status=PlacementStatus.ACTIVE)
    return record


@transaction.atomic
def sensitive_info_save(
    *, by: User, placement: Placement, lock_version: int, values: dict, visible_to
) -> SensitiveInfo:
    """Only the student writes their sensitive information and chooses who may read it
    (only people of their own placement)."""
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student zelf kan deze informatie invullen."))
    allowed = {p.pk for p in placement.people().values() if p is not None and p.pk != by.pk}
    chosen = [u for u in visible_to if u.pk in allowed]
    info, _created = SensitiveInfo.objects.get_or_create(placement=placement)
    updated = SensitiveInfo.objects.filter(pk=info.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1
    )
    if not updated:
        raise StaleEdit(
            "Je hebt deze informatie in een ander venster al opgeslagen. Je tekst staat er nog; "
            "sla opnieuw op.",
            current={},
        )
    info.refresh_from_db()
    info.neurodiversity = values.get("neurodiversity", "")
    info.health = values.get("health", "")
    info.private_situation = values.get("private_situation", "")
    info.updated_at = timezone.now()
    info.full_clean()
    info.save(update_fields=["neurodiversity", "health", "private_situation", "updated_at"])
    info.visible_to.set(chosen)
    audit_record(actor=by, action="sensitive_info.write", target=info)
    return info


def sensitive_info_read(*, by: User, info: SensitiveInfo, ip: str | None = None) -> SensitiveInfo:
    """Every read of sensitive information by someone else than the student is recorded."""
    if not info.placement.is_student(by):
        audit_record(actor=by, action="sensitive_info.read", target=info, ip=ip)
    return info


def _long_date(day: date) -> str:
    return formats.date_format(day, "j F Y")


@transaction.atomic
def conversation_reschedule(
    *, by: User, conversation: Conversation, planned_date: date
) -> Conversation:
    """Move the planned date of one conversation of one placement. The date must lie inside
    one of the placement's periods; a held conversation keeps its date. The history records
    who moved it from when to when, and the others of the triangle get a message."""
    placement = conversation.placement
    if not may_reschedule(by, placement):
        raise CycleError(_("Alleen de begeleiders kunnen een gesprek verplaatsen."))
    if conversation.held_date is not None:
        raise CycleError(_("Dit gesprek is al gehouden; de datum kan niet meer worden verplaatst."))
    periods = periods_of(placement)
    if not any(p.start <= planned_date <= p.end for p in periods):
        spans = ", ".join(f"{_long_date(p.start)} – {_long_date(p.end)}" for p in periods)
        raise CycleError(
            _(
                "%(long_date)s valt buiten de stageperiode (%(spans)s). Kies een datum "
                "binnen de stageperiode."
            )
            % {"long_date": _long_date(planned_date), "spans": spans}
        )
    old = conversation.planned_date
    if old == planned_date:
        return conversation
    conversation.planned_date = planned_date
    conversation._history_user = by
    conversation._change_reason = (
        f"{RESCHEDULED} van {old:%Y-%m-%d} naar {planned_date:%Y-%m-%d}"
        if old
        else f"{SCHEDULED} {planned_date:%Y-%m-%d}"
    )
    conversation.full_clean()
    conversation.save(update_fields=["planned_date"])
    kind = conversation.get_kind_display()
    notify(
        recipients=[p for p in placement.people().values() if p is not None and p.pk != by.pk],
        message=lambda: (
            _("%(full_name)s heeft de %(kind)s van %(student)s verplaatst naar %(long_date)s.")
            % {
                "full_name": by.full_name,
                "kind": kind.lower(),
                "student": placement.student.user.full_name,
                "long_date": _long_date(planned_date),
            }
        ),
        url=reverse("cycle:planning", args=[placement.pk]),
    )
    return conversation
