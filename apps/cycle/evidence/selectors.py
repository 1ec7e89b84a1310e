"""Reading evidence for pages: each a fixed number of queries, whatever the number of items."""

from collections import defaultdict

from apps.cycle.evidence.access import EVIDENCE_RELATED, evidence_visible_to
from apps.cycle.evidence.targets import TARGETS, where
from apps.cycle.models import Evidence
from apps.placements.models import outcome_order


def evidence_on(user, **target) -> list[Evidence]:
    """The evidence on one target (`log=log`, `observation=observation`) that this person
    may see (one query)."""
    return list(evidence_visible_to(user).filter(**target).select_related(*EVIDENCE_RELATED))


def evidence_by_entry_outcome(user, form) -> dict[int, list[Evidence]]:
    """The evidence on the self-reflections of a form (any of its versions), per placement
    outcome: a correction shows what was attached to the version it corrects."""
    grouped: dict[int, list[Evidence]] = defaultdict(list)
    rows = evidence_visible_to(user).filter(entry__version__form=form)
    for evidence in rows.select_related(*EVIDENCE_RELATED):
        grouped[evidence.placement_outcome_id].append(evidence)
    return grouped


def evidence_by_goal(user, leerplan) -> dict[int, list[Evidence]]:
    """The evidence on the leerplan's goals, per goal."""
    grouped: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in evidence_visible_to(user).filter(goal__leerplan=leerplan):
        grouped[evidence.goal_id].append(evidence)
    return grouped


def _outcomes_of_targets(placement) -> dict[int, set[int]]:
    """Per piece of evidence on a target that names several outcomes (a lesson observation:
    the outcomes of the indicators seen), those outcomes; one query per such target."""
    found: dict[int, set[int]] = defaultdict(set)
    for target in TARGETS.values():
        if target.outcomes is None:
            continue
        pairs = Evidence.objects.filter(
            placement=placement, **{f"{target.field}__isnull": False}
        ).values_list("pk", f"{target.field}__{target.outcomes}")
        for pk, outcome_id in pairs:
            if outcome_id is not None:
                found[pk].add(outcome_id)
    return found


def evidence_per_outcome(user, placement) -> list[tuple[object, list[Evidence]]]:
    """The placement's evidence this person may see, per learning outcome in the handbook's
    order, then what names no outcome (three queries). Evidence on a lesson observation shows
    under each outcome the observation saw indicators of; each piece knows where it hangs
    (`where`)."""
    outcomes = list(
        placement.outcomes.select_related("outcome", "subject_outcome").order_by(*outcome_order())
    )
    several = _outcomes_of_targets(placement)
    grouped: dict[int | None, list[Evidence]] = defaultdict(list)
    rows = evidence_visible_to(user).filter(placement=placement).select_related(*EVIDENCE_RELATED)
    for evidence in rows:
        evidence.where = where(evidence)
        for outcome_id in several.get(evidence.pk) or [evidence.placement_outcome_id]:
            grouped[outcome_id].append(evidence)
    sections = [(po, grouped.get(po.pk, [])) for po in outcomes]
    return sections + [(None, grouped.get(None, []))]
