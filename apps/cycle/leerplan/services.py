"""The persoonlijk leerplan and the startgesprek.

The student prepares, per outcome of the placement, why it matters, the goal (with the
kijkkader indicators it is about), the schaalvraag, the leerroute and when we are satisfied
(the complexe beroepsvaardigheden table and de maat), plus their guidance wishes. After the
startgesprek they submit it: the plan is frozen as a numbered LeerplanVersion and the
werkplekbegeleider (or the schoolopleider in their place) approves it or returns it with
comments. Every submitted version is kept and two versions can be compared line by line.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.accounts.services import notify
from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.leerplan.selectors import (
    ANSWER_FIELDS,
    EDITABLE,
    GOAL_FIELDS,
    LINE_FIELDS,
    PHASE_RUBRIC_SLUG,
    PITCH_FIELDS,
    REQUIRED_PARTS,
    SCALE_FIELDS,
    WISH_FIELDS,
    answer_token,
    field_label,
    goal_missing_parts,
    leerplan_snapshot,
    leerplan_text,
)
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
    LeerrouteItem,
)
from apps.outcomes.models import Indicator
from apps.placements.models import Placement, PlacementOutcome
from apps.rubrics.models import RubricDimension, RubricLevel


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


def _check_scales(values: dict) -> None:
    for name in SCALE_FIELDS:
        value = values.get(name)
        if value is not None and not 1 <= value <= 100:
            raise CycleError(
                _("%(label)s: kies een getal van 1 tot en met 100.")
                % {"label": field_label(LeerplanGoal, name)}
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
        or values.get("more_goals")
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
    if "more_goals" in values:
        _save_more_goals(goal, values["more_goals"])
    if "route" in values:
        _save_route(goal, values["route"])
    if "phases" in values:
        _save_phases(goal, values["phases"])


def _save_more_goals(goal: LeerplanGoal, lines: list[dict]) -> None:
    """Replace the goal's further leerdoelen by `lines` (LINE_FIELDS each), in this order; each
    has its own schaalvraag line (co-design tool: "Ieder leerdoel wordt op een aparte lijn
    ingeschaald")."""
    items = []
    for n, line in enumerate(lines, start=2):
        _check_scales(line)
        item = LeerdoelLine(goal=goal, position=n, **{f: line.get(f) for f in LINE_FIELDS})
        for name in LINE_FIELDS:
            if getattr(item, name) is None and name not in SCALE_FIELDS:
                setattr(item, name, "")
        if not item.text.strip():
            raise CycleError(_("Beschrijf elk leerdoel, of maak de rij leeg."))
        _full_clean(item, exclude=["goal", "position"])
        items.append(item)
    current = [tuple(getattr(i, f) for f in LINE_FIELDS) for i in goal.more_goals.all()]
    if current == [tuple(getattr(i, f) for f in LINE_FIELDS) for i in items]:
        return
    goal.more_goals.all().delete()
    LeerdoelLine.objects.bulk_create(items)


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
    of {kind, description, origin}), `more_goals` (further leerdoelen under the outcome, a
    list of LINE_FIELDS, each with its own schaalvraag) and `phases` ({dimension pk: level pk}
    of the complexe beroepsvaardigheden table). Keys left out stay as they are. A save on a stale
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
        for g in leerplan.goals.prefetch_related("route", "phases", "more_goals").filter(
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


def _tussenevaluatie(placement: Placement) -> Conversation | None:
    return Conversation.objects.filter(
        placement=placement, kind=ConversationKind.TUSSENEVALUATIE
    ).first()


@transaction.atomic
def leerplan_reopen(*, by: User, placement: Placement, lock_version: int) -> Leerplan:
    """At the tussenevaluatie the approved plan reopens for the second part of the placement.

    Handbook 3.4: "Doelen worden bijgesteld voor het tweede deel van het leren in de praktijk.
    Dezelfde systematiek als bij het startgesprek wordt gehanteerd door de begeleiders." The
    student or a guide (werkplekbegeleider, schoolopleider) reopens it; the plan becomes a
    concept again, the student adjusts it and submits it as a new version, which is approved
    again. The approved versions are frozen and stay as they are; the one approved last holds
    until a newer one is approved. Only an approved plan of a placement with a tussenevaluatie
    reopens; a stale `lock_version` raises StaleEdit."""
    if not (placement.is_student(by) or placement.is_assessor(by)):
        raise CycleError(
            _(
                "Alleen de student, de werkplekbegeleider of de schoolopleider stelt het "
                "leerplan bij."
            )
        )
    if _tussenevaluatie(placement) is None:
        raise CycleError(
            _("Het leerplan wordt bijgesteld bij de tussenevaluatie; die is er nog niet.")
        )
    claimed = Leerplan.objects.filter(
        placement=placement, status=LeerplanStatus.APPROVED, lock_version=lock_version
    ).update(lock_version=F("lock_version") + 1, status=LeerplanStatus.DRAFT)
    leerplan = Leerplan.objects.filter(placement=placement).first()
    if not claimed:
        if leerplan is None or leerplan.status != LeerplanStatus.APPROVED:
            raise CycleError(_("Alleen een goedgekeurd leerplan kan worden bijgesteld."))
        raise StaleEdit(
            "Het leerplan is intussen gewijzigd. Laad de pagina opnieuw.",
            current=_current_values(leerplan),
        )
    # The update above skipped the history; record who reopened it.
    leerplan._history_user = by
    leerplan.save(update_fields=["status"])
    recipients = [_assessor(placement)] if placement.is_student(by) else [placement.student.user]
    notify(
        recipients=recipients,
        message=lambda: (
            _(
                "%(full_name)s heeft het persoonlijk leerplan heropend om de doelen bij te "
                "stellen voor het tweede deel van de stage."
            )
            % {"full_name": by.full_name}
        ),
        url=reverse("cycle:leerplan", args=[placement.pk]),
    )
    return leerplan


@transaction.atomic
def leerplan_answer(
    *, by: User, placement: Placement, answer: str, seen: str, pitch: dict | None = None
) -> Leerplan:
    """The werkplekbegeleider or schoolopleider writes the mentor's pitch (PITCH_FIELDS, beside
    the student's: co-design tool sessie 3, "De mentor schetst tijdens zijn pitch een beeld van
    zijn begeleiding") and answers the student's guidance wishes.

    `seen` is the answer_token of the pitch and answer as they were shown; when the other guide
    changed them in between, StaleEdit carries their text. The student's own edits do not
    interfere. Keys left out of `pitch` stay as they are."""
    if not placement.is_assessor(by):
        raise CycleError(_("Alleen de werkplekbegeleider of de schoolopleider beantwoordt dit."))
    leerplan = Leerplan.objects.filter(placement=placement).first()
    if leerplan is None:
        raise CycleError(_("De student heeft nog geen leerplan opgeslagen."))
    if leerplan.status == LeerplanStatus.APPROVED:
        raise CycleError(_("Het leerplan is goedgekeurd en kan niet meer worden gewijzigd."))
    values = {
        "guides_answer": answer,
        **{f: v for f, v in (pitch or {}).items() if f in PITCH_FIELDS},
    }
    # Compare and set: the update only matches while the texts are still the ones we read.
    claimed = Leerplan.objects.filter(
        pk=leerplan.pk, **{f: getattr(leerplan, f) for f in ANSWER_FIELDS}
    )
    if answer_token(leerplan) != seen or not claimed.update(guides_answered_by=by):
        leerplan.refresh_from_db()
        who = leerplan.guides_answered_by.full_name if leerplan.guides_answered_by else "Iemand"
        raise StaleEdit(
            f"{who} heeft intussen ook een antwoord opgeslagen. Jouw tekst staat hieronder nog; "
            "vergelijk en sla opnieuw op.",
            current={f: getattr(leerplan, f) for f in ANSWER_FIELDS},
        )
    for name, value in values.items():
        setattr(leerplan, name, value)
    leerplan.guides_answered_by = by
    leerplan._history_user = by
    _full_clean(leerplan)
    leerplan.save(update_fields=[*values, "guides_answered_by"])
    notify(
        recipients=[placement.student.user],
        message=lambda: (
            _("%(full_name)s heeft je begeleidingsvragen in je leerplan beantwoord.")
            % {"full_name": by.full_name}
        ),
        url=reverse("cycle:leerplan", args=[placement.pk]),
    )
    return leerplan
