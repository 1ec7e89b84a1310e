"""Reads of the persoonlijk leerplan: the phase table, progress per outcome, the snapshot and
its text, and the difference between two versions."""

import difflib
import hashlib
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.cycle.models import (
    ApprovalDecision,
    Conversation,
    ConversationKind,
    GoalPhase,
    LeerdoelLine,
    Leerplan,
    LeerplanApproval,
    LeerplanGoal,
    LeerplanStatus,
    LeerplanVersion,
    LeerrouteKind,
    LeerrouteOrigin,
)
from apps.outcomes.models import Indicator, KijkkaderDimension
from apps.placements.models import Placement, PlacementOutcome
from apps.rubrics.models import Rubric, RubricDimension, RubricKind, RubricLevel

PHASE_RUBRIC_SLUG = "complexe-beroepsvaardigheden"


EDITABLE = (LeerplanStatus.DRAFT, LeerplanStatus.RETURNED)


WISH_FIELDS = ("qualities", "pitfalls", "expectations", "help_wanted")


# The mentor's pitch (co-design tool, sessie 3): "Wie ben ik als mentor/schoolopleider, welke
# waarden vind ik belangrijk? Welke methodieken zet ik in of kan ik inzetten? Wat zijn, in de
# begeleiding, mijn kwaliteiten en wat zijn mijn valkuilen? Waarvoor kunnen studenten bij mij
# terecht? Wat verwacht ik van de student?"
PITCH_FIELDS = (
    "mentor_who",
    "mentor_methods",
    "mentor_qualities",
    "mentor_available_for",
    "mentor_expects",
)


ANSWER_FIELDS = (*PITCH_FIELDS, "guides_answer")


SCALE_FIELDS = ("scale_now", "scale_target")


GOAL_TEXT_FIELDS = (
    "why",
    "goal",
    "scale_because",
    "scale_not_higher",
    "scale_not_lower",
    "scale_target_means",
    "activities",
    "satisfied_when",
    "maat_onvoldoende",
    "maat_voldoende",
    "maat_goed",
    "expected_product",
)


GOAL_FIELDS = GOAL_TEXT_FIELDS + SCALE_FIELDS


# A further leerdoel under the same outcome: its text and its own schaalvraag line.
LINE_FIELDS = (
    "text",
    "scale_now",
    "scale_because",
    "scale_not_higher",
    "scale_not_lower",
    "scale_target",
    "scale_target_means",
)


# What the handbook (chapter 3.2) asks the student to prepare per outcome for the startgesprek;
# an outcome is "uitgewerkt" when all of it is there, and only then can the plan be submitted.
REQUIRED_PARTS = {
    "why": _("waarom deze leeruitkomst belangrijk voor je is"),
    "goal": _("je doel"),
    "activities": _("wat je gaat doen (leeractiviteiten of een stap in de leerroute)"),
    "satisfied": _(
        "wanneer jullie tevreden zijn (een fase in de tabel, een toelichting of de maat)"
    ),
}


# Reading -------------------------------------------------------------------------------------
@dataclass
class PhaseRow:
    """One dimension of the complexe beroepsvaardigheden table with its descriptor per phase."""

    dimension: RubricDimension
    descriptors: list[tuple[RubricLevel, str]]


@dataclass
class PhaseTable:
    levels: list[RubricLevel]
    rows: list[PhaseRow] = field(default_factory=list)


def phase_table(placement: Placement | None = None) -> PhaseTable | None:
    """The complexe beroepsvaardigheden table (Beginfase, Groei-fase, Vergevorderde fase), in
    five queries; None when it has not been loaded. A leerplan keeps the version of the table
    its phases were chosen in (a newer version never changes what was filled in); otherwise
    the current version."""
    rubrics = Rubric.objects.filter(slug=PHASE_RUBRIC_SLUG, kind=RubricKind.PHASES)
    used = (
        GoalPhase.objects.filter(goal__leerplan__placement=placement)
        .values_list("dimension__rubric_id", flat=True)
        .first()
        if placement is not None
        else None
    )
    rubric = (
        (rubrics.filter(pk=used) if used else rubrics.current())
        .prefetch_related(
            "levels",
            Prefetch(
                "dimensions",
                queryset=RubricDimension.objects.filter(role__isnull=True).prefetch_related(
                    "descriptors"
                ),
            ),
        )
        .first()
    )
    if rubric is None:
        return None
    levels = list(rubric.levels.all())
    rows = []
    for dimension in rubric.dimensions.all():
        texts = {d.level_id: d.text for d in dimension.descriptors.all()}
        rows.append(PhaseRow(dimension, [(level, texts.get(level.pk, "")) for level in levels]))
    return PhaseTable(levels=levels, rows=rows)


