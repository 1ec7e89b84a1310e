"""The figures of the two reports (calibration-design.md §3.9), aggregated only: no staff or
student names anywhere, per-school cells only above the minimum cell size. Each function runs a
fixed number of queries, whatever the number of placements.

The agreement statistics themselves (p_o, PA, NA, κ, AC1 with n and 95% intervals; α pre/post)
come from apps/calibration/stats.py (calstats); this module hands them the blind pairs
(`audit.selectors.audit_pairs`) and the session judgements, and shows the counts they rest on.
Wiring the figures in is left to the lead at merge: `audit_figures` and `session_figures` are
the two places."""

import hashlib
from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from apps.calibration import stats
from apps.calibration.audit.selectors import (
    PLACEMENT,
    audit_pairs,
    eligible_entries,
    school_year_bounds,
)
from apps.calibration.models import (
    AssessorCredential,
    AuditItem,
    AuditSample,
    CalibrationSession,
    Exemplar,
    ExemplarState,
    Participant,
    SessionAgreement,
    SessionExemplar,
    SessionJudgement,
    SessionPhase,
)
from apps.cycle.models import Disagreement, DisagreementStatus, DoubtCategory, Judgement
from apps.outcomes.models import DecisionRule

MIN_PAIRS = 10  # §2.3: at least 10 paired judgements …
MIN_ASSESSORS = 3  # … and at least 3 distinct assessors before an agreement figure is shown
MIN_COUNT = 5  # counts below 5 that could single out a person are suppressed
V, NV = Judgement.VOLDAAN.value, Judgement.NIET_VOLDAAN.value


def fingerprint(content: str) -> str:
    """The generation fingerprint of a report: sha256 of its content, like
    FormVersion.fingerprint for a sent form."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def table_2x2(pairs: list[tuple[str, str]]) -> dict:
    """a: both voldaan, b: first voldaan / second niet, c: first niet / second voldaan,
    d: both niet voldaan (§2.2)."""
    counts = Counter(pairs)
    return {
        "n": len(pairs),
        "a": counts[(V, V)],
        "b": counts[(V, NV)],
        "c": counts[(NV, V)],
        "d": counts[(NV, NV)],
    }


def audit_figures(pairs: list[tuple[str, str]], *, assessors: int, school_year: str) -> dict:
    """p_o, PA, NA, κ and AC1 of the blind pairs, always together, each with n and a 95%
    interval, suppressed below 10 pairs or 3 assessors (apps/calibration/stats.py). Shaped as
    the dashboard's audit tile, so the report and the dashboard show them alike."""
    t = table_2x2(pairs)
    figures = stats.paired_figures(
        stats.Paired(t["a"], t["b"], t["c"], t["d"]), assessors=assessors
    )
    either = t["b"] + t["c"] + t["d"]
    return {
        "school_year": school_year,
        "school": "",
        "figures": figures,
        "sentence": ""
        if figures["p_o"].suppressed
        else _(
            "Van de %(n)s studenten die minstens één beoordelaar niet voldaan gaf, "
            "waren beide het eens bij %(k)s."
        )
        % {"n": either, "k": t["d"]},
    }


