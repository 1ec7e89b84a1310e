"""Bad states cannot be stored, whatever writes them."""

import pytest
from django.db import IntegrityError, transaction

from apps.placements.models import Period, Placement, PlacementOutcome
from tests.factories import LearningOutcomeFactory, PeriodFactory


def test_period_must_end_after_it_starts(db):
    period = PeriodFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.filter(pk=period.pk).update(end=period.start)


def test_terminated_placement_needs_a_reason(placement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(status="voortijdig_beeindigd")


def test_active_placement_cannot_carry_a_termination_reason(placement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(termination_reason="mismatch")


def test_maatwerk_outcome_needs_a_reason(placement):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementOutcome.objects.create(
            placement=placement, outcome=LearningOutcomeFactory(), source="maatwerk"
        )


def test_placement_outcome_names_exactly_one_outcome(placement):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementOutcome.objects.create(placement=placement)