def placement_outcomes(placement: Placement) -> list[PlacementOutcome]:
    """The placement's outcomes with their kijkkader (dimensions and indicators), in three
    queries whatever their number."""
    return list(
        placement.outcomes.select_related("outcome", "subject_outcome").prefetch_related(
            Prefetch(
                "outcome__dimensions",
                queryset=KijkkaderDimension.objects.prefetch_related("indicators"),
            )
        )
    )


def leerplan_of(placement: Placement) -> Leerplan | None:
    """The placement's leerplan with its goals, their indicators, route and phases, the
    decisions and the version numbers, in a fixed number of queries; None before the first
    save."""
    return (
        Leerplan.objects.filter(placement=placement)
        .select_related("guides_answered_by")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=LeerplanGoal.objects.prefetch_related(
                    "indicators",
                    "route",
                    "more_goals",
                    Prefetch(
                        "phases",
                        queryset=GoalPhase.objects.select_related("dimension", "level").order_by(
                            "dimension__position"
                        ),
                    ),
                ),
            ),
            Prefetch(
                "approvals",
                queryset=LeerplanApproval.objects.select_related("decided_by", "version"),
            ),
            Prefetch(
                "versions",
                queryset=LeerplanVersion.objects.only(
                    "pk", "leerplan_id", "number", "submitted_at", "text"
                ),
            ),
        )
        .first()
    )


class GoalStatus:
    EMPTY = "leeg"
    STARTED = "begonnen"
    DONE = "uitgewerkt"


def _filled(value) -> bool:
    return bool(str(value or "").strip())


def goal_missing_parts(goal: LeerplanGoal | None) -> list[str]:
    """The keys of REQUIRED_PARTS this goal still lacks, in the handbook's order. Reads the
    goal's route and phases (prefetch them when asking for many goals)."""
    if goal is None:
        return list(REQUIRED_PARTS)
    present = {
        "why": _filled(goal.why),
        "goal": _filled(goal.goal),
        "activities": _filled(goal.activities) or bool(goal.route.all()),
        "satisfied": bool(goal.phases.all())
        or any(
            _filled(getattr(goal, f))
            for f in ("satisfied_when", "maat_onvoldoende", "maat_voldoende", "maat_goed")
        ),
    }
    return [key for key in REQUIRED_PARTS if not present[key]]


def _goal_has_content(goal: LeerplanGoal | None) -> bool:
    if goal is None:
        return False
    return bool(
        any(_filled(getattr(goal, f)) for f in GOAL_FIELDS)
        or goal.more_goals.all()
        or goal.indicators.all()
        or goal.route.all()
        or goal.phases.all()
    )


@dataclass
class OutcomeProgress:
    """One outcome of the leerplan: its saved goal, how far it is worked out and what the
    handbook still asks for."""

    placement_outcome: PlacementOutcome
    goal: LeerplanGoal | None
    missing: list[str]
    status: str

    @property
    def missing_labels(self) -> list[str]:
        return [str(REQUIRED_PARTS[key]) for key in self.missing]

    @property
    def chosen_indicators(self) -> set[int]:
        return {i.pk for i in self.goal.indicators.all()} if self.goal else set()


@dataclass
class LeerplanProgress:
    outcomes: list[OutcomeProgress]

    @property
    def done(self) -> int:
        return sum(1 for o in self.outcomes if o.status == GoalStatus.DONE)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def complete(self) -> bool:
        return self.done == self.total


def leerplan_progress(
    leerplan: Leerplan | None, outcomes: list[PlacementOutcome]
) -> LeerplanProgress:
    """Per outcome (in the placement's order) its status, leeg / begonnen / uitgewerkt, and
    what is missing; from the goals leerplan_of prefetched, without further queries."""
    goals = {g.placement_outcome_id: g for g in leerplan.goals.all()} if leerplan else {}
    rows = []
    for po in outcomes:
        goal = goals.get(po.pk)
        missing = goal_missing_parts(goal)
        if not missing:
            status = GoalStatus.DONE
        elif _goal_has_content(goal):
            status = GoalStatus.STARTED
        else:
            status = GoalStatus.EMPTY
        rows.append(OutcomeProgress(po, goal, missing, status))
    return LeerplanProgress(rows)