def audit_results(school_year: str) -> dict:
    """Section 2: the blind pairs of the year, per school only where n ≥ 10 pairs and ≥ 3
    assessors; the cases where the second judgement differed and how each was resolved."""
    pairs = audit_pairs(school_year=school_year)
    per_school = defaultdict(list)
    assessors = defaultdict(set)
    rows = (
        AuditItem.objects.filter(
            sample__school_year=school_year, blind=True, submitted_at__isnull=False
        )
        .exclude(judgement="")
        .values_list(
            f"entry__{PLACEMENT}__school__name",
            "entry__judgement",
            "judgement",
            "second_assessor_id",
            f"entry__{PLACEMENT}__student__year",
            "entry__placement_outcome__outcome__code",
            "disagreement__status",
            "disagreement__original_judgement",
            "disagreement__final_judgement",
        )
    )
    cells: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for school, first, second, assessor, cohort, outcome, status, original, final in rows:
        per_school[school].append((first, second))
        assessors[school].add(assessor)
        cells[(cohort, outcome)].append(
            (first, second, assessor, _resolution(first, second, status, original, final))
        )
    schools = [
        {
            "school": school,
            "shown": len(p) >= MIN_PAIRS and len(assessors[school]) >= MIN_ASSESSORS,
            **(
                table_2x2(p)
                if len(p) >= MIN_PAIRS and len(assessors[school]) >= MIN_ASSESSORS
                else {"n": None}
            ),
        }
        for school, p in sorted(per_school.items())
    ]
    doubts = Disagreement.objects.filter(
        category=DoubtCategory.AUDIT, raised_at__date__range=school_year_bounds(school_year)
    )
    by_state = Counter(
        _direction(status, original, final)
        for status, original, final in doubts.values_list(
            "status", "original_judgement", "final_judgement"
        )
    )
    overall = table_2x2(pairs)
    tile = audit_figures(
        pairs, assessors=len({a for s in assessors.values() for a in s}), school_year=school_year
    )
    return {
        "overall": overall,
        "assessors": len({a for s in assessors.values() for a in s}),
        "tile": tile,
        "reading": plain_reading(overall, tile["figures"]),
        "schools": schools,
        "cells": [
            cohort_outcome_cell(cohort, outcome, items, school_year=school_year)
            for (cohort, outcome), items in sorted(cells.items(), key=lambda kv: kv[0])
        ],
        "differing": sum(1 for first, second in pairs if first != second),
        "doubts": {
            "total": sum(by_state.values()),
            "open": by_state["open"],
            "kept": by_state["kept"],
            "to_niet_voldaan": by_state["to_niet_voldaan"],
            "to_voldaan": by_state["to_voldaan"],
        },
    }


def _resolution(first: str, second: str, status, original, final) -> str:
    """How a differing pair was resolved: "" when the pair agreed; "open" while the doubt's
    dialogue runs (or no doubt was linked); "kept" when the first judgement stands;
    "changed" when the final decision followed the second judgement."""
    if first == second:
        return ""
    if status is None:
        return "open"
    direction = _direction(status, original, final)
    return "changed" if direction in ("to_niet_voldaan", "to_voldaan") else direction


def plain_reading(t: dict, figures: dict[str, stats.Figure]) -> str:
    """The figures of a 2 × 2 table in a sentence or two a committee member reads aloud;
    empty when the figures are suppressed."""
    if figures["p_o"].suppressed:
        return ""
    agree = t["a"] + t["d"]
    reading = _(
        "Bij %(agree)s van de %(n)s paren gaven beide beoordelaars hetzelfde oordeel. "
        "Van de %(either)s studenten die minstens één beoordelaar niet voldaan gaf, "
        "waren beiden het daarover eens bij %(d)s."
    ) % {"agree": agree, "n": t["n"], "either": t["b"] + t["c"] + t["d"], "d": t["d"]}
    kappa, ac1 = figures["kappa"], figures["ac1"]
    if kappa.shown and ac1.shown and ac1.value - kappa.value >= 0.3:
        reading += " " + _(
            "κ ligt ver onder AC1 omdat bijna iedereen voldaan krijgt (de kappa-paradox); "
            "de ruwe overeenstemming en NA zeggen hier meer."
        )
    if t["b"] + t["c"] + t["d"] and t["d"] == 0:
        reading += " " + _(
            "De beoordelaars waren het over geen enkele student eens dat die niet voldeed."
        )
    return reading


def cohort_outcome_cell(cohort: int, outcome: str, items: list[tuple], *, school_year: str):
    """Section 2 per cohort (studiejaar) and outcome: p_o, PA, NA, κ and AC1 together, each
    with n and a 95% interval, and a plain reading; the differing pairs by direction with how
    each was resolved (counts only). Below 10 pairs or 3 assessors only "te weinig gegevens":
    no figure and no count. `items` holds (first, second, assessor id, resolution)."""
    pairs = [(first, second) for first, second, _a, _r in items]
    n_assessors = len({assessor for _f, _s, assessor, _r in items})
    tile = audit_figures(pairs, assessors=n_assessors, school_year=school_year)
    shown = not stats.too_little(len(pairs), n_assessors)
    cell = {"cohort": cohort, "outcome": outcome, "shown": shown, "tile": tile}
    if not shown:
        return cell
    t = table_2x2(pairs)
    resolved = Counter((first, second, how) for first, second, _a, how in items if how)
    cell.update(
        {
            **t,
            "reading": plain_reading(t, tile["figures"]),
            "second_nv": {how: resolved[(V, NV, how)] for how in ("open", "kept", "changed")},
            "second_v": {how: resolved[(NV, V, how)] for how in ("open", "kept", "changed")},
        }
    )
    return cell


