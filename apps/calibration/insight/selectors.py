"""The read models of the disagreement map and the agreement dashboard.

Every figure is an aggregate (`apps.calibration.stats.Figure`) with n, the number of distinct
assessors and a 95% interval, suppressed below the minimum cell size. No function here returns
a person, and nothing is ordered by a person (calibration-design.md §3.8, criteria 16–17).

Sources, never mixed (§2.1, §2.3):
* operational judgements: the entries of the latest sent version of each form, summative
  outcomes only (a learning outcome, not a subject outcome), judged voldaan / niet voldaan;
* doubts (`cycle.Disagreement`): selected by doubt and not independent, so they feed only the
  map ("waar we verschillen, niet hoe vaak"), never an agreement rate; the audit's own doubts
  (category "steekproef") are left out of the map: the audit has its own tab;
* sessions: `SessionJudgement` rows of the round before the discussion, submitted, of sessions
  whose spread has been revealed;
* the audit sample: `AuditItem` rows with `blind` and `submitted_at` set.
The whole page costs a fixed number of queries, however many judgements there are.
"""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.calibration import stats
from apps.calibration.models import AuditItem, Participant, SessionJudgement
from apps.calibration.models.sessions import JudgementPhase
from apps.calibration.stats import Figure, Paired
from apps.cycle.models import (
    ConversationKind,
    Disagreement,
    DoubtCategory,
    FormEntry,
    FormState,
    FormVersion,
    Judgement,
)
from apps.outcomes.models import Assessment, Indicator, LearningOutcome
from apps.placements.models import PlacementOutcome, School, school_year_of

V, N = Judgement.VOLDAAN.value, Judgement.NIET_VOLDAAN.value
PLACEMENT = "version__form__conversation__placement"
MOMENTS = (ConversationKind.EINDBEOORDELING, ConversationKind.TUSSENEVALUATIE)
CALIBRATED_WITHIN = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Filters:
    school_year: str = ""
    school: School | None = None
    outcome: LearningOutcome | None = None
    moment: str = ConversationKind.EINDBEOORDELING.value


def _year_bounds(school_year: str) -> tuple[datetime.datetime, datetime.datetime]:
    first = int(school_year[:4])
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(first, 8, 1, tzinfo=tz),
        datetime.datetime(first + 1, 8, 1, tzinfo=tz),
    )


# --- Operational judgements -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One summative judgement, as the figures need it (no names)."""

    entry_id: int
    form_id: int
    placement_outcome_id: int
    outcome_id: int
    school_id: int
    school_year: str
    sent_at: datetime.datetime
    assessor_id: int | None  # who sent the form
    wpb_id: int | None
    judgement: str
    confidence: bool | None
    motivation: str


def judgements(schools: QuerySet[School], filters: Filters) -> list[Row]:
    """The summative judgements in scope: one query."""
    newer_sent = FormVersion.objects.filter(
        form=OuterRef("version__form"), state=FormState.SENT, number__gt=OuterRef("version__number")
    )
    entries = FormEntry.objects.filter(
        version__state=FormState.SENT,
        version__form__conversation__kind=filters.moment,
        judgement__in=[V, N],
        placement_outcome__outcome__isnull=False,
        **{f"{PLACEMENT}__school__in": schools},
    ).exclude(Exists(newer_sent))
    if filters.school is not None:
        entries = entries.filter(**{f"{PLACEMENT}__school": filters.school})
    if filters.outcome is not None:
        entries = entries.filter(placement_outcome__outcome=filters.outcome)
    if filters.school_year:
        start, end = _year_bounds(filters.school_year)
        entries = entries.filter(version__sent_at__gte=start, version__sent_at__lt=end)
    rows = entries.values_list(
        "id",
        "version__form_id",
        "placement_outcome_id",
        "placement_outcome__outcome_id",
        f"{PLACEMENT}__school_id",
        "version__sent_at",
        "version__sent_by_id",
        f"{PLACEMENT}__werkplekbegeleider_id",
        "judgement",
        "confidence_year3",
        "motivation",
    ).order_by("id")
    return [
        Row(e, f, po, o, s, school_year_of(timezone.localtime(at)), at, by, wpb, j, c, m)
        for (e, f, po, o, s, at, by, wpb, j, c, m) in rows
    ]