def startgesprek_of(placement: Placement) -> Conversation | None:
    """The placement's startgesprek, or None when its cycle has none (one query)."""
    return Conversation.objects.filter(
        placement=placement, kind=ConversationKind.STARTGESPREK
    ).first()


def leerplan_versions_of(placement: Placement) -> list[LeerplanVersion]:
    """Every submitted version of the placement's leerplan, oldest first, with its decisions."""
    return list(
        LeerplanVersion.objects.filter(leerplan__placement=placement)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("decisions", queryset=LeerplanApproval.objects.select_related("decided_by"))
        )
        .order_by("number")
    )


def approved_version(decisions: list[LeerplanApproval], *, at=None) -> LeerplanVersion | None:
    """The version that held: the one approved last (before `at`, when given), from
    decisions with their version loaded. A plan reopened at the tussenevaluatie keeps this
    version until a newer one is approved."""
    approved = [
        d
        for d in decisions
        if d.decision == ApprovalDecision.APPROVED
        and d.version_id is not None
        and (at is None or d.decided_at <= at)
    ]
    return max(approved, key=lambda d: d.decided_at).version if approved else None


def approval_held(placement: Placement, *, at=None) -> LeerplanApproval | None:
    """The approval of the leerplan version that held for this placement at `at` (now when
    None): the last approval by then, with its version (without its text); one query."""
    approvals = LeerplanApproval.objects.filter(
        leerplan__placement=placement,
        decision=ApprovalDecision.APPROVED,
        version__isnull=False,
    )
    if at is not None:
        approvals = approvals.filter(decided_at__lte=at)
    return (
        approvals.select_related("version", "decided_by")
        .defer("version__snapshot", "version__text")
        .order_by("-decided_at")
        .first()
    )


def has_tussenevaluatie(placement: Placement) -> bool:
    """Whether the placement's cycle has a tussenevaluatie, where the plan is adjusted."""
    return Conversation.objects.filter(
        placement=placement, kind=ConversationKind.TUSSENEVALUATIE
    ).exists()


def answer_token(leerplan: Leerplan | None) -> str:
    """A fingerprint of the guides' answer as it was shown, so a concurrent answer by the
    other guide is noticed instead of overwritten."""
    texts = [getattr(leerplan, f) if leerplan is not None else "" for f in ANSWER_FIELDS]
    return hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]


# In the version text the explanation follows the phases under the same heading.
TEXT_LABELS = {"satisfied_when": "Toelichting bij de tabel"}


def field_label(model, name: str) -> str:
    return TEXT_LABELS.get(name) or capfirst(str(model._meta.get_field(name).verbose_name))


def leerplan_snapshot(leerplan: Leerplan) -> dict:
    """Everything the student wrote, as plain data (for the frozen version and its text)."""
    goals = {
        g.placement_outcome_id: g
        for g in leerplan.goals.prefetch_related(
            "route",
            "more_goals",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("dimension").order_by(
                    "dimension__position", "position"
                ),
            ),
            Prefetch(
                "phases",
                queryset=GoalPhase.objects.select_related("dimension", "level").order_by(
                    "dimension__position"
                ),
            ),
        )
    }
    rows = []
    for po in leerplan.placement.outcomes.select_related("outcome", "subject_outcome"):
        goal = goals.get(po.pk) or LeerplanGoal(placement_outcome=po)
        saved = goal.pk is not None
        rows.append(
            {
                "placement_outcome": po.pk,
                "outcome": str(po),
                **{f: getattr(goal, f) for f in GOAL_FIELDS},
                "indicators": [
                    {"id": i.pk, "dimension": i.dimension.name, "text": i.text}
                    for i in (goal.indicators.all() if saved else [])
                ],
                "route": [
                    {
                        "kind": r.kind,
                        "kind_label": str(LeerrouteKind(r.kind).label),
                        "description": r.description,
                        "origin": r.origin,
                        "origin_label": str(LeerrouteOrigin(r.origin).label),
                    }
                    for r in (goal.route.all() if saved else [])
                ],
                "more_goals": [
                    {f: getattr(line, f) for f in LINE_FIELDS}
                    for line in (goal.more_goals.all() if saved else [])
                ],
                "phases": [
                    {
                        "dimension_id": p.dimension_id,
                        "dimension": p.dimension.name,
                        "level_id": p.level_id,
                        "level": p.level.name,
                    }
                    for p in (goal.phases.all() if saved else [])
                ],
            }
        )
    return {
        "wishes": {f: getattr(leerplan, f) for f in WISH_FIELDS},
        "guides_answer": leerplan.guides_answer,
        "mentor_pitch": {f: getattr(leerplan, f) for f in PITCH_FIELDS},
        "goals": rows,
    }