def _direction(status: str, original: str, final: str) -> str:
    if status == DisagreementStatus.OPEN:
        return "open"
    if final == original or not final:
        return "kept"
    return "to_niet_voldaan" if final == NV else "to_voldaan"


def session_figures(sets: dict[frozenset, list[tuple]]) -> dict[frozenset, dict]:
    """Per exemplar set, Krippendorff's α (nominal) before and after the discussion, each with
    n (judgements), the number of assessors and a 95% interval (apps/calibration/stats.py);
    suppressed below 10 judgements or 3 assessors. `sets` maps an exemplar set to its submitted
    judgements as (participant, exemplar, phase, judgement)."""
    out = {}
    for key, rows in sets.items():
        figures = {}
        for phase in ("voor", "na"):
            judged = [r for r in rows if r[2] == phase and r[3] in (V, NV)]
            units: dict = defaultdict(list)
            for _participant, exemplar, _phase, judgement in judged:
                units[exemplar].append(judgement)
            computed = stats.binary_session_statistics(list(units.values()), NV)
            value, interval = computed["alpha"]
            figures[phase] = stats.figure(
                value,
                n=len(judged),
                assessors=len({r[0] for r in judged}),
                interval=interval,
            )
        out[key] = figures
    return out


def session_statistics(school_year: str) -> list[dict]:
    """Section 3: per exemplar set (sessions that judged the same exemplars), the sessions held
    and the number of judgements before and after the discussion."""
    sessions = list(
        CalibrationSession.objects.filter(school_year=school_year)
        .exclude(phase=SessionPhase.PLANNED)
        .values_list("id", flat=True)
    )
    sets: dict[int, frozenset] = defaultdict(frozenset)
    for session_id, exemplar_id in SessionExemplar.objects.filter(
        session_id__in=sessions
    ).values_list("session_id", "exemplar_id"):
        sets[session_id] = sets[session_id] | {exemplar_id}
    judged = list(
        SessionJudgement.objects.filter(
            participant__session_id__in=sessions, submitted_at__isnull=False
        ).values_list(
            "participant__session_id", "participant_id", "exemplar_id", "phase", "judgement"
        )
    )
    phases = Counter((session_id, phase) for session_id, _p, _e, phase, _j in judged)
    by_set: dict[frozenset, list[tuple]] = defaultdict(list)
    for session_id, participant, exemplar, phase, judgement in judged:
        by_set[sets[session_id]].append((participant, exemplar, phase, judgement))
    grouped: dict[frozenset, dict] = {}
    for session_id in sessions:
        key = sets[session_id]
        row = grouped.setdefault(key, {"exemplars": len(key), "sessions": 0, "pre": 0, "post": 0})
        row["sessions"] += 1
        row["pre"] += phases[(session_id, "voor")]
        row["post"] += phases[(session_id, "na")]
    figures = session_figures(by_set)
    for key, row in grouped.items():
        row["alpha_pre"] = figures.get(key, {}).get("voor")
        row["alpha_post"] = figures.get(key, {}).get("na")
    result = list(grouped.values())
    for number, row in enumerate(result, start=1):
        row["number"] = number
    return result