def _rate(doubts: int, rows: list[Row]) -> Figure:
    """Doubts per 100 judgements, with a Wilson interval, suppressed below the cell size."""
    n = len(rows)
    assessors = len({r.assessor_id for r in rows})
    if n == 0:
        return Figure(None, 0, assessors, suppressed=True)
    k = min(doubts, n)
    low, high = stats.wilson(k, n)
    return stats.figure(
        100 * doubts / n, n=n, assessors=assessors, interval=(100 * low, 100 * high)
    )


# --- The disagreement map ---------------------------------------------------------------------

COLUMN_KINDS = ("jaar", "school", "richting")


@dataclass
class MapRow:
    label: str
    code: str
    outcome_id: int
    indicator_id: int | None
    cells: list[Figure]
    doubts: list[int]
    total: Figure
    total_doubts: int


@dataclass
class DisagreementMap:
    columns: list[str]
    column_kind: str
    rows: list[MapRow] = field(default_factory=list)


def _doubts(rows: list[Row]) -> list[tuple]:
    """The doubts about the counted judgements (one query): (entry's form, placement outcome,
    category, indicator, original, final)."""
    forms = {r.form_id for r in rows}
    if not forms:
        return []
    return list(
        Disagreement.objects.filter(entry__version__form_id__in=forms)
        .exclude(category=DoubtCategory.AUDIT)
        .values_list(
            "entry__version__form_id",
            "entry__placement_outcome_id",
            "category",
            "indicator_id",
            "original_judgement",
            "final_judgement",
        )
        .order_by("id")
    )


def _outcomes_in_scope(schools, filters: Filters, rows: list[Row]) -> QuerySet:
    """The summative outcomes of the placements in scope (so the map shows every outcome, with
    "te weinig gegevens" where nothing was judged yet), and any outcome judged (one query)."""
    placement_outcomes = PlacementOutcome.objects.filter(
        placement__school__in=schools, outcome__assessment=Assessment.SUMMATIEF
    )
    if filters.school is not None:
        placement_outcomes = placement_outcomes.filter(placement__school=filters.school)
    if filters.outcome is not None:
        placement_outcomes = placement_outcomes.filter(outcome=filters.outcome)
    return LearningOutcome.objects.filter(
        Q(pk__in={r.outcome_id for r in rows})
        | Q(Exists(placement_outcomes.filter(outcome=OuterRef("pk"))))
    )


def disagreement_map(schools: QuerySet[School], filters: Filters, column_kind: str = "jaar"):
    """Rows: each learning outcome, and under it each indicator named in a doubt of the
    category "interpretatie van een indicator". Columns: school year, school, or the direction
    of a changed judgement. Cells: doubts per 100 summative judgements. Four queries."""
    rows = judgements(schools, filters)
    by_key = {(r.form_id, r.placement_outcome_id): r for r in rows}
    doubts = [(by_key[(f, po)], *rest) for (f, po, *rest) in _doubts(rows) if (f, po) in by_key]
    outcomes = {o.pk: o for o in _outcomes_in_scope(schools, filters, rows)}
    outcome_ids = sorted(outcomes)
    indicator_ids = {d[2] for d in doubts if d[1] == DoubtCategory.INDICATOR and d[2]}
    indicators = {
        i.pk: i for i in Indicator.objects.filter(pk__in=indicator_ids).select_related("dimension")
    }

    if column_kind == "school":
        names = dict(
            School.objects.filter(pk__in={r.school_id for r in rows}).values_list("pk", "name")
        )
        keys = sorted(names, key=lambda pk: names[pk])
        columns = [names[k] for k in keys]

        def column_of(row: Row):
            return row.school_id
    elif column_kind == "richting":
        keys = [(V, N), (N, V)]
        columns = [
            _("wpb voldaan → io niet voldaan"),
            _("wpb niet voldaan → io voldaan"),
        ]
        column_of = None
    else:
        column_kind = "jaar"
        keys = sorted(
            {r.school_year for r in rows}
            | {filters.school_year or school_year_of(timezone.localdate())}
        )
        columns = list(keys)

        def column_of(row: Row):
            return row.school_year

    per_outcome: dict[int, list[Row]] = defaultdict(list)
    for r in rows:
        per_outcome[r.outcome_id].append(r)

    def build(label, code, outcome_id, indicator_id, doubt_rows) -> MapRow:
        judged = per_outcome[outcome_id]
        cells, counts = [], []
        for key in keys:
            if column_kind == "richting":
                hits = [d for d in doubt_rows if (d[3], d[4]) == key]
                cells.append(_rate(len(hits), judged))
            else:
                in_column = [r for r in judged if column_of(r) == key]
                hits = [d for d in doubt_rows if column_of(d[0]) == key]
                cells.append(_rate(len(hits), in_column))
            counts.append(len(hits))
        return MapRow(
            label, code, outcome_id, indicator_id, cells, counts,
            _rate(len(doubt_rows), judged), len(doubt_rows),
        )  # fmt: skip

    result = DisagreementMap(columns, column_kind)
    ordered = sorted(outcome_ids, key=lambda pk: (outcomes[pk].position, outcomes[pk].code))
    for pk in ordered:
        outcome = outcomes[pk]
        about = [d for d in doubts if d[0].outcome_id == pk]
        result.rows.append(build(outcome.title, outcome.code, pk, None, about))
        named = sorted(
            {d[2] for d in about if d[1] == DoubtCategory.INDICATOR and d[2] in indicators},
            key=lambda i: (indicators[i].dimension.position, indicators[i].position),
        )
        for ind in named:
            result.rows.append(
                build(
                    indicators[ind].text,
                    "",
                    pk,
                    ind,
                    [d for d in about if d[1] == DoubtCategory.INDICATOR and d[2] == ind],
                )
            )
    return result


