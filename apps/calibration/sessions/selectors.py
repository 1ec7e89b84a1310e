"""Reads for the session pages, without a query in a loop: a page costs the same at 3 and at
12 participants. Nothing here decides who may see what; the views ask `access` first and pass
only what may be shown (another participant's judgement only after the reveal)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Value,
)

from apps.accounts.models import Role, User
from apps.calibration import stats
from apps.calibration.exemplars.selectors import published_exemplars
from apps.calibration.models import (
    AssessorCredential,
    CalibrationSession,
    Exemplar,
    JudgementPhase,
    Participant,
    SessionExemplar,
    SessionJudgement,
    SessionPhase,
)
from apps.calibration.sessions.access import PARTICIPANT_ROLES
from apps.cycle.models import Judgement
from apps.outcomes.models import Indicator, KijkkaderDimension

# A motivation "cites" the kijkkader when it shares a word of at least this length with one of
# the indicators the participant ticked (used by the private mirror only, never to refuse).
CITE_WORD_LENGTH = 6


def available_exemplars(outcome_ids=None):
    """The published exemplars a session may use (the bank's `published_exemplars`), in the
    order the set-up lists them; the only place the sessions choose exemplars from."""
    return published_exemplars(outcome_ids or None).order_by("outcome__code", "title", "id")


def staff_choices():
    """Who can take part, moderate or take notes: werkplekbegeleiders, schoolopleiders and
    instituutsopleiders (and the praktijkbureau for the roles, not as participant)."""
    return (
        User.objects.filter(is_active=True, role_memberships__role__in=PARTICIPANT_ROLES)
        .distinct()
        .order_by("full_name", "email")
    )


def primary_role(roles: set[str]) -> str:
    for role in (Role.WERKPLEKBEGELEIDER, Role.SCHOOLOPLEIDER, Role.INSTITUUTSOPLEIDER):
        if role in roles:
            return role.value
    return ""


def sessions_for(user):
    """The sessions of this person (organiser, moderator, notulist, participant), each marked
    `mine`; the praktijkbureau sees all of them (all `mine`: it opens every session). The
    examencommissie also sees every session past the reveal, whose report it reads
    (`access.session_for_report`); those are not `mine`. Two queries with the outcomes."""
    own = (
        Q(organiser=user)
        | Q(moderator=user)
        | Q(notulist=user)
        | Q(Exists(Participant.objects.filter(session=OuterRef("pk"), user_id=user.pk)))
    )
    qs = CalibrationSession.objects.prefetch_related("outcomes")
    if user.is_praktijkbureau:
        qs = qs.annotate(mine=Value(True))
    else:
        if user.has_role(Role.EXAMENCOMMISSIE):
            qs = qs.filter(own | Q(revealed_at__isnull=False))
        else:
            qs = qs.filter(own)
        qs = qs.annotate(mine=ExpressionWrapper(own, output_field=BooleanField()))
    return qs.annotate(n_participants=Count("participants", distinct=True)).order_by(
        "-held_on", "-id"
    )


def participants_by_role_of(sessions) -> dict[int, list[tuple[str, int]]]:
    """Per session id, its participants counted by role (label, n), never by name: what the
    examencommissie's list shows. One query for any number of sessions."""
    labels = dict(Role.choices)
    result: dict[int, list[tuple[str, int]]] = defaultdict(list)
    rows = (
        Participant.objects.filter(session__in=[s.pk for s in sessions])
        .values_list("session_id", "role")
        .annotate(n=Count("id"))
        .order_by("session_id", "role")
    )
    for session_id, role, n in rows:
        result[session_id].append((str(labels.get(role, role)), n))
    return dict(result)


def session_exemplars(session: CalibrationSession) -> list[Exemplar]:
    """The session's exemplars in order, each with its outcome's kijkkader prefetched."""
    rows = (
        SessionExemplar.objects.filter(session=session)
        .select_related("exemplar__outcome")
        .prefetch_related(
            Prefetch(
                "exemplar__outcome__dimensions",
                queryset=KijkkaderDimension.objects.prefetch_related("indicators"),
            )
        )
        .order_by("position", "id")
    )
    return [row.exemplar for row in rows]


def gradable_indicators(exemplar: Exemplar) -> list[Indicator]:
    """The indicators that may be ticked, as FormEntry.gradable_indicators: the kijkkader
    without its dimensions marked "indicatief, niet om te beoordelen"."""
    return [
        indicator
        for dimension in exemplar.outcome.dimensions.all()
        if not dimension.is_indicative
        for indicator in dimension.indicators.all()
    ]


def own_judgements(participant: Participant) -> dict[int, SessionJudgement]:
    """This participant's own judgements (first round) by exemplar id."""
    rows = SessionJudgement.objects.filter(
        participant=participant, phase=JudgementPhase.PRE
    ).prefetch_related("indicators_seen")
    return {row.exemplar_id: row for row in rows}


def participants_of(session: CalibrationSession) -> list[Participant]:
    return list(session.participants.select_related("user").order_by("id"))


def participants_by_role(session: CalibrationSession) -> list[tuple[str, int]]:
    labels = dict(Role.choices)
    counts = Counter(session.participants.values_list("role", flat=True))
    return [(str(labels.get(role, role)), n) for role, n in sorted(counts.items())]


def _submitted(session: CalibrationSession):
    return SessionJudgement.objects.filter(
        participant__session=session,
        phase=JudgementPhase.PRE,
        submitted_at__isnull=False,
    )


def session_figures(session: CalibrationSession) -> dict:
    """The spread and the session statistics of the first round: per exemplar the counts, and
    over the session raw agreement (pairs), Krippendorff's α (nominal) and NA, each with n (the
    judgements), the number of assessors and a 95% interval (apps/calibration/stats.py),
    suppressed below 10 judgements or 3 assessors. `ratings` holds one list per exemplar."""
    ratings: dict[int, list[str]] = defaultdict(list)
    participants = set()
    for exemplar_id, judgement, participant_id in _submitted(session).values_list(
        "exemplar_id", "judgement", "participant_id"
    ):
        ratings[exemplar_id].append(judgement)
        participants.add(participant_id)
    distribution = {
        exemplar_id: {
            "voldaan": values.count(Judgement.VOLDAAN),
            "niet_voldaan": values.count(Judgement.NIET_VOLDAAN),
            "n": len(values),
        }
        for exemplar_id, values in ratings.items()
    }
    matrix = [
        [v for v in values if v in (Judgement.VOLDAAN, Judgement.NIET_VOLDAAN)]
        for values in ratings.values()
    ]
    n = sum(len(unit) for unit in matrix)
    computed = stats.binary_session_statistics(matrix, Judgement.NIET_VOLDAAN)
    statistics = {
        name: stats.figure(value, n=n, assessors=len(participants), interval=interval)
        for name, (value, interval) in computed.items()
    }
    return {"distribution": distribution, "ratings": dict(ratings), "statistics": statistics}


@dataclass
class HeatCell:
    indicator: Indicator
    ticked: int
    n: int

    @property
    def share(self) -> float:
        return self.ticked / self.n if self.n else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


@dataclass
class HeatRow:
    exemplar: Exemplar
    cells: list[HeatCell] = field(default_factory=list)


def indicator_heatmap(session: CalibrationSession, exemplars: list[Exemplar]) -> list[HeatRow]:
    """Exemplar × indicator: how many of the submitted participants ticked it."""
    through = SessionJudgement.indicators_seen.through
    ticked = Counter(
        through.objects.filter(sessionjudgement__in=_submitted(session)).values_list(
            "sessionjudgement__exemplar_id", "indicator_id"
        )
    )
    judged = Counter(_submitted(session).values_list("exemplar_id", flat=True))
    return [
        HeatRow(
            exemplar=exemplar,
            cells=[
                HeatCell(indicator, ticked[(exemplar.pk, indicator.pk)], judged[exemplar.pk])
                for indicator in gradable_indicators(exemplar)
            ],
        )
        for exemplar in exemplars
    ]


def motivations(session: CalibrationSession) -> dict[int, list[dict]]:
    """The submitted motivations per exemplar, anonymous: a name only beside the motivation of a
    participant who chose to show it. Ordered by text, never by person."""
    rows = _submitted(session).select_related("participant__user")
    result: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        result[row.exemplar_id].append(
            {
                "judgement": row.get_judgement_display(),
                "text": row.motivation,
                "name": row.participant.user.full_name if row.participant.show_name else "",
            }
        )
    for items in result.values():
        items.sort(key=lambda item: (item["judgement"], item["text"]))
    return dict(result)


def reference_of(exemplars: list[Exemplar]) -> dict[int, dict]:
    """The reference (anker) of each exemplar: only for a page past the reference reveal."""
    with_refs = Exemplar.objects.filter(pk__in=[e.pk for e in exemplars]).prefetch_related(
        "reference_indicators"
    )
    return {
        e.pk: {
            "judgement": e.get_reference_judgement_display(),
            "confidence_year3": e.reference_confidence_year3,
            "indicators": list(e.reference_indicators.all()),
            "annotation": e.reference_annotation,
        }
        for e in with_refs
    }


def agreements_of(session: CalibrationSession):
    return session.agreements.select_related("outcome", "indicator", "decision_rule").order_by("id")


# The assessor register (§3.7): attendance and credentials, never a performance figure.


def register_rows() -> list[dict]:
    """Per staff member (by name): the closed sessions attended and the credentials."""
    attended = (
        Participant.objects.filter(session__phase=SessionPhase.CLOSED, attended=True)
        .select_related("user", "session")
        .prefetch_related("session__outcomes")
        .order_by("user__full_name", "session__held_on")
    )
    credentials = AssessorCredential.objects.select_related("user").order_by(
        "user__full_name", "obtained_on"
    )
    people: dict[int, dict] = {}
    for row in attended:
        person = people.setdefault(
            row.user_id, {"user": row.user, "sessions": [], "credentials": []}
        )
        person["sessions"].append(
            {
                "date": row.session.held_on,
                "outcomes": [o.code for o in row.session.outcomes.all()],
                "role": dict(Role.choices).get(row.role, row.role),
            }
        )
    for credential in credentials:
        person = people.setdefault(
            credential.user_id, {"user": credential.user, "sessions": [], "credentials": []}
        )
        person["credentials"].append(credential)
    return sorted(people.values(), key=lambda p: (p["user"].full_name, p["user"].email))


def attended_count(user) -> int:
    return Participant.objects.filter(
        user_id=user.pk, attended=True, session__phase=SessionPhase.CLOSED
    ).count()


def _cites(motivation: str, indicators: list[Indicator]) -> bool:
    words = {w.strip(".,;:!?()'\"").lower() for w in motivation.split()}
    for indicator in indicators:
        for word in indicator.text.split():
            word = word.strip(".,;:!?()'\"").lower()
            if len(word) >= CITE_WORD_LENGTH and word in words:
                return True
    return False


def mirror_of(user) -> list[dict]:
    """The private mirror: per revealed session this person took part in, their judgement of
    each exemplar beside the session's spread and (once shown) the reference, the indicators
    they ticked markedly more or less often than the others (a difference of at least half the
    group), and whether their motivation cited an indicator's wording."""
    mine = list(
        SessionJudgement.objects.filter(
            participant__user_id=user.pk,
            phase=JudgementPhase.PRE,
            submitted_at__isnull=False,
            participant__session__revealed_at__isnull=False,
        )
        .select_related("participant__session", "exemplar")
        .prefetch_related("indicators_seen")
        .order_by("-participant__session__held_on", "exemplar_id")
    )
    if not mine:
        return []
    sessions = {j.participant.session_id for j in mine}
    others = SessionJudgement.objects.filter(
        participant__session_id__in=sessions,
        phase=JudgementPhase.PRE,
        submitted_at__isnull=False,
    ).exclude(participant__user_id=user.pk)
    spread: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for session_id, exemplar_id, judgement in others.values_list(
        "participant__session_id", "exemplar_id", "judgement"
    ):
        spread[(session_id, exemplar_id)][judgement] += 1
    through = SessionJudgement.indicators_seen.through
    ticks: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for session_id, exemplar_id, indicator_id in through.objects.filter(
        sessionjudgement__in=others
    ).values_list(
        "sessionjudgement__participant__session_id",
        "sessionjudgement__exemplar_id",
        "indicator_id",
    ):
        ticks[(session_id, exemplar_id)][indicator_id] += 1
    indicator_texts = dict(
        Indicator.objects.filter(
            dimension__outcome_id__in={j.exemplar.outcome_id for j in mine},
            dimension__is_indicative=False,
        ).values_list("pk", "text")
    )
    by_outcome = defaultdict(list)
    for pk, outcome_id in Indicator.objects.filter(pk__in=indicator_texts).values_list(
        "pk", "dimension__outcome_id"
    ):
        by_outcome[outcome_id].append(pk)
    references = reference_of([j.exemplar for j in mine])
    result: dict[int, dict] = {}
    for j in mine:
        session = j.participant.session
        key = (session.pk, j.exemplar_id)
        n_others = sum(spread[key].values())
        own = {i.pk for i in j.indicators_seen.all()}
        more, less = [], []
        if n_others:
            for pk in by_outcome[j.exemplar.outcome_id]:
                share = ticks[key][pk] / n_others
                if pk in own and share <= 0.5:
                    more.append(indicator_texts[pk])
                elif pk not in own and share >= 0.5:
                    less.append(indicator_texts[pk])
        item = result.setdefault(session.pk, {"session": session, "rows": []})
        item["rows"].append(
            {
                "exemplar": j.exemplar,
                "judgement": j.get_judgement_display(),
                "voldaan": spread[key][Judgement.VOLDAAN] + (j.judgement == Judgement.VOLDAAN),
                "niet_voldaan": spread[key][Judgement.NIET_VOLDAAN]
                + (j.judgement == Judgement.NIET_VOLDAAN),
                "reference": references[j.exemplar_id]["judgement"]
                if session.reference_revealed_at
                else None,
                "more": more,
                "less": less,
                "ticked": len(own),
                "cites": _cites(j.motivation, list(j.indicators_seen.all())),
            }
        )
    return list(result.values())
