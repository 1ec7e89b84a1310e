"""A closed placement whose eindbeoordeling was sent, with texts full of names and numbers;
the exemplar bank's people (a praktijkbureau member and an instituutsopleider who prepare and
review); and a calibration session as the set-up service makes it: one outcome with a
kijkkader, two published constructed exemplars, a moderator (schoolopleider) and n
participants."""

from datetime import date, timedelta

import pytest

from apps.accounts.models import Role
from apps.calibration.exemplars.services import consent_decide
from apps.calibration.models import JudgementPhase, SessionJudgement
from apps.calibration.sessions.selectors import gradable_indicators, session_exemplars
from apps.calibration.sessions.services import (
    JudgementInput,
    SessionSetup,
    judgements_save,
    session_create,
)
from apps.cycle.feedback.services import form_feedback_save, form_reflection_save, form_send
from apps.outcomes.models import KijkkaderDimension
from tests.cycle.conftest import cycle_placement, outcomes, version_of  # noqa: F401
from tests.factories import ExemplarFactory, LearningOutcomeFactory, UserFactory

REFLECTION = (
    "Ik, Sanne Student, gaf op 12-03-2026 les aan 3HAVO-b. Mail me via sanne@student.example.nl "
    "of bel 06-12345678."
)
FEEDBACK = (
    "In de les van 3 maart zag ik dat Sanne de regels herhaalde en consequent ingreep in klas 2c. "
    "Wendy Werkplek en Sandra School waren erbij; zie https://school.example.nl/rooster."
)


def send_eindbeoordeling(placement, *, reflection=REFLECTION, feedback=FEEDBACK):
    """The student reflects, the mentor judges and sends: the placement is then afgerond."""
    version = version_of(placement, "eindbeoordeling")
    student = placement.student.user
    mentor = placement.werkplekbegeleider
    version = form_reflection_save(
        by=student,
        version=version,
        lock_version=version.lock_version,
        reflections={e.pk: reflection for e in version.entries.all()},
        submit=True,
    )
    values = {}
    for e in version.entries.select_related("placement_outcome__outcome"):
        data = {"feedback": feedback, "feed_forward": "Volgende stap: korter instrueren."}
        if e.placement_outcome.wpb_judges:
            data |= {"judgement": "voldaan", "motivation": feedback, "confidence_year3": True}
        else:
            data |= {"development_made": "Meer rust.", "development_to_make": "Theorie koppelen."}
        values[e.pk] = data
    version = form_feedback_save(
        by=mentor, version=version, lock_version=version.lock_version, values=values
    )
    return form_send(by=mentor, version=version, lock_version=version.lock_version)


@pytest.fixture(autouse=True)
def no_appeal_term(settings):
    """Most tests here consent right after the eindbeoordeling is sent; the tests of the appeal
    term (test_exemplar_bank.py) set CALIBRATION_APPEAL_DAYS back to the six weeks."""
    settings.CALIBRATION_APPEAL_DAYS = 0


@pytest.fixture
def days_later(monkeypatch):
    """Move the clock forward: `days_later(43)` makes it 43 days after now for the rest of the
    test (a sent form cannot be backdated: the database keeps it immutable)."""
    from django.utils import timezone

    real_now = timezone.now

    def move(days: int) -> None:
        moment = real_now() + timedelta(days=days)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move


@pytest.fixture
def sent(cycle_placement):  # noqa: F811
    return send_eindbeoordeling(cycle_placement)


@pytest.fixture
def consented(sent, student, mentor):
    consent_decide(by=student.user, version=sent, decision="gegeven")
    consent_decide(by=mentor, version=sent, decision="gegeven")
    return sent


@pytest.fixture
def judged_entry(consented):
    return consented.entries.get(placement_outcome__wpb_judges=True)


@pytest.fixture
def bureau(db):
    return UserFactory(full_name="Pieter Praktijkbureau", roles=[Role.ADMIN])


@pytest.fixture
def reviewer(db):
    return UserFactory(full_name="Renate Reviewer", roles=[Role.ADMIN])


@pytest.fixture
def outcome(db):
    return make_outcome()