def session_new_url(outcome_id: int) -> str | None:
    """The session set-up with the outcome filled in; None while the sessions feature has not
    been merged."""
    try:
        return f"{reverse('calibration:session_new')}?outcome={outcome_id}"
    except NoReverseMatch:
        return None


def calibration_agenda(dmap: DisagreementMap, size: int = 3) -> list[dict]:
    """The kalibratie-agenda (criterion 23): the three outcome or indicator rows with the
    highest doubt rate over the whole filtered period, among the cells that are shown (n ≥ 10
    and ≥ 3 assessors) and have at least one doubt."""
    shown = [r for r in dmap.rows if r.total.shown and r.total_doubts]
    shown.sort(key=lambda r: (-r.total.value, r.code, r.label))
    return [{"row": r, "url": session_new_url(r.outcome_id)} for r in shown[:size]]


# --- Consistency signals ----------------------------------------------------------------------

WORD = re.compile(r"[a-zà-ÿ]{7,}")


def _key_words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def names_an_indicator(motivation: str, indicator_texts: list[str]) -> bool:
    """A motivation names an indicator when it mentions "indicator", or contains at least two
    of the long words (seven letters or more) of one indicator of its outcome — or the one
    long word of an indicator that has only one. A simple test, meant for an aggregate rate."""
    lowered = motivation.lower()
    if "indicator" in lowered:
        return True
    words = _key_words(lowered)
    for text in indicator_texts:
        keys = _key_words(text)
        if keys and len(keys & words) >= min(2, len(keys)):
            return True
    return False


SIGNALS = [
    ("zonder_vertrouwen", gettext_lazy("voldaan zonder vertrouwen in afronding in jaar 3")),
    ("alles_niet_voldaan", gettext_lazy("alle indicatoren gezien, toch niet voldaan")),
    ("niets_voldaan", gettext_lazy("geen indicator gezien, toch voldaan")),
    ("motivatie", gettext_lazy("motivatie noemt geen indicator")),
]


