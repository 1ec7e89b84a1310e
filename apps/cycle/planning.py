"""Deadlines of the conversation cycle: when a placement's conversations are planned, moving
one date, and the conversations as an iCalendar file.

The handbook (chapter 3 and 4) plans kennismaking in week 1, the startgesprek after about
three weeks, the tussenevaluatie halfway and the eindbeoordeling in the last week. A
`PlanningRule` changes that per programme, per period, or per programme and period.
"""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import formats
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import notify
from apps.cycle.models import Conversation, ConversationKind, PlanningRule
from apps.cycle.procedure import is_institute_assessor
from apps.cycle.services import RESCHEDULED, SCHEDULED, CycleError
from apps.placements.access import placements_visible_to
from apps.placements.models import Period, Placement

PLANNED_KINDS = (
    ConversationKind.KENNISMAKING,
    ConversationKind.STARTGESPREK,
    ConversationKind.TUSSENEVALUATIE,
    ConversationKind.EINDBEOORDELING,
)
# The built-in default, in weeks from the first day; None: halfway / the last week.
DEFAULT_WEEKS: dict[str, int | None] = {
    ConversationKind.KENNISMAKING: 1,
    ConversationKind.STARTGESPREK: 3,
    ConversationKind.TUSSENEVALUATIE: None,
    ConversationKind.EINDBEOORDELING: None,
}


def _periods_of(placement: Placement) -> list[Period]:
    """The placement's periods by start date (uses a prefetch when there is one)."""
    return sorted(placement.periods.all(), key=lambda p: (p.start, p.pk))


def rule_for(
    placement: Placement,
    periods: list[Period] | None = None,
    rules: list[PlanningRule] | None = None,
) -> PlanningRule | None:
    """The rule that plans this placement, or None for the built-in default.

    Most specific first: programme and period, then period, then programme. With several
    periods, the earliest period with a rule of that kind decides (one query, none when
    `rules`, every planning rule, is given: for planning many placements at once).
    """
    periods = _periods_of(placement) if periods is None else periods
    programme_id = placement.student.programme_id
    period_ids = [p.pk for p in periods]
    if rules is None:
        candidates = PlanningRule.objects.filter(
            Q(programme_id=programme_id, period_id__in=period_ids)
            | Q(programme__isnull=True, period_id__in=period_ids)
            | Q(programme_id=programme_id, period__isnull=True)
        )
    else:
        candidates = [
            r
            for r in rules
            if (r.programme_id in (programme_id, None) and r.period_id in period_ids)
            or (r.programme_id == programme_id and r.period_id is None)
        ]
    order = {pk: n for n, pk in enumerate(period_ids)}

    def rank(rule: PlanningRule) -> tuple[int, int]:
        if rule.programme_id and rule.period_id:
            return (0, order[rule.period_id])
        if rule.period_id:
            return (1, order[rule.period_id])
        return (2, 0)

    return min(candidates, key=rank, default=None)


