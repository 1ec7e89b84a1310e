"""Writes on learning outcomes.

An outcome in use (a placement outcome, a form entry's or leerplan goal's indicators, or
anything else pointing at it, its kijkkader dimensions or its indicators) is
never changed in place: `outcome_new_version` copies it with its kijkkader as version n+1, and
what pointed at n keeps pointing at n. A programme's default set is configuration, not use:
it moves on to the new version, so new placements take the current one.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.core.usage import is_referenced, referenced_values
from apps.outcomes.models import Indicator, KijkkaderDimension, LearningOutcome

PARTS = [
    (LearningOutcome, "id"),
    (KijkkaderDimension, "outcome"),
    (Indicator, "dimension__outcome"),
]
# Choosing outcomes for future placements does not use them.
CONFIGURATION = frozenset({"placements.Programme"})


class OutcomeError(Exception):
    """A domain error with a message that can be shown to the user."""


def outcome_is_in_use(outcome: LearningOutcome) -> bool:
    """Whether anything (other than its own parts or a default set) points at the outcome."""
    return is_referenced(PARTS, outcome.pk, ignore=CONFIGURATION)


def outcome_ids_in_use() -> set[int]:
    """The ids of every outcome in use, in one query per relation."""
    return referenced_values(PARTS, ignore=CONFIGURATION)


# The fields a new version copies as they are (everything but identity and version links).
COPIED = [
    f.name
    for f in LearningOutcome._meta.concrete_fields
    if f.name not in {"id", "version", "previous"}
]


@transaction.atomic
def outcome_new_version(*, by: User, outcome: LearningOutcome) -> LearningOutcome:
    """Version n+1 of the current version: the outcome, its kijkkader dimensions and their
    indicators copied; programmes whose default set held n now hold n+1."""
    outcome = LearningOutcome.objects.select_for_update().get(pk=outcome.pk)
    if not outcome.is_current:
        raise OutcomeError(_("Van een oude versie maak je geen nieuwe versie."))
    copy = LearningOutcome(
        **{name: getattr(outcome, name) for name in COPIED},
        version=outcome.version + 1,
        previous=outcome,
    )
    copy.full_clean(exclude=["previous"])
    copy._history_user = by
    copy.save()
    dimensions = list(outcome.dimensions.prefetch_related("indicators"))
    copies = KijkkaderDimension.objects.bulk_create(
        KijkkaderDimension(
            outcome=copy, position=d.position, name=d.name, is_indicative=d.is_indicative
        )
        for d in dimensions
    )
    Indicator.objects.bulk_create(
        Indicator(dimension=new, position=i.position, text=i.text)
        for old, new in zip(dimensions, copies, strict=True)
        for i in old.indicators.all()
    )
    for programme in outcome.programmes.all():
        programme.default_outcomes.remove(outcome)
        programme.default_outcomes.add(copy)
    audit_record(
        actor=by,
        action="outcome_new_version",
        target=copy,
        detail={"code": outcome.code, "from_version": outcome.version},
    )
    return copy
