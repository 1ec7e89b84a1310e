"""Reads of the assessment procedure: the judgement that counts and who takes part."""

from apps.accounts.models import User
from apps.cycle.models import (
    Disagreement,
    DisagreementStatus,
    FormEntry,
)
from apps.placements.models import (
    Placement,
)


def placement_of(entry: FormEntry) -> Placement:
    return entry.version.form.conversation.placement


def effective_judgement(entry: FormEntry, disagreements: list[Disagreement]) -> str:
    """The judgement that counts: the outcome of the last resolved disagreement, if any."""
    resolved = [d for d in disagreements if d.status != DisagreementStatus.OPEN]
    return resolved[-1].final_judgement if resolved else entry.judgement


def disagreement_participants(disagreement: Disagreement) -> list[User]:
    placement = placement_of(disagreement.entry)
    people = [placement.werkplekbegeleider, placement.schoolopleider, placement.instituutsopleider]
    return [p for p in {p.pk: p for p in [*people, disagreement.raised_by] if p}.values()]