def consistency_signals(schools: QuerySet[School], filters: Filters) -> list[dict]:
    """Per outcome, the four within-form consistency signals of §2.2 item 8 as aggregate
    rates (share of the judgements they apply to). Four queries."""
    rows = judgements(schools, filters)
    if not rows:
        return []
    outcome_ids = {r.outcome_id for r in rows}
    outcomes = {o.pk: o for o in LearningOutcome.objects.filter(pk__in=outcome_ids)}
    texts: dict[int, list[str]] = defaultdict(list)
    for outcome_id, text in Indicator.objects.filter(
        dimension__outcome_id__in=outcome_ids
    ).values_list("dimension__outcome_id", "text"):
        texts[outcome_id].append(text)
    ticked = dict(
        FormEntry.indicators_seen.through.objects.filter(
            formentry_id__in=[r.entry_id for r in rows]
        )
        .values("formentry_id")
        .annotate(n=Count("id"))
        .values_list("formentry_id", "n")
    )
    per_outcome: dict[int, list[Row]] = defaultdict(list)
    for r in rows:
        per_outcome[r.outcome_id].append(r)
    result = []
    for pk in sorted(outcome_ids, key=lambda pk: (outcomes[pk].position, outcomes[pk].code)):
        outcome, judged = outcomes[pk], per_outcome[pk]
        passed = [r for r in judged if r.judgement == V]
        failed = [r for r in judged if r.judgement == N]
        total = len(texts[pk])
        signals = {
            "zonder_vertrouwen": (
                [r for r in passed if r.confidence is False] if outcome.asks_confidence else None,
                passed,
            ),
            "alles_niet_voldaan": (
                [r for r in failed if total and ticked.get(r.entry_id, 0) >= total],
                failed,
            ),
            "niets_voldaan": ([r for r in passed if not ticked.get(r.entry_id)], passed),
            "motivatie": (
                [r for r in judged if not names_an_indicator(r.motivation, texts[pk])],
                judged,
            ),
        }
        figures = []
        for key, label in SIGNALS:
            hits, base = signals[key]
            figures.append(
                {
                    "key": key,
                    "label": label,
                    "figure": None if hits is None else _rate(len(hits), base),
                }
            )
        result.append({"outcome": outcome, "signals": figures})
    return result


# --- Base rates -------------------------------------------------------------------------------


def base_rates(schools: QuerySet[School], filters: Filters) -> dict:
    """Pass rates per outcome × school year, for context (never per person)."""
    rows = judgements(schools, filters)
    years = sorted({r.school_year for r in rows})
    outcomes = {
        o.pk: o for o in LearningOutcome.objects.filter(pk__in={r.outcome_id for r in rows})
    }
    cells: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        cells[(r.outcome_id, r.school_year)].append(r)
    table = []
    for pk in sorted(outcomes, key=lambda pk: (outcomes[pk].position, outcomes[pk].code)):
        figures = []
        for year in years:
            judged = cells[(pk, year)]
            passed = sum(r.judgement == V for r in judged)
            n = len(judged)
            interval = stats.wilson(passed, n) if n else None
            figures.append(
                stats.figure(
                    passed / n if n else None,
                    n=n,
                    assessors=len({r.assessor_id for r in judged}),
                    interval=interval,
                )
            )
        table.append({"outcome": outcomes[pk], "figures": figures})
    return {"years": years, "rows": table}


# --- The audit sample -------------------------------------------------------------------------


class Pair(NamedTuple):
    """A blind second judgement with its first judgement (no names)."""

    school_year: str
    school_id: int
    first: str
    second: str
    first_assessor_id: int | None
    second_assessor_id: int | None
    outcome_code: str
    outcome_version: int


def audit_pairs(schools: QuerySet[School], filters: Filters) -> list[Pair]:
    """The blind, submitted second judgements with their first judgement (one query). Only
    `AuditItem` rows count: a doubt and its final decision are never a pair (criterion 15)."""
    items = AuditItem.objects.filter(
        blind=True,
        submitted_at__isnull=False,
        judgement__in=[V, N],
        entry__judgement__in=[V, N],
        **{f"entry__{PLACEMENT}__school__in": schools},
    )
    if filters.school is not None:
        items = items.filter(**{f"entry__{PLACEMENT}__school": filters.school})
    if filters.outcome is not None:
        items = items.filter(entry__placement_outcome__outcome=filters.outcome)
    if filters.school_year:
        items = items.filter(sample__school_year=filters.school_year)
    if filters.moment:
        items = items.filter(entry__version__form__conversation__kind=filters.moment)
    rows = items.values_list(
        "sample__school_year",
        f"entry__{PLACEMENT}__school_id",
        "entry__judgement",
        "judgement",
        "entry__version__sent_by_id",
        "second_assessor_id",
        "entry__placement_outcome__outcome__code",
        "entry__placement_outcome__outcome__version",
    ).order_by("id")
    return [Pair(*row) for row in rows]


def paired_table(pairs: list[Pair]) -> tuple[Paired, int]:
    """The 2 × 2 table of (first, second) judgements and the number of distinct assessors."""
    cells = Counter((p.first, p.second) for p in pairs)
    assessors = {p.first_assessor_id for p in pairs if p.first_assessor_id} | {
        p.second_assessor_id for p in pairs if p.second_assessor_id
    }
    return Paired(cells[(V, V)], cells[(V, N)], cells[(N, V)], cells[(N, N)]), len(assessors)


