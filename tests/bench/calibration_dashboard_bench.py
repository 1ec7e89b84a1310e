"""Benchmark of criterion 30 (not part of the suite, not a timed unit test): the agreement
dashboard (the sessions and the audit tab) and the disagreement map for a partnership with
5,000 summative judgements and 50 sessions.

Run by hand (docs/PERFORMANCE.md, "Kalibreren: dashboard and map"):
    .venv/bin/pytest tests/bench/calibration_dashboard_bench.py -p no:xdist -s
and on PostgreSQL, as the reference machine runs it (pytest-django makes test_<name>):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/driehoek_calbench \
    .venv/bin/pytest tests/bench/calibration_dashboard_bench.py -p no:xdist -s

The data are made in bulk (tests/factories.make_placements and bulk_create), not walked: 1,250
placements at 40 schools with four summative outcomes each, their eindbeoordelingen sent over
two school years by 200 werkplekbegeleiders (8% niet voldaan), a doubt on 5% of the
judgements, a blind second judgement on 10%, and 50 revealed sessions of 8 participants who
each judged 4 exemplars drawn from a bank of 20 (a new kijkkader version in the second year).
Each page is requested once cold, then 20 times; it prints p50 and p95 of the 20 against the
design's 1.5 s at p95."""

import datetime
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
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
from apps.placements.models import Placement
from tests.factories import (
    ExemplarFactory,
    LearningOutcomeFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
    make_placements,
)

pytestmark = pytest.mark.django_db

PLACEMENTS = 1250  # × 4 summative outcomes = 5,000 judgements
SCHOOLS, MENTORS, SECOND_ASSESSORS = 40, 200, 20
SESSIONS, PARTICIPANTS, EXEMPLARS_PER_SESSION, BANK = 50, 8, 4, 20
REQUESTS = 20
TARGET_P95_S = 1.5
YEARS = ("2025-2026", "2026-2027")
V, N = "voldaan", "niet_voldaan"


def sent_judgements(outcomes) -> list[int]:
    """The placements, their eindbeoordelingen sent (half in each school year) by their
    werkplekbegeleider; returns the ids of the 5,000 judged entries."""
    programme = ProgrammeFactory(default_outcomes=outcomes)
    placements = [p.pk for p in make_placements(PLACEMENTS, programme=programme)]
    schools = [SchoolFactory() for _ in range(SCHOOLS)]
    mentors = UserFactory.create_batch(MENTORS, roles=[Role.WERKPLEKBEGELEIDER])
    for n, mentor in enumerate(mentors):
        Placement.objects.filter(pk__in=placements[n::MENTORS]).update(
            werkplekbegeleider=mentor, school=schools[n % SCHOOLS]
        )
    eind = FormVersion.objects.filter(
        form__conversation__placement__in=placements, form__conversation__kind="eindbeoordeling"
    )
    entries = FormEntry.objects.filter(version__in=eind, placement_outcome__outcome__in=outcomes)
    ids = list(entries.order_by("id").values_list("id", flat=True))
    FormEntry.objects.filter(pk__in=ids).update(
        judgement=V, motivation="De routines zijn zichtbaar; zie indicator 1."
    )
    FormEntry.objects.filter(pk__in=ids[::12]).update(judgement=N)
    for n, year in enumerate(YEARS):
        sent_at = datetime.datetime(int(year[:4]) + 1, 3, 1, 12, tzinfo=datetime.UTC)
        half = eind.filter(form__conversation__placement__in=placements[n::2])
        for mentor in mentors:
            half.filter(form__conversation__placement__werkplekbegeleider=mentor).update(
                state=FormState.SENT, sent_at=sent_at, sent_by=mentor, fingerprint="b" * 64
            )
    return ids


def doubts_and_audit(entry_ids: list[int], seconds: list) -> None:
    entries = {
        e.pk: e for e in FormEntry.objects.filter(pk__in=entry_ids).select_related("version")
    }
    Disagreement.objects.bulk_create(
        Disagreement(
            entry_id=pk,
            raised_by=seconds[n % len(seconds)],
            reason="Twijfel over het niveau.",
            category=DoubtCategory.LEVEL,
            original_judgement=entries[pk].judgement,
            final_judgement=N,
            status=DisagreementStatus.DECIDED,
            resolved_at=timezone.now(),
            resolved_by=seconds[n % len(seconds)],
            rationale="Besloten na de dialoog.",
        )
        for n, pk in enumerate(entry_ids[::20])
    )
    for year in YEARS:
        sent_in = int(year[:4]) + 1  # every form was sent on 1 March
        in_year = [pk for pk in entry_ids[::10] if entries[pk].version.sent_at.year == sent_in]
        sample = AuditSample.objects.create(
            school_year=year, rate="0.100", seed=7, population=len(in_year), drawn_by=seconds[0]
        )
        AuditItem.objects.bulk_create(
            AuditItem(
                sample=sample,
                entry_id=pk,
                second_assessor=seconds[n % len(seconds)],
                judgement=(N if entries[pk].judgement == V else V)
                if n % 15 == 0
                else entries[pk].judgement,
                blind=True,
                submitted_at=timezone.now(),
            )
            for n, pk in enumerate(in_year)
        )