def make_outcome():
    """Outcome 5.1 with a kijkkader: two gradable indicators and an indicative one."""
    outcome = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat", asks_confidence=True)
    dim = KijkkaderDimension.objects.create(outcome=outcome, position=1, name="Klassenmanagement")
    dim.indicators.create(position=1, text="Je past consequent routines toe.")
    dim.indicators.create(position=2, text="Je activeert leerlingen aan het begin van de les.")
    indicative = KijkkaderDimension.objects.create(
        outcome=outcome, position=2, name="Differentiatie", is_indicative=True
    )
    indicative.indicators.create(position=1, text="Je differentieert in tempo.")
    return outcome


def published(outcome, **kwargs):
    return ExemplarFactory(
        outcome=outcome,
        state="gepubliceerd",
        self_reflection="Ik oefende routines bij de start van de les.",
        reference_judgement="voldaan",
        reference_annotation="REFERENTIE-ANKERTEKST",
        **kwargs,
    )


def make_session(outcome, n: int = 3, **overrides):
    moderator = UserFactory(full_name="Mona Moderator", roles=[Role.SCHOOLOPLEIDER])
    people = [
        UserFactory(full_name=f"Deelnemer Nummer{i}", roles=[Role.WERKPLEKBEGELEIDER])
        for i in range(n)
    ]
    exemplars = [published(outcome, title="Voorbeeld A"), published(outcome, title="Voorbeeld B")]
    setup = SessionSetup(
        title="Kalibratie 5.1",
        scope="partnerschap",
        school=None,
        study_year=None,
        school_year="2026-2027",
        outcomes=[outcome],
        moment="eindbeoordeling",
        mode="voorwerk",
        held_on=date(2026, 11, 12),
        judge_before=None,
        moderator=moderator,
        notulist=None,
        target_agreement=None,
        exemplars=exemplars,
        participants=people,
    )
    setup.__dict__.update(overrides)
    session = session_create(by=moderator, setup=setup)
    return session, moderator, people


def motivation_of(user, session=None) -> str:
    """A seeded motivation unique to the person (and to the session, when given)."""
    where = f"-S{session.pk}" if session is not None else ""
    return (
        f"MOTIVATIE-{user.pk}{where}-UNIEK: de routines zijn in elke les zichtbaar en consequent."
    )


def judge(
    session,
    user,
    *,
    verdict="voldaan",
    submit=True,
    first_only=False,
    motivation=None,
    show_name=False,
):
    participant = session.participants.get(user=user)
    exemplars = session_exemplars(session)
    data = {}
    for exemplar in exemplars:
        indicators = gradable_indicators(exemplar)
        data[exemplar.pk] = JudgementInput(
            judgement=verdict,
            confidence_year3=True,
            indicators=indicators[:1] if first_only else indicators,
            motivation=motivation or motivation_of(user),
            certainty=4,
        )
    return judgements_save(
        by=user,
        participant=participant,
        exemplars=exemplars,
        data=data,
        show_name=show_name,
        submit=submit,
    )


def row_hash(participant) -> list:
    rows = SessionJudgement.objects.filter(participant=participant, phase=JudgementPhase.PRE)
    return sorted(
        (
            r.pk,
            r.judgement,
            r.confidence_year3,
            r.motivation,
            r.certainty,
            str(r.submitted_at),
            r.lock_version,
            tuple(sorted(r.indicators_seen.values_list("pk", flat=True))),
        )
        for r in rows
    )


@pytest.fixture
def eind_for(db):
    """A new placement on `outcome` with its eindbeoordeling (a draft) and its mentor."""
    from apps.cycle.conversations.services import conversations_plan
    from apps.cycle.models import FormVersion
    from tests.factories import ProgrammeFactory, StudentProfileFactory, make_placement

    def make(outcome):
        mentor = UserFactory(roles=[Role.WERKPLEKBEGELEIDER])
        student = StudentProfileFactory(programme=ProgrammeFactory(default_outcomes=[outcome]))
        placement = make_placement(student=student, werkplekbegeleider=mentor)
        conversations_plan(by=None, placement=placement)
        version = FormVersion.objects.filter(
            form__conversation__placement=placement, form__conversation__kind="eindbeoordeling"
        ).latest("number")
        return version, mentor

    return make
