"""Sent eindbeoordelingen in bulk for the audit sample's tests (not walked data)."""

from django.utils import timezone

from apps.accounts.models import Role
from apps.cycle.models import FormEntry, FormVersion
from apps.placements.models import Placement, SchoolAssignment, SchoolRole
from tests.factories import (
    LearningOutcomeFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
    make_placements,
)

EVIDENCE = "Sanne gaf een les over breuken; bel 06-12345678 of mail sanne@school.test."


def sent_eindbeoordelingen(count: int, *, schools=None, judgement="voldaan", **people):
    """`count` placements in 2026-2027 whose eindbeoordeling was sent with one summative
    outcome the werkplekbegeleider judged. `schools`: placements take turns among them."""
    outcome = LearningOutcomeFactory()
    programme = ProgrammeFactory(default_outcomes=[outcome])
    placements = make_placements(count, programme=programme, **people)
    if schools:
        for n, school in enumerate(schools):
            Placement.objects.filter(pk__in=[p.pk for p in placements[n :: len(schools)]]).update(
                school=school
            )
    versions = FormVersion.objects.filter(
        form__conversation__placement__in=placements, form__conversation__kind="eindbeoordeling"
    )
    FormEntry.objects.filter(version__in=versions).update(
        judgement=judgement, feedback=EVIDENCE, motivation="Daarom voldaan: MOTIVATIE-EERSTE"
    )
    sender = UserFactory()
    versions.update(state="verzonden", sent_at=timezone.now(), sent_by=sender, fingerprint="f" * 64)
    return placements


def assessors(count: int, *, schools=()) -> list:
    """`count` instituutsopleiders and as many schoolopleiders (assigned to `schools` in turn)."""
    ios = [UserFactory(roles=[Role.INSTITUUTSOPLEIDER]) for _ in range(count)]
    sos = [UserFactory(roles=[Role.SCHOOLOPLEIDER]) for _ in range(count)]
    for n, so in enumerate(sos):
        if schools:
            SchoolAssignment.objects.create(
                school=schools[n % len(schools)], user=so, role=SchoolRole.SCHOOLOPLEIDER
            )
    return ios + sos


def new_schools(count: int) -> list:
    return [SchoolFactory() for _ in range(count)]
