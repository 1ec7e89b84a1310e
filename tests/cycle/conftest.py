"""A placement with two outcomes (one summative at tussenniveau, one formative), planned."""

import pytest

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.models import FormVersion
from apps.outcomes.models import KijkkaderDimension
from tests.factories import LearningOutcomeFactory, ProgrammeFactory, make_placement


@pytest.fixture
def outcomes(db):
    klimaat = LearningOutcomeFactory(
        code="5.1", title="Creëren van positief leerklimaat", asks_confidence=True, position=1
    )
    ppi = LearningOutcomeFactory(
        code="5.4",
        title="PPI",
        assessment="formatief",
        wpb_part="begeleiden_en_feedback",
        position=2,
    )
    dim = KijkkaderDimension.objects.create(outcome=klimaat, position=1, name="Klassenmanagement")
    dim.indicators.create(position=1, text="Je past consequent routines toe.")
    dim.indicators.create(position=2, text="Je activeert leerlingen aan het begin van de les.")
    indicative = KijkkaderDimension.objects.create(
        outcome=klimaat, position=2, name="Differentiatie", is_indicative=True
    )
    indicative.indicators.create(position=1, text="Je differentieert in tempo.")
    return klimaat, ppi


@pytest.fixture
def cycle_placement(outcomes, student, mentor, schoolopleider, instituutsopleider, opleider, slb):
    student.programme = ProgrammeFactory(default_outcomes=list(outcomes))
    student.save()
    placement = make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
        opleider=opleider,
        studieloopbaanbegeleider=slb,
    )
    conversations_plan(by=None, placement=placement)
    return placement


def version_of(placement, kind: str) -> FormVersion:
    return FormVersion.objects.filter(
        form__conversation__placement=placement, form__conversation__kind=kind
    ).latest("number")


@pytest.fixture
def eind(cycle_placement):
    return version_of(cycle_placement, "eindbeoordeling")


@pytest.fixture
def tussen(cycle_placement):
    return version_of(cycle_placement, "tussenevaluatie")