def audit_tiles(schools: QuerySet[School], filters: Filters, *, per_school: bool) -> list[dict]:
    """One tile per school year (and per school when asked): p_o, PA, NA, κ and AC1 together,
    each with n and interval, with the sentence about who would not pass."""
    return _audit_tiles(audit_pairs(schools, filters), per_school=per_school)


def audit_overview(schools: QuerySet[School], filters: Filters, *, per_school: bool) -> dict:
    """The audit tab: the tiles per school year (and per school when asked) and the trend
    over every school year with its markers. Two queries, three with a school year chosen
    (the trend ignores that filter), one more for the school names per school."""
    pairs = audit_pairs(schools, filters)
    every_year = (
        audit_pairs(schools, replace(filters, school_year="")) if filters.school_year else pairs
    )
    trend = _audit_tiles(every_year, per_school=False)
    uses = {
        year: YearUse(_versions([p for p in every_year if p.school_year == year]))
        for year in {p.school_year for p in every_year}
    }
    markers = trend_markers(uses)
    for tile in trend:
        tile["markers"] = markers[tile["school_year"]]
    return {
        "years": _audit_tiles(pairs, per_school=False),
        "schools": _audit_tiles(pairs, per_school=True) if per_school else [],
        "trend": trend,
    }


def _audit_tiles(pairs: list[Pair], *, per_school: bool) -> list[dict]:
    groups: dict[tuple, list[Pair]] = defaultdict(list)
    for p in pairs:
        groups[(p.school_year, p.school_id if per_school else None)].append(p)
    names = (
        dict(School.objects.filter(pk__in={k[1] for k in groups}).values_list("pk", "name"))
        if per_school
        else {}
    )
    tiles = []
    for key in sorted(groups, key=lambda k: (k[0], names.get(k[1], ""))):
        table, assessors = paired_table(groups[key])
        figures = stats.paired_figures(table, assessors=assessors)
        tiles.append(
            {
                "school_year": key[0],
                "school": names.get(key[1], ""),
                "table": table,
                "assessors": assessors,
                "figures": figures,
                "suppressed": figures["p_o"].suppressed,
                "sentence": ""
                if figures["p_o"].suppressed
                else _(
                    "Van de %(n)s studenten die minstens één beoordelaar niet voldaan gaf, "
                    "waren beide het eens bij %(k)s."
                )
                % {"n": table.either_negative, "k": table.d},
            }
        )
    return tiles


# --- Sessions ---------------------------------------------------------------------------------


class SessionRow(NamedTuple):
    """One submitted judgement before the discussion, in a revealed session (no names)."""

    session_id: int
    title: str
    held_on: datetime.date
    school_year: str
    user_id: int
    exemplar_id: int
    judgement: str
    reference: str
    outcome_code: str
    outcome_version: int


def _session_judgements(
    schools: QuerySet[School], filters: Filters, *, everywhere: bool
) -> list[SessionRow]:
    judged = SessionJudgement.objects.filter(
        phase=JudgementPhase.PRE,
        submitted_at__isnull=False,
        judgement__in=[V, N],
        participant__session__revealed_at__isnull=False,
    )
    if not everywhere or filters.school is not None:
        judged = judged.filter(participant__session__school__in=schools)
    if filters.school is not None:
        judged = judged.filter(participant__session__school=filters.school)
    if filters.school_year:
        judged = judged.filter(participant__session__school_year=filters.school_year)
    if filters.outcome is not None:
        judged = judged.filter(exemplar__outcome=filters.outcome)
    if filters.moment:
        judged = judged.filter(participant__session__moment=filters.moment)
    rows = judged.values_list(
        "participant__session_id",
        "participant__session__title",
        "participant__session__held_on",
        "participant__session__school_year",
        "participant__user_id",
        "exemplar_id",
        "judgement",
        "exemplar__reference_judgement",
        "exemplar__outcome__code",
        "exemplar__outcome__version",
    ).order_by("participant__session__held_on", "participant__session_id", "id")
    return [SessionRow(*row) for row in rows]


def _matrix(rows: list[SessionRow], unit_of) -> list[list[str]]:
    units: dict = defaultdict(list)
    for r in rows:
        units[unit_of(r)].append(r.judgement)
    return [units[k] for k in sorted(units, key=str)]


