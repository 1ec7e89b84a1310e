"""The persoonlijk leerplan and the startgesprek.

The student prepares, per outcome of the placement, why it matters, the goal (with the
kijkkader indicators it is about), the schaalvraag, the leerroute and when we are satisfied
(the complexe beroepsvaardigheden table and de maat), plus their guidance wishes. After the
startgesprek they submit it: the plan is frozen as a numbered LeerplanVersion and the
werkplekbegeleider (or the schoolopleider in their place) approves it or returns it with
comments. Every submitted version is kept and two versions can be compared line by line.
"""

import difflib
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.accounts.services import notify
from apps.cycle.models import (
    ApprovalDecision,
    Conversation,
    ConversationKind,
    GoalPhase,
    Leerplan,
    LeerplanApproval,
    LeerplanGoal,
    LeerplanStatus,
    LeerplanVersion,
    LeerrouteItem,
    LeerrouteKind,
    LeerrouteOrigin,
)
from apps.cycle.services import CycleError, StaleEdit
from apps.outcomes.models import Indicator, KijkkaderDimension
from apps.placements.models import Placement, PlacementOutcome
from apps.rubrics.models import Rubric, RubricDimension, RubricKind, RubricLevel

PHASE_RUBRIC_SLUG = "complexe-beroepsvaardigheden"
EDITABLE = (LeerplanStatus.DRAFT, LeerplanStatus.RETURNED)
WISH_FIELDS = ("qualities", "pitfalls", "expectations", "help_wanted")
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
                    "pk", "leerplan_id", "number", "submitted_at"
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


def answer_token(leerplan: Leerplan | None) -> str:
    """A fingerprint of the guides' answer as it was shown, so a concurrent answer by the
    other guide is noticed instead of overwritten."""
    text = leerplan.guides_answer if leerplan is not None else ""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Writing -------------------------------------------------------------------------------------


def _history_author(leerplan: Leerplan) -> User | None:
    """Who saved this leerplan last, from the history of the plan and its goals."""
    candidates = [
        Leerplan.history.filter(id=leerplan.pk).order_by("-history_date").first(),
        LeerplanGoal.history.filter(leerplan_id=leerplan.pk).order_by("-history_date").first(),
    ]
    candidates = [c for c in candidates if c is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda c: c.history_date).history_user


def _current_values(leerplan: Leerplan) -> dict:
    return {
        "wishes": {f: getattr(leerplan, f) for f in WISH_FIELDS},
        "goals": {
            g.placement_outcome_id: {f: getattr(g, f) for f in GOAL_FIELDS}
            for g in leerplan.goals.all()
        },
    }


def _claim(placement: Placement, lock_version: int, *, by: User) -> Leerplan:
    """Bump the plan's edit counter, or refuse: after submission the plan cannot change, and
    when someone (or this person in another window) saved in between, StaleEdit carries the
    saved text so the view can show it next to what this person typed."""
    updated = Leerplan.objects.filter(
        placement=placement, lock_version=lock_version, status__in=EDITABLE
    ).update(lock_version=F("lock_version") + 1)
    fresh = Leerplan.objects.get(placement=placement)
    if updated:
        return fresh
    if fresh.status not in EDITABLE:
        raise CycleError(
            _("Je leerplan is %(status)s en kan nu niet worden gewijzigd.")
            % {"status": fresh.get_status_display().lower()}
        )
    author = _history_author(fresh)
    if author is None or author.pk == by.pk:
        message = "Je hebt je leerplan intussen in een ander venster opgeslagen."
    else:
        message = f"{author.full_name} heeft het leerplan opgeslagen terwijl jij het bewerkte."
    raise StaleEdit(
        message + " Jouw tekst staat hieronder nog; vergelijk met de opgeslagen tekst en sla "
        "opnieuw op.",
        current=_current_values(fresh),
    )


def _leerplan_for_write(placement: Placement, by: User) -> None:
    """Make sure the placement has a leerplan row (the first save creates it)."""
    if Leerplan.objects.filter(placement=placement).exists():
        return
    leerplan = Leerplan(placement=placement)
    leerplan._history_user = by
    try:
        with transaction.atomic():
            leerplan.save()
    except IntegrityError:
        pass  # created at the same moment elsewhere; the lock check decides who wins


# In the version text the explanation follows the phases under the same heading.
TEXT_LABELS = {"satisfied_when": "Toelichting bij de tabel"}


def _label(model, name: str) -> str:
    return TEXT_LABELS.get(name) or capfirst(str(model._meta.get_field(name).verbose_name))


def _check_scales(values: dict) -> None:
    for name in SCALE_FIELDS:
        value = values.get(name)
        if value is not None and not 1 <= value <= 100:
            raise CycleError(
                _("%(label)s: kies een getal van 1 tot en met 100.")
                % {"label": _label(LeerplanGoal, name)}
            )


