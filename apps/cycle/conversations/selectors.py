"""Deadlines of the conversation cycle: when a placement's conversations are planned, and the
dates they were moved from (moving one is in services.py, the .ics file in ics.py).

The handbook (chapter 3 and 4) plans kennismaking in week 1, the startgesprek after about
three weeks, the tussenevaluatie halfway and the eindbeoordeling in the last week. A
`PlanningRule` changes that per programme, per period, or per programme and period.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.cycle.common import CycleError
from apps.cycle.models import Conversation, ConversationKind, PlanningRule
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


def periods_of(placement: Placement) -> list[Period]:
    """The placement's periods by start date (uses a prefetch when there is one)."""
    return sorted(placement.periods.all(), key=lambda p: (p.start, p.pk))


def placement_span(
    first: date | None, last: date | None, period_start: date, period_end: date
) -> tuple[date, date]:
    """The first and last day of a placement: its own dates (`Placement.start` and `.end`)
    where they lie inside its periods, else the start of its first period (`period_start`) and
    the end of its last (`period_end`)."""
    return max(first or period_start, period_start), min(last or period_end, period_end)


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
    periods = periods_of(placement) if periods is None else periods
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
    periods = periods_of(placement)
    if not periods:
        raise CycleError(_("Deze stage heeft nog geen periode; plan eerst een periode in."))
    start, end = placement_span(
        placement.start, placement.end, periods[0].start, max(p.end for p in periods)
    )
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