def _session_tile(label: str, rows: list[SessionRow], unit_of) -> dict:
    """The figures of judgements pooled over `unit_of(row)` units; the assessors counted are
    distinct people, so two sessions of the same three people count three, not six."""
    matrix = _matrix(rows, unit_of)
    n = len(rows)
    participants = len({r.user_id for r in rows})
    with_reference = [r for r in rows if r.reference in (V, N)]
    agree_ref = sum(r.judgement == r.reference for r in with_reference)

    def fig(value, interval, count=n):
        return stats.figure(value, n=count, assessors=participants, interval=interval)

    suppressed = stats.too_little(n, participants)
    # Two categories: α, pairwise agreement and NA with their intervals in one bootstrap.
    computed = stats.binary_session_statistics(matrix, N)
    figures = {
        key: fig(value, None if suppressed else interval)
        for key, (value, interval) in computed.items()
    }
    figures |= {
        "reference": fig(
            agree_ref / len(with_reference) if with_reference else None,
            stats.wilson(agree_ref, len(with_reference)) if with_reference else None,
            count=len(with_reference),
        ),
    }
    return {
        "label": label,
        "n": n,
        "participants": participants,
        "exemplars": len(matrix),
        "figures": figures,
        "suppressed": suppressed,
        "agree_reference": agree_ref,
        "with_reference": len(with_reference),
        "sentence": ""
        if suppressed or not with_reference
        else _("Van de %(n)s oordelen kwamen er %(k)s overeen met de afgesproken standaard.")
        % {"n": len(with_reference), "k": agree_ref},
    }


def session_tiles(schools: QuerySet[School], filters: Filters, *, everywhere: bool) -> dict:
    """Per session and per exemplar set (sessions that used the same exemplars): α nominal,
    raw agreement, NA and agreement with the reference, from the judgements before the
    discussion. Sessions of different sets are never pooled (§2.3)."""
    rows = _session_judgements(schools, filters, everywhere=everywhere)
    per_session: dict[int, list[SessionRow]] = defaultdict(list)
    for r in rows:
        per_session[r.session_id].append(r)
    sessions = []
    sets: dict[frozenset, list[SessionRow]] = defaultdict(list)
    set_sessions: dict[frozenset, int] = Counter()
    for judged in per_session.values():
        title, held_on = judged[0].title, judged[0].held_on
        sessions.append(
            _session_tile(f"{title} ({held_on:%d-%m-%Y})", judged, lambda r: r.exemplar_id)
        )
        key = frozenset(r.exemplar_id for r in judged)
        sets[key].extend(judged)
        set_sessions[key] += 1
    per_set = [
        _session_tile(
            _("%(n)s voorbeelden, %(s)s sessies") % {"n": len(key), "s": set_sessions[key]},
            judged,
            lambda r: (r.session_id, r.exemplar_id),
        )
        for key, judged in sets.items()
        if set_sessions[key] > 1
    ]
    every_year = (
        _session_judgements(schools, replace(filters, school_year=""), everywhere=everywhere)
        if filters.school_year
        else rows
    )
    return {"sessions": sessions, "sets": per_set, "trend": session_trend(every_year)}


def session_trend(rows: list[SessionRow]) -> list[dict]:
    """One row per school year, oldest first: the sessions of that year pooled (units are
    session × exemplar), each figure with n and interval and suppressed below the minimum
    cell size, with a marker where the kijkkader version or the exemplar set changed."""
    per_year: dict[str, list[SessionRow]] = defaultdict(list)
    for r in rows:
        per_year[r.school_year].append(r)
    uses = {
        year: YearUse(_versions(judged), frozenset(r.exemplar_id for r in judged))
        for year, judged in per_year.items()
    }
    markers = trend_markers(uses)
    trend = []
    for year in sorted(per_year):
        tile = _session_tile(year, per_year[year], lambda r: (r.session_id, r.exemplar_id))
        tile |= {"school_year": year, "markers": markers[year]}
        trend.append(tile)
    return trend


# --- Trend markers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearUse:
    """What a school year's figures rest on: per outcome code the kijkkader versions judged
    against, and the exemplars judged (None for a source without exemplars: the audit)."""

    versions: dict[str, frozenset[int]]
    exemplars: frozenset[int] | None = None


def _versions(rows) -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        found[r.outcome_code].add(r.outcome_version)
    return {code: frozenset(v) for code, v in found.items()}