def planned_dates_for(
    placement: Placement, rules: list[PlanningRule] | None = None
) -> dict[str, date]:
    """The planned date of each main conversation of the placement.

    Weeks count from the placement's first day (its own start, else the start of its first
    period; week 1 = the first 7 days) to its last day (its own end, else the end of its last
    period), and a conversation is planned on the first day of its week; no
    week: the tussenevaluatie in the week that holds the middle of the span, the eindbeoordeling
    in the last week. A week past the end means the last week, and a date that falls
    between two periods moves to the first day of the next one, so every date lies inside a
    period. One query for the rule (none with `rules`, see `rule_for`), one for the periods
    unless they are prefetched.
    """
    periods = _periods_of(placement)
    if not periods:
        raise CycleError(_("Deze stage heeft nog geen periode; plan eerst een periode in."))
    start = max(placement.start or periods[0].start, periods[0].start)
    last = max(p.end for p in periods)
    end = min(placement.end or last, last)
    last_week = start + timedelta(weeks=(end - start).days // 7)
    rule = rule_for(placement, periods, rules)
    weeks = (
        DEFAULT_WEEKS
        if rule is None
        else {
            ConversationKind.KENNISMAKING: rule.kennismaking_week,
            ConversationKind.STARTGESPREK: rule.startgesprek_week,
            ConversationKind.TUSSENEVALUATIE: rule.tussenevaluatie_week,
            ConversationKind.EINDBEOORDELING: rule.eindbeoordeling_week,
        }
    )
    # Like the other conversations, planned on the first day of a week: the week that holds
    # the middle of the span, and the last week.
    defaults = {
        ConversationKind.TUSSENEVALUATIE: start + timedelta(weeks=(end - start).days // 2 // 7),
        ConversationKind.EINDBEOORDELING: last_week,
    }
    dates = {}
    for kind in PLANNED_KINDS:
        week = weeks[kind]
        when = defaults[kind] if week is None else start + timedelta(weeks=week - 1)
        dates[kind] = _inside(min(when, last_week), periods)
    return dates


def _inside(day: date, periods: list[Period]) -> date:
    """`day`, or the first day of the next period when it falls between two periods."""
    for period in periods:
        if day <= period.end:
            return max(day, period.start)
    return periods[-1].end


def _long_date(day: date) -> str:
    return formats.date_format(day, "j F Y")


def may_reschedule(user: User, placement: Placement) -> bool:
    """Dates are moved by the people who run the conversations: the werkplekbegeleider and
    schoolopleider, the institute's assessor, and the praktijkbureau; not the student."""
    return (
        placement.is_assessor(user)
        or is_institute_assessor(user, placement)
        or user.is_praktijkbureau
    )


def conversation_for_reschedule(user: User, pk: int) -> Conversation:
    """The conversation for someone who may move its date: 404 for anyone who may not see its
    placement, 403 for someone who may see but not move it."""
    conversation = (
        Conversation.objects.filter(pk=pk, placement__in=placements_visible_to(user))
        .select_related(
            "placement__student__user",
            "placement__student__programme",
            "placement__school",
            "placement__werkplekbegeleider",
            "placement__schoolopleider",
            "placement__instituutsopleider",
        )
        .first()
    )
    if conversation is None:
        raise Http404
    if not may_reschedule(user, conversation.placement):
        raise PermissionDenied("Alleen de begeleiders kunnen een gesprek verplaatsen.")
    return conversation


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
    periods = _periods_of(placement)
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


def reschedule_history(conversation: Conversation) -> list[dict]:
    """Every change of the planned date, newest first: when, by whom, from and to (one query)."""
    records = list(
        conversation.history.select_related("history_user").order_by("history_date", "history_id")
    )
    moves = []
    for before, after in zip(records, records[1:], strict=False):
        if before.planned_date != after.planned_date:
            moves.append(
                {
                    "at": after.history_date,
                    "by": after.history_user,
                    "old": before.planned_date,
                    "new": after.planned_date,
                }
            )
    return moves[::-1]


# iCalendar (RFC 5545), written by hand: CRLF line endings, lines folded at 75 octets, TEXT
# values escaped.
ICS_LINE_OCTETS = 75


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line into parts of at most 75 octets (RFC 5545 3.1); a continuation
    starts with one space. A multi-byte character is never split."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        if size + octets > ICS_LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def conversation_summary(conversation: Conversation, student_name: str) -> str:
    kind = conversation.get_kind_display()
    if conversation.kind == ConversationKind.BEGELEIDING:
        kind = f"{kind} {conversation.sequence}"
    return f"{kind} – {student_name}"


def placement_ics(
    placement: Placement, conversations: list[Conversation], now: datetime | None = None
) -> str:
    """The placement's conversations as a VCALENDAR: one all-day VEVENT per dated conversation
    (the held date, else the planned date), with a UID that stays the same when it moves."""
    stamp = (now or dj_timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    student = placement.student.user.full_name
    url = f"{settings.SITE_URL}{reverse('cycle:placement', args=[placement.pk])}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Driehoek//Gesprekscyclus//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(f'Gesprekken {student}')}",
    ]
    for conversation in conversations:
        day = conversation.held_date or conversation.planned_date
        if day is None:
            continue
        description = f"Stage van {student} bij {placement.school.name}.\nDriehoek: {url}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:conversation-{conversation.pk}@driehoek",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(conversation_summary(conversation, student))}",
            f"LOCATION:{ics_escape(str(placement.school.name))}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