def base_rates(school_year: str) -> list[dict]:
    """Section 4: per outcome, the summative judgements of the year, the share voldaan, and the
    doubts and overturned decisions by direction per 100 judgements."""
    entries = eligible_entries(school_year)
    judged = {
        row["placement_outcome__outcome__code"]: row
        for row in entries.order_by()
        .values("placement_outcome__outcome__code")
        .annotate(n=Count("id"), voldaan=Count("id", filter=Q(judgement=V)))
    }
    doubts = Counter()
    for code, status, original, final in Disagreement.objects.filter(
        entry__in=entries.values("id")
    ).values_list(
        "entry__placement_outcome__outcome__code", "status", "original_judgement", "final_judgement"
    ):
        doubts[(code, "doubts")] += 1
        doubts[(code, _direction(status, original, final))] += 1
    rows = []
    for code, row in sorted(judged.items()):
        n = row["n"]
        rows.append(
            {
                "outcome": code,
                "n": n,
                "voldaan_pct": round(100 * row["voldaan"] / n, 1) if n else None,
                "doubts_per_100": round(100 * doubts[(code, "doubts")] / n, 1),
                "to_niet_voldaan_per_100": round(100 * doubts[(code, "to_niet_voldaan")] / n, 1),
                "to_voldaan_per_100": round(100 * doubts[(code, "to_voldaan")] / n, 1),
            }
        )
    return rows


def _calibrated_ids(school_year: str) -> set[int]:
    """Assessors who attended a held session in the 12 months up to the end of the year, or
    hold a current assessor credential."""
    first, last = school_year_bounds(school_year)
    attended = set(
        Participant.objects.filter(
            attended=True,
            session__held_on__range=(last - timedelta(days=365), last),
        )
        .exclude(session__phase=SessionPhase.PLANNED)
        .values_list("user_id", flat=True)
    )
    credentialed = set(
        AssessorCredential.objects.filter(obtained_on__lte=last)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=first))
        .values_list("user_id", flat=True)
    )
    return attended | credentialed


def expertise(school_year: str) -> dict:
    """Section 5: the share of summative judgements sent by a calibrated assessor, and per
    school the share of its werkplekbegeleiders calibrated (schools with fewer than 5 shown as
    "te weinig gegevens")."""
    calibrated = _calibrated_ids(school_year)
    entries = eligible_entries(school_year)
    senders = list(entries.values_list("version__sent_by_id", flat=True))
    mentors = defaultdict(set)
    for school, wpb in entries.values_list(
        f"{PLACEMENT}__school__name", f"{PLACEMENT}__werkplekbegeleider_id"
    ).distinct():
        if wpb:
            mentors[school].add(wpb)
    return {
        "judgements": len(senders),
        "by_calibrated": sum(1 for s in senders if s in calibrated),
        "schools": [
            {
                "school": school,
                "shown": len(ids) >= MIN_COUNT,
                "wpbs": len(ids) if len(ids) >= MIN_COUNT else None,
                "calibrated": len(ids & calibrated) if len(ids) >= MIN_COUNT else None,
            }
            for school, ids in sorted(mentors.items())
        ],
    }


def rule_changelog(school_year: str | None = None) -> list[DecisionRule]:
    """Section 6 (and the praktijkbureau's list): the beslisregels with their versions, newest
    first; without who published them."""
    rules = DecisionRule.objects.select_related("outcome", "indicator")
    if school_year:
        first, last = school_year_bounds(school_year)
        rules = rules.filter(
            Q(published_at__date__range=(first, last)) | Q(retired_at__date__range=(first, last))
        )
    return list(rules.order_by("-published_at"))


def agreements(school_year: str) -> list[SessionAgreement]:
    """The agreements of the year's sessions (kind, text, action and its status); no names."""
    return list(
        SessionAgreement.objects.filter(session__school_year=school_year)
        .select_related("session", "outcome", "decision_rule")
        .order_by("session__held_on", "id")
    )


def borging_report(school_year: str) -> dict:
    """Everything the borgingsrapportage shows, sections 2 to 7 (1 is text)."""
    samples = list(AuditSample.objects.filter(school_year=school_year).order_by("drawn_at"))
    return {
        "school_year": school_year,
        "samples": samples,
        "audit": audit_results(school_year),
        "sessions": session_statistics(school_year),
        "base_rates": base_rates(school_year),
        "expertise": expertise(school_year),
        "rules": rule_changelog(school_year),
        "agreements": agreements(school_year),
        "min_pairs": MIN_PAIRS,
        "min_assessors": MIN_ASSESSORS,
        "min_count": MIN_COUNT,
    }


