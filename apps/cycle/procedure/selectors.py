"""Reads of the assessment procedure: the judgement that counts, who takes part, and who
decides (handbook ch.2: the opleider holds the dialogue, the instituutsopleider decides)."""

from datetime import date, timedelta

from django.db.models import Q

from apps.accounts.models import Role, User
from apps.cycle.access import is_institute_assessor
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


def add_working_days(day: date, days: int) -> date:
    """`days` working days (Monday to Friday) after `day`. Holidays are not known here."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def effective_judgement(entry: FormEntry, disagreements: list[Disagreement]) -> str:
    """The judgement that counts: the outcome of the last resolved disagreement, if any. The
    werkplekbegeleider's judgement stands while the dialogue runs or waits for a decision."""
    resolved = [d for d in disagreements if d.status != DisagreementStatus.OPEN]
    return resolved[-1].final_judgement if resolved else entry.judgement


def may_raise_doubt(user: User, placement: Placement) -> bool:
    """The opleider of the institute (assessor) or the instituutsopleider puts a judgement in
    doubt."""
    return placement.is_opleider(user) or is_institute_assessor(user, placement)


def dialogue_side(user: User, disagreement: Disagreement) -> bool:
    """One of the two sides of the collegial dialogue: who raised the doubt and the opleider,
    or the werkplekbegeleider and schoolopleider."""
    placement = placement_of(disagreement.entry)
    return user.pk in {
        disagreement.raised_by_id,
        placement.opleider_id,
        placement.werkplekbegeleider_id,
        placement.schoolopleider_id,
    } - {None}


def may_decide(user: User, disagreement: Disagreement) -> bool:
    """The final decision: an instituutsopleider of the placement (its own, or one given
    access) who neither raised the doubt nor held the dialogue as the opleider, and only once
    brought in."""
    placement = placement_of(disagreement.entry)
    return (
        disagreement.is_escalated
        and disagreement.status == DisagreementStatus.OPEN
        and user.pk not in {disagreement.raised_by_id, placement.opleider_id}
        and is_institute_assessor(user, placement)
    )


def arbiters(disagreement: Disagreement) -> list[User]:
    """Who is asked to decide: the placement's instituutsopleider, unless they raised the doubt
    (or hold the dialogue); then the instituutsopleiders given access to the placement; failing
    those, the praktijkbureau, who gives another instituutsopleider access."""
    placement = placement_of(disagreement.entry)
    excluded = {disagreement.raised_by_id, placement.opleider_id}
    if placement.instituutsopleider_id and placement.instituutsopleider_id not in excluded:
        return [placement.instituutsopleider]
    others = list(
        User.objects.filter(
            extra_placement_access__placement=placement,
            role_memberships__role=Role.INSTITUUTSOPLEIDER,
            is_active=True,
        )
        .exclude(pk__in=excluded - {None})
        .distinct()
    )
    if others:
        return others
    return list(
        User.objects.filter(
            Q(is_superuser=True) | Q(role_memberships__role=Role.ADMIN), is_active=True
        ).distinct()
    )


def disagreement_participants(disagreement: Disagreement) -> list[User]:
    """The dialogue: who raised the doubt, the opleider, werkplekbegeleider and schoolopleider;
    the instituutsopleider too once brought in."""
    placement = placement_of(disagreement.entry)
    people = [
        disagreement.raised_by,
        placement.opleider,
        placement.werkplekbegeleider,
        placement.schoolopleider,
    ]
    if disagreement.is_escalated:
        people.append(placement.instituutsopleider)
    return [p for p in {p.pk: p for p in people if p}.values()]
