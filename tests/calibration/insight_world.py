"""Calibration data for the insight pages' tests, made directly in bulk (not walked): sent
eindbeoordelingen of named werkplekbegeleiders, doubts, blind audit pairs and revealed
sessions."""

import datetime

from django.utils import timezone

from apps.accounts.models import Role
from apps.calibration.models import (
    AuditItem,
    AuditSample,
    CalibrationSession,
    Participant,
    SessionExemplar,
    SessionJudgement,
)
from apps.cycle.models import (
    Disagreement,
    DisagreementStatus,
    DoubtCategory,
    FormEntry,
    FormState,
    FormVersion,
)
from tests.factories import ExemplarFactory, UserFactory, make_placements

SENT_AT = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)
V, N = "voldaan", "niet_voldaan"


def judged(
    count, *, programme, school, wpb, judgement=V, sent_at=SENT_AT, motivation="", edit=None
):
    """`count` sent eindbeoordelingen of `wpb`'s placements at `school`, all `judgement`;
    `edit(entries_queryset)` changes them before they are sent."""
    placements = make_placements(count, programme=programme, school=school, werkplekbegeleider=wpb)
    versions = FormVersion.objects.filter(
        form__conversation__placement__in=placements,
        form__conversation__kind="eindbeoordeling",
    )
    FormEntry.objects.filter(version__in=versions).update(
        judgement=judgement, motivation=motivation
    )
    if edit:
        edit(FormEntry.objects.filter(version__in=versions).order_by("id"))
    versions.update(state=FormState.SENT, sent_at=sent_at, sent_by=wpb, fingerprint="x")
    return list(FormEntry.objects.filter(version__in=versions).order_by("id"))


def wpbs(count):
    return UserFactory.create_batch(count, roles=[Role.WERKPLEKBEGELEIDER])


def doubt(entry, *, category=DoubtCategory.LEVEL, indicator=None, final=""):
    io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    return Disagreement.objects.create(
        entry=entry,
        raised_by=io,
        reason="Twijfel",
        category=category,
        indicator=indicator,
        original_judgement=entry.judgement,
        final_judgement=final,
        status=DisagreementStatus.DECIDED if final else DisagreementStatus.OPEN,
        resolved_at=timezone.now() if final else None,
        resolved_by=io if final else None,
        rationale="Besloten na de dialoog." if final else "",
    )


def audit_items(entries, *, second, school_year="2026-2027", blind=True):
    sample = AuditSample.objects.create(
        school_year=school_year, rate="0.10", seed=1, population=len(entries), drawn_by=second[0]
    )
    return AuditItem.objects.bulk_create(
        AuditItem(
            sample=sample,
            entry=e,
            second_assessor=second[i % len(second)],
            judgement=j,
            blind=blind,
            submitted_at=timezone.now(),
        )
        for i, (e, j) in enumerate(entries)
    )


def session_with(
    judgements,
    *,
    school,
    revealed=True,
    year="2026-2027",
    exemplars=None,
    people=None,
    organiser=None,
    show_names=False,
    **fields,
):
    """A session whose participants judged: `judgements` is participants × exemplars; the
    exemplars, people and organiser (who moderates) are new unless given. Each motivation
    names its author's user id; `show_names`: every participant chose to show their name."""
    organiser = organiser or UserFactory(roles=[Role.SCHOOLOPLEIDER])
    session = CalibrationSession.objects.create(
        title="Kalibratie 1.1",
        scope="school",
        school=school,
        school_year=year,
        held_on=datetime.date(int(year[:4]), 11, 15),
        organiser=organiser,
        moderator=organiser,
        revealed_at=timezone.now() if revealed else None,
        **fields,
    )
    exemplars = exemplars or ExemplarFactory.create_batch(len(judgements[0]), reference_judgement=V)
    session.outcomes.set({e.outcome_id for e in exemplars})
    people = people or UserFactory.create_batch(len(judgements))
    for i, e in enumerate(exemplars):
        SessionExemplar.objects.create(session=session, exemplar=e, position=i)
    for row, user in zip(judgements, people, strict=True):
        p = Participant.objects.create(
            session=session,
            user=user,
            role="werkplekbegeleider",
            show_name=show_names,
            submitted_at=timezone.now(),
        )
        SessionJudgement.objects.bulk_create(
            SessionJudgement(
                participant=p,
                exemplar=e,
                judgement=j,
                motivation=f"Motivatie van deelnemer {user.pk}.",
                submitted_at=timezone.now(),
            )
            for e, j in zip(exemplars, row, strict=True)
        )
    return session