def _text_lines(label: str, value) -> list[str]:
    """'Label: first line' and every further line indented, so a diff shows what changed."""
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()
    lines = text.split("\n") if text else ["—"]
    return [f"{label}: {lines[0]}", *(f"    {line}" for line in lines[1:])]


def leerplan_text(snapshot: dict) -> str:
    """A readable plain-text rendering of a snapshot, one fact per line, used for diffs."""
    with translation.override("nl"):
        out = []
        for goal in snapshot["goals"]:
            out += [f"== {goal['outcome']} ==", ""]
            for name in ("why", "goal"):
                out += _text_lines(field_label(LeerplanGoal, name), goal[name])
            out.append("Indicatoren uit het kijkkader:")
            out += [f"  - {i['dimension']}: {i['text']}" for i in goal["indicators"]] or ["  —"]
            for name in (
                "scale_now",
                "scale_because",
                "scale_not_higher",
                "scale_not_lower",
                "scale_target",
                "scale_target_means",
            ):
                out += _text_lines(field_label(LeerplanGoal, name), goal[name])
            # Versions before several goals per outcome have no "more_goals".
            for n, line in enumerate(goal.get("more_goals", []), start=2):
                out += _text_lines(f"Leerdoel {n}", line["text"])
                for name in LINE_FIELDS[1:]:
                    label = field_label(LeerdoelLine, name)
                    out += [f"  {text}" for text in _text_lines(label, line[name])]
            out += _text_lines(field_label(LeerplanGoal, "activities"), goal["activities"])
            out.append("Leerroute:")
            out += [
                f"  - {r['kind_label']} ({r['origin_label'].lower()}): {r['description']}"
                for r in goal["route"]
            ] or ["  —"]
            out.append("Wanneer zijn we tevreden (complexe beroepsvaardigheden):")
            out += [f"  - {p['dimension']}: {p['level']}" for p in goal["phases"]] or ["  —"]
            for name in (
                "satisfied_when",
                "maat_onvoldoende",
                "maat_voldoende",
                "maat_goed",
                "expected_product",
            ):
                out += _text_lines(field_label(LeerplanGoal, name), goal[name])
            out.append("")
        out += ["== Begeleiding ==", ""]
        for name in WISH_FIELDS:
            out += _text_lines(field_label(Leerplan, name), snapshot["wishes"][name])
        pitch = snapshot.get("mentor_pitch")
        if pitch is not None:  # versions before the mentor's pitch had its own fields
            for name in PITCH_FIELDS:
                out += _text_lines(field_label(Leerplan, name), pitch[name])
        out += _text_lines(field_label(Leerplan, "guides_answer"), snapshot["guides_answer"])
    return "\n".join(out) + "\n"


# Comparing versions --------------------------------------------------------------------------
@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class DiffHunk:
    section: str  # the outcome (or "Begeleiding") the change is in
    lines: list[DiffLine]


def _section_at(lines: list[str], index: int) -> str:
    for line in reversed(lines[: index + 1]):
        if line.startswith("== ") and line.endswith(" =="):
            return line[3:-3]
    return ""


def version_diff(old: str, new: str, *, context: int = 2) -> list[DiffHunk]:
    """The lines that differ between two version texts, in hunks with a little context and
    the section they are in. An empty list means the texts are the same."""
    a, b = old.splitlines(), new.splitlines()
    hunks = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        changes = [op for op in group if op[0] != "equal"]
        if not changes:
            continue  # identical texts come back as one unchanged group
        lines = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", line) for line in a[i1:i2]]
                continue
            lines += [DiffLine("removed", line) for line in a[i1:i2]]
            lines += [DiffLine("added", line) for line in b[j1:j2]]
        hunks.append(DiffHunk(_section_at(b, changes[0][3]), lines))
    return hunks
