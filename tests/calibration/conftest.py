"""A closed placement whose eindbeoordeling was sent, with texts full of names and numbers;
the exemplar bank's people (a praktijkbureau member and an instituutsopleider who prepare and
review)."""

import pytest

from apps.accounts.models import Role
from apps.calibration.exemplars.services import consent_decide
from apps.cycle.feedback.services import form_feedback_save, form_reflection_save, form_send
from tests.cycle.conftest import cycle_placement, outcomes, version_of  # noqa: F401
from tests.factories import UserFactory

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