def _full_clean(obj, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise CycleError(" ".join(exc.messages)) from exc


def _has_content(values: dict) -> bool:
    return bool(
        any(str(values.get(f) or "").strip() for f in GOAL_FIELDS)
        or values.get("indicators")
        or values.get("route")
        or values.get("phases")
    )


def _save_goal(*, by: User, goal: LeerplanGoal, values: dict, allowed_indicators: set[int]):
    """Write one goal: texts and scale (kept in history), indicators, leerroute and phases."""
    _check_scales(values)
    dirty = [f for f in GOAL_FIELDS if f in values and getattr(goal, f) != values[f]]
    for name in dirty:
        setattr(goal, name, values[name])
    if dirty or goal.pk is None:
        goal._history_user = by
        _full_clean(goal, exclude=["leerplan", "placement_outcome"])
        if goal.pk is None:
            goal.save()
        else:
            goal.save(update_fields=dirty)
    if "indicators" in values:
        wanted = set(values["indicators"])
        if not wanted <= allowed_indicators:
            raise CycleError(
                _("Deze indicator hoort niet bij het kijkkader van deze leeruitkomst.")
            )
        goal.indicators.set(wanted)
    if "route" in values:
        _save_route(goal, values["route"])
    if "phases" in values:
        _save_phases(goal, values["phases"])


def _save_route(goal: LeerplanGoal, steps: list[dict]) -> None:
    """Replace the goal's leerroute by `steps` (kind, description, origin), in this order."""
    items = [
        LeerrouteItem(
            goal=goal,
            position=n,
            kind=step["kind"],
            description=step["description"].strip(),
            origin=step["origin"],
        )
        for n, step in enumerate(steps, start=1)
    ]
    current = [(i.kind, i.description, i.origin) for i in goal.route.all()]
    if current == [(i.kind, i.description, i.origin) for i in items]:
        return
    for item in items:
        if not item.description:
            raise CycleError(_("Beschrijf elke stap in de leerroute."))
        _full_clean(item, exclude=["goal", "position"])
    goal.route.all().delete()
    LeerrouteItem.objects.bulk_create(items)


def _save_phases(goal: LeerplanGoal, phases: dict[int, int]) -> None:
    """Set the phase aimed for per dimension of the complexe beroepsvaardigheden table."""
    if phases:
        levels = dict(
            RubricLevel.objects.filter(
                rubric__slug=PHASE_RUBRIC_SLUG, pk__in=phases.values()
            ).values_list("pk", "rubric_id")
        )
        dimensions = set(
            RubricDimension.objects.filter(
                rubric__slug=PHASE_RUBRIC_SLUG, role__isnull=True, pk__in=phases.keys()
            ).values_list("pk", flat=True)
        )
        if set(phases) - dimensions or set(phases.values()) - set(levels):
            raise CycleError(_("Kies een fase uit de tabel complexe beroepsvaardigheden."))
    current = {p.dimension_id: p.level_id for p in goal.phases.all()}
    if current == phases:
        return
    goal.phases.all().delete()
    GoalPhase.objects.bulk_create(
        [GoalPhase(goal=goal, dimension_id=d, level_id=lv) for d, lv in phases.items()]
    )


@transaction.atomic
def leerplan_save(
    *,
    by: User,
    placement: Placement,
    lock_version: int,
    wishes: dict | None = None,
    goals: dict[int, dict] | None = None,
) -> Leerplan:
    """The student saves their leerplan as a draft, as often as they like.

    `wishes` holds the guidance wishes (WISH_FIELDS); `goals` maps a placement outcome's pk to
    its values: GOAL_FIELDS, `indicators` (pks from the outcome's kijkkader), `route` (a list
    of {kind, description, origin}) and `phases` ({dimension pk: level pk} of the complexe
    beroepsvaardigheden table). Keys left out stay as they are. A save on a stale
    `lock_version` raises StaleEdit; a submitted or approved plan raises CycleError.
    """
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student schrijft het persoonlijk leerplan."))
    _leerplan_for_write(placement, by)
    leerplan = _claim(placement, lock_version, by=by)

    wishes = wishes or {}
    dirty = [f for f in WISH_FIELDS if f in wishes and getattr(leerplan, f) != wishes[f]]
    if dirty:
        for name in dirty:
            setattr(leerplan, name, wishes[name])
        leerplan._history_user = by
        _full_clean(leerplan)
        leerplan.save(update_fields=dirty)

    goals = goals or {}
    outcomes = {po.pk: po for po in placement.outcomes.all()}
    if set(goals) - set(outcomes):
        raise CycleError(_("Deze leeruitkomst hoort niet bij deze stage."))
    existing = {
        g.placement_outcome_id: g
        for g in leerplan.goals.prefetch_related("route", "phases").filter(
            placement_outcome_id__in=goals
        )
    }
    allowed = set(
        Indicator.objects.filter(
            dimension__outcome_id__in=[po.outcome_id for po in outcomes.values()]
        ).values_list("pk", "dimension__outcome_id")
    )
    for po_id, values in goals.items():
        goal = existing.get(po_id)
        if goal is None:
            if not _has_content(values):
                continue  # no empty rows: an untouched outcome stays free for maatwerk changes
            goal = LeerplanGoal(leerplan=leerplan, placement_outcome=outcomes[po_id])
        own = {pk for pk, outcome_id in allowed if outcome_id == outcomes[po_id].outcome_id}
        _save_goal(by=by, goal=goal, values=values, allowed_indicators=own)
    return leerplan


def leerplan_goal_save(
    *,
    by: User,
    placement: Placement,
    placement_outcome: PlacementOutcome,
    lock_version: int,
    values: dict,
) -> Leerplan:
    """The student saves one outcome of their leerplan (one step of the page), leaving the
    other outcomes and the guidance wishes as they are. `values` as one entry of
    leerplan_save's `goals`; a stale `lock_version` raises StaleEdit."""
    if placement_outcome.placement_id != placement.pk:
        raise CycleError(_("Deze leeruitkomst hoort niet bij deze stage."))
    return leerplan_save(
        by=by,
        placement=placement,
        lock_version=lock_version,
        goals={placement_outcome.pk: values},
    )


def leerplan_snapshot(leerplan: Leerplan) -> dict:
    """Everything the student wrote, as plain data (for the frozen version and its text)."""
    goals = {
        g.placement_outcome_id: g
        for g in leerplan.goals.prefetch_related(
            "route",
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
                out += _text_lines(_label(LeerplanGoal, name), goal[name])
            out.append("Indicatoren uit het kijkkader:")
            out += [f"  - {i['dimension']}: {i['text']}" for i in goal["indicators"]] or ["  —"]
            for name in (
                "scale_now",
                "scale_because",
                "scale_not_higher",
                "scale_not_lower",
                "scale_target",
                "scale_target_means",
                "activities",
            ):
                out += _text_lines(_label(LeerplanGoal, name), goal[name])
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
                out += _text_lines(_label(LeerplanGoal, name), goal[name])
            out.append("")
        out += ["== Begeleiding ==", ""]
        for name in WISH_FIELDS:
            out += _text_lines(_label(Leerplan, name), snapshot["wishes"][name])
        out += _text_lines(_label(Leerplan, "guides_answer"), snapshot["guides_answer"])
    return "\n".join(out) + "\n"


def _assessor(placement: Placement) -> User | None:
    return placement.werkplekbegeleider or placement.schoolopleider


@transaction.atomic
def leerplan_submit(
    *,
    by: User,
    placement: Placement,
    lock_version: int,
    wishes: dict | None = None,
    goals: dict[int, dict] | None = None,
) -> LeerplanVersion:
    """After the startgesprek the student submits the plan for approval.

    What they typed (`wishes`, `goals`, as in leerplan_save) is saved first, in the same
    transaction: when submitting is refused nothing changes. Submitting needs every outcome
    worked out as the handbook asks (REQUIRED_PARTS: why, goal, activities, when satisfied);
    the refusal names what is missing per outcome. The plan is frozen as version n+1 (a JSON
    snapshot and a plain-text rendering), becomes ingediend and the werkplekbegeleider is notified.
    """
    if not placement.is_student(by):
        raise CycleError(_("Alleen de student dient het persoonlijk leerplan in."))
    if wishes is not None or goals is not None:
        leerplan_save(
            by=by, placement=placement, lock_version=lock_version, wishes=wishes, goals=goals
        )
        lock_version = Leerplan.objects.get(placement=placement).lock_version
    elif not Leerplan.objects.filter(placement=placement).exists():
        raise CycleError(_("Schrijf eerst je leerplan."))
    leerplan = _claim(placement, lock_version, by=by)
    goals = {g.placement_outcome_id: g for g in leerplan.goals.prefetch_related("route", "phases")}
    missing = [
        f"{po}: " + ", ".join(str(REQUIRED_PARTS[key]) for key in parts)
        for po in placement.outcomes.all()
        if (parts := goal_missing_parts(goals.get(po.pk)))
    ]
    if missing:
        raise CycleError(
            "Werk eerst elke leeruitkomst uit voordat je het leerplan indient. Nog nodig bij "
            + "; ".join(missing)
            + "."
        )
    snapshot = leerplan_snapshot(leerplan)
    last = leerplan.versions.aggregate(n=Max("number"))["n"] or 0
    version = LeerplanVersion(
        leerplan=leerplan,
        number=last + 1,
        submitted_by=by,
        submitted_at=timezone.now(),
        snapshot=snapshot,
        text=leerplan_text(snapshot),
    )
    _full_clean(version)
    version.save()
    leerplan.status = LeerplanStatus.SUBMITTED
    leerplan._history_user = by
    leerplan.save(update_fields=["status"])
    notify(
        recipients=[_assessor(placement)],
        message=lambda: (
            _(
                "%(full_name)s heeft het persoonlijk leerplan ingediend ter goedkeuring "
                "(versie %(number)s)."
            )
            % {"full_name": by.full_name, "number": version.number}
        ),
        url=reverse("cycle:leerplan", args=[placement.pk]),
    )
    return version


@transaction.atomic
def leerplan_decide(
    *, by: User, placement: Placement, decision: str, comment: str = ""
) -> LeerplanApproval:
    """The werkplekbegeleider (or the schoolopleider in their place) gives the didactic and
    pedagogic approval of the submitted version, or returns it with comments (required). An
    approved plan is read-only; a returned one goes back to the student, who is notified."""
    if not placement.is_assessor(by):
        raise CycleError(
            _("Alleen de werkplekbegeleider of de schoolopleider keurt het leerplan goed.")
        )
    if decision not in ApprovalDecision.values:
        raise CycleError(_("Kies: goedkeuren of teruggeven."))
    comment = comment.strip()
    if decision == ApprovalDecision.RETURNED and not comment:
        raise CycleError(_("Schrijf bij het teruggeven wat de student moet aanpassen."))
    claimed = Leerplan.objects.filter(placement=placement, status=LeerplanStatus.SUBMITTED).update(
        lock_version=F("lock_version") + 1
    )
    if not claimed:
        raise CycleError(_("Alleen een ingediend leerplan kan worden beoordeeld."))
    leerplan = Leerplan.objects.get(placement=placement)
    approval = LeerplanApproval(
        leerplan=leerplan,
        version=leerplan.versions.order_by("-number").first(),
        decided_by=by,
        decision=decision,
        comment=comment,
    )
    _full_clean(approval)
    approval.save()
    approved = decision == ApprovalDecision.APPROVED
    leerplan.status = LeerplanStatus.APPROVED if approved else LeerplanStatus.RETURNED
    leerplan._history_user = by
    leerplan.save(update_fields=["status"])
    notify(
        recipients=[placement.student.user],
        message=lambda: (
            (
                _("%(full_name)s heeft je persoonlijk leerplan goedgekeurd.")
                if approved
                else _("%(full_name)s heeft je persoonlijk leerplan teruggegeven met opmerkingen.")
            )
            % {"full_name": by.full_name}
        ),
        url=reverse("cycle:leerplan", args=[placement.pk]),
    )
    return approval


@transaction.atomic
def leerplan_answer(*, by: User, placement: Placement, answer: str, seen: str) -> Leerplan:
    """The werkplekbegeleider or schoolopleider answers the student's guidance wishes.

    `seen` is the answer_token of the answer as it was shown; when the other guide changed it
    in between, StaleEdit carries their text. The student's own edits do not interfere.
    """
    if not placement.is_assessor(by):
        raise CycleError(_("Alleen de werkplekbegeleider of de schoolopleider beantwoordt dit."))
    leerplan = Leerplan.objects.filter(placement=placement).first()
    if leerplan is None:
        raise CycleError(_("De student heeft nog geen leerplan opgeslagen."))
    if leerplan.status == LeerplanStatus.APPROVED:
        raise CycleError(_("Het leerplan is goedgekeurd en kan niet meer worden gewijzigd."))
    # Compare and set: the update only matches while the answer is still the one we read.
    claimed = Leerplan.objects.filter(pk=leerplan.pk, guides_answer=leerplan.guides_answer)
    if answer_token(leerplan) != seen or not claimed.update(guides_answered_by=by):
        leerplan.refresh_from_db()
        who = leerplan.guides_answered_by.full_name if leerplan.guides_answered_by else "Iemand"
        raise StaleEdit(
            f"{who} heeft intussen ook een antwoord opgeslagen. Jouw tekst staat hieronder nog; "
            "vergelijk en sla opnieuw op.",
            current={"guides_answer": leerplan.guides_answer},
        )
    leerplan.guides_answer = answer
    leerplan.guides_answered_by = by
    leerplan._history_user = by
    _full_clean(leerplan)
    leerplan.save(update_fields=["guides_answer", "guides_answered_by"])
    notify(
        recipients=[placement.student.user],
        message=lambda: (
            _("%(full_name)s heeft je begeleidingsvragen in je leerplan beantwoord.")
            % {"full_name": by.full_name}
        ),
        url=reverse("cycle:leerplan", args=[placement.pk]),
    )
    return leerplan


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