def trend_markers(uses: dict[str, YearUse]) -> dict[str, list[str]]:
    """Per school year the markers of a trend (§2.3, §3.6): compared with the school year
    before it that has figures, a kijkkader version of an outcome judged in both years that
    was not used before, and a different set of exemplars. The first year has none; an outcome
    judged in one of the two years only is no change of version. Text, never colour alone."""
    markers: dict[str, list[str]] = {}
    previous: YearUse | None = None
    for year in sorted(uses):
        use, found = uses[year], []
        if previous is not None:
            changed = [
                (code, max(versions - previous.versions[code]))
                for code, versions in sorted(use.versions.items())
                if code in previous.versions and versions - previous.versions[code]
            ]
            if changed:
                found.append(
                    _("⚑ kijkkader gewijzigd: %(changes)s")
                    % {
                        "changes": ", ".join(
                            _("%(code)s (versie %(version)s)") % {"code": c, "version": v}
                            for c, v in changed
                        )
                    }
                )
            if (
                use.exemplars is not None
                and previous.exemplars is not None
                and use.exemplars != previous.exemplars
            ):
                found.append(
                    _("⚑ andere voorbeeldset: %(new)s nieuw, %(gone)s niet meer gebruikt")
                    % {
                        "new": len(use.exemplars - previous.exemplars),
                        "gone": len(previous.exemplars - use.exemplars),
                    }
                )
        markers[year] = found
        previous = use
    return markers


# --- Coverage ---------------------------------------------------------------------------------


def coverage(schools: QuerySet[School], filters: Filters) -> dict:
    """Per school, the share of active werkplekbegeleiders (a summative judgement sent in the
    school year, on their placement) who took part in a session (submitted) held within 12
    months before the end of that year; and the share of summative judgements whose
    werkplekbegeleider had taken part within the 12 months before the judgement was sent.
    A school with fewer than 5 active werkplekbegeleiders shows no figure. Three queries."""
    year = filters.school_year or school_year_of(timezone.localdate())
    rows = judgements(schools, Filters(year, filters.school, filters.outcome, filters.moment))
    start, end = _year_bounds(year)
    active: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        if r.wpb_id:
            active[r.school_id].add(r.wpb_id)
    everyone = set().union(*active.values()) if active else set()
    taken: dict[int, list[datetime.date]] = defaultdict(list)
    for user_id, held_on in Participant.objects.filter(
        user_id__in=everyone, submitted_at__isnull=False
    ).values_list("user_id", "session__held_on"):
        taken[user_id].append(held_on)
    reference = min(end.date(), timezone.localdate())

    def calibrated(user_id, on: datetime.date) -> bool:
        return any(on - CALIBRATED_WITHIN <= d <= on for d in taken.get(user_id, ()))

    names = dict(School.objects.filter(pk__in=active).values_list("pk", "name"))
    per_school = []
    for school_id in sorted(active, key=lambda pk: names[pk]):
        wpbs = active[school_id]
        yes = sum(calibrated(u, reference) for u in wpbs)
        n = len(wpbs)
        shown = n >= stats.MIN_COUNT
        low_high = stats.wilson(yes, n)
        per_school.append(
            {
                "school": names[school_id],
                "figure": Figure(yes / n, n, n, *low_high)
                if shown
                else Figure(None, n, n, suppressed=True),
            }
        )
    judged = [r for r in rows if r.wpb_id]
    by_calibrated = sum(calibrated(r.wpb_id, timezone.localtime(r.sent_at).date()) for r in judged)
    share = stats.figure(
        by_calibrated / len(judged) if judged else None,
        n=len(judged),
        assessors=len(everyone),
        interval=stats.wilson(by_calibrated, len(judged)) if judged else None,
    )
    return {"school_year": year, "per_school": per_school, "judgements": share, "start": start}


def school_years(schools: QuerySet[School]) -> list[str]:
    """The school years from the first sent summative form to now, newest first (one query)."""
    first = FormVersion.objects.filter(
        state=FormState.SENT,
        form__conversation__placement__school__in=schools,
        form__conversation__kind__in=[k.value for k in MOMENTS],
    ).aggregate(first=Min("sent_at"))["first"]
    now = int(school_year_of(timezone.localdate())[:4])
    start = int(school_year_of(timezone.localtime(first))[:4]) if first else now
    return [f"{y}-{y + 1}" for y in range(max(now, start), min(start, now) - 1, -1)]