def bank_coverage() -> list[dict]:
    """The state of the exemplar bank per outcome (code and kijkkader version) and moment: the
    published exemplars by their reference judgement (voldaan, niet voldaan, none yet), and
    how many wait in preparation or for re-calibration. The model does not say which is a
    clear case and which a borderline one; the reference judgement is what it knows. One
    query."""
    moments = dict(Exemplar._meta.get_field("moment").choices)
    counts = Counter(
        Exemplar.objects.exclude(state=ExemplarState.WITHDRAWN).values_list(
            "outcome__code", "outcome__version", "moment", "state", "reference_judgement"
        )
    )
    rows: dict[tuple, dict] = {}
    for (code, version, moment, state, reference), n in counts.items():
        row = rows.setdefault(
            (code, version, moment),
            {
                "outcome": code,
                "version": version,
                "moment": str(moments.get(moment, moment)),
                "voldaan": 0,
                "niet_voldaan": 0,
                "no_reference": 0,
                "published": 0,
                "draft": 0,
                "recalibrate": 0,
            },
        )
        if state == ExemplarState.PUBLISHED:
            row["published"] += n
            key = {V: "voldaan", NV: "niet_voldaan"}.get(reference, "no_reference")
            row[key] += n
        elif state == ExemplarState.DRAFT:
            row["draft"] += n
        else:
            row["recalibrate"] += n
    return [rows[key] for key in sorted(rows)]


def due_for_recalibration() -> list[Exemplar]:
    """The exemplars to re-calibrate ("herijken"): flagged because their outcome's kijkkader
    has a newer version, and published or prepared ones whose kijkkader changed since the
    nightly check last ran. No names: the title is the de-identified one. One query."""
    return list(
        Exemplar.objects.filter(
            Q(state=ExemplarState.RECALIBRATE)
            | Q(
                state__in=[ExemplarState.DRAFT, ExemplarState.PUBLISHED],
                outcome__next_version__isnull=False,
            )
        )
        .select_related("outcome__next_version")
        .order_by("outcome__code", "id")
    )


def praktijkbureau_report(school_year: str) -> dict:
    """The praktijkbureau's report per school year (§3.9 first list)."""
    first, last = school_year_bounds(school_year)
    sessions = Counter()
    for outcome, school, phase in CalibrationSession.objects.filter(
        school_year=school_year
    ).values_list("outcomes__code", "school__name", "phase"):
        held = phase != SessionPhase.PLANNED
        sessions[(outcome or "—", school or "", held)] += 1
    session_rows = sorted({(o, s) for o, s, _h in sessions}, key=lambda k: (k[0], k[1]))
    calibrated = _calibrated_ids(school_year)
    entries_wpbs = defaultdict(set)
    from apps.placements.models import Placement

    placements = Placement.objects.filter(
        Q(start__range=(first, last)) | Q(start__isnull=True, periods__start__range=(first, last))
    ).values_list("school__name", "werkplekbegeleider_id")
    for school, wpb in placements.distinct():
        entries_wpbs[school].add(wpb)
    all_wpbs = {w for ws in entries_wpbs.values() for w in ws if w}
    doubts = Counter(
        Disagreement.objects.filter(raised_at__date__range=(first, last)).values_list(
            "category", flat=True
        )
    )
    categories = dict(DoubtCategory.choices)
    year_agreements = agreements(school_year)
    return {
        "school_year": school_year,
        "sessions": [
            {
                "outcome": o,
                "school": s,
                "held": sessions[(o, s, True)],
                "planned": sessions[(o, s, False)],
            }
            for o, s in session_rows
        ],
        "coverage": {
            "wpbs": len(all_wpbs),
            "calibrated": len(all_wpbs & calibrated),
            "schools_without": sorted(
                school for school, ws in entries_wpbs.items() if not (ws - {None}) & calibrated
            ),
        },
        "bank_coverage": bank_coverage(),
        "recalibrate": due_for_recalibration(),
        "doubts": [
            {"category": categories.get(c, c), "n": n if n >= MIN_COUNT else None}
            for c, n in sorted(doubts.items())
        ],
        "agreements": year_agreements,
        "actions": {
            "open": sum(1 for a in year_agreements if a.action and not a.action_done),
            "done": sum(1 for a in year_agreements if a.action and a.action_done),
        },
        "rules": rule_changelog(),
        "min_count": MIN_COUNT,
    }