def sessions(outcomes) -> None:
    """50 revealed sessions, 8 participants each judging 4 exemplars of a bank of 20."""
    first, second = (
        outcomes[0],
        LearningOutcomeFactory(code=outcomes[0].code, version=2, previous=outcomes[0]),
    )
    bank = [
        ExemplarFactory(outcome=first if n < BANK // 2 else second, reference_judgement=V)
        for n in range(BANK)
    ]
    organisers = UserFactory.create_batch(10, roles=[Role.SCHOOLOPLEIDER])
    people = UserFactory.create_batch(60, roles=[Role.WERKPLEKBEGELEIDER])
    made = CalibrationSession.objects.bulk_create(
        CalibrationSession(
            title=f"Kalibratie {n + 1}",
            scope="partnerschap",
            school_year=YEARS[n * 2 // SESSIONS],
            held_on=datetime.date(int(YEARS[n * 2 // SESSIONS][:4]), 10, 1)
            + datetime.timedelta(days=n),
            organiser=organisers[n % 10],
            moderator=organisers[n % 10],
            phase="afgesloten",
            revealed_at=timezone.now(),
        )
        for n in range(SESSIONS)
    )
    used = {}
    for n, session in enumerate(made):
        half = 0 if session.school_year == YEARS[0] else BANK // 2
        used[session.pk] = [bank[half + (n + k) % (BANK // 2)] for k in range(4)]
    SessionExemplar.objects.bulk_create(
        SessionExemplar(session=s, exemplar=e, position=k)
        for s in made
        for k, e in enumerate(used[s.pk])
    )
    participants = Participant.objects.bulk_create(
        Participant(
            session=s,
            user=people[(n * 3 + k) % len(people)],
            role="werkplekbegeleider",
            submitted_at=timezone.now(),
        )
        for n, s in enumerate(made)
        for k in range(PARTICIPANTS)
    )
    SessionJudgement.objects.bulk_create(
        SessionJudgement(
            participant=p,
            exemplar=e,
            judgement=N if (p.user_id + e.pk) % 5 == 0 else V,
            motivation="Gezien.",
            submitted_at=timezone.now(),
        )
        for p in participants
        for e in used[p.session_id]
    )


def timed(client: Client, url: str) -> tuple[float, list[float]]:
    def once() -> float:
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, url
        return time.perf_counter() - start

    cold = once()
    return cold, sorted(once() for _ in range(REQUESTS))


def test_dashboard_and_map_for_5000_judgements_and_50_sessions():
    started = time.perf_counter()
    outcomes = LearningOutcomeFactory.create_batch(4)
    entry_ids = sent_judgements(outcomes)
    seconds = UserFactory.create_batch(SECOND_ASSESSORS, roles=[Role.INSTITUUTSOPLEIDER])
    doubts_and_audit(entry_ids, seconds)
    sessions(outcomes)
    assert len(entry_ids) == 5000 and CalibrationSession.objects.count() == SESSIONS
    print(
        f"\n{connection.vendor}: built in {time.perf_counter() - started:.0f} s: "
        f"{len(entry_ids)} judgements, {Disagreement.objects.count()} doubts, "
        f"{AuditItem.objects.count()} blind pairs, {SESSIONS} sessions, "
        f"{SessionJudgement.objects.count()} session judgements"
    )
    client = Client()
    client.force_login(UserFactory(roles=[Role.EXAMENCOMMISSIE]))
    dashboard = reverse("calibration:insight_dashboard")
    pages = {
        "dashboard, sessions tab": f"{dashboard}?tab=sessies",
        "dashboard, audit tab": f"{dashboard}?tab=steekproef",
        "disagreement map": reverse("calibration:insight_map"),
    }
    print(f"| page | cold s | p50 s | p95 s ({REQUESTS} requests) | ≤ {TARGET_P95_S} s at p95 |")
    for label, url in pages.items():
        cold, times = timed(client, url)
        p50 = statistics.median(times)
        p95 = times[round(0.95 * REQUESTS) - 1]
        met = "yes" if p95 <= TARGET_P95_S else "no"
        print(f"| {label} | {cold:.2f} | {p50:.2f} | {p95:.2f} | {met} |")
