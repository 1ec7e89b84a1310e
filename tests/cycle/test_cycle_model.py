"""The cycle's tables refuse incoherent states; sent versions carry a fingerprint."""

import pytest
from django.db import IntegrityError, transaction

from apps.cycle.common import CycleError
from apps.cycle.conversations.services import conversations_plan
from apps.cycle.feedback.services import (
    form_version_fingerprint,
    form_version_send,
    form_version_start,
)
from apps.cycle.models import Conversation, ConversationKind, FormVersion
from tests.factories import (
    LearningOutcomeFactory,
    ProgrammeFactory,
    StudentProfileFactory,
    make_placement,
)


@pytest.fixture
def planned(mentor):
    programme = ProgrammeFactory(
        default_outcomes=[LearningOutcomeFactory(), LearningOutcomeFactory()]
    )
    placement = make_placement(
        student=StudentProfileFactory(programme=programme), werkplekbegeleider=mentor
    )
    conversations_plan(by=None, placement=placement)
    return placement


def eind_version(placement) -> FormVersion:
    return FormVersion.objects.get(
        form__conversation__placement=placement, form__conversation__kind="eindbeoordeling"
    )


def test_planning_creates_the_four_conversations_in_order(planned):
    kinds = list(planned.conversations.order_by("planned_date").values_list("kind", flat=True))
    assert kinds == ["kennismaking", "startgesprek", "tussenevaluatie", "eindbeoordeling"]


def test_planning_twice_creates_nothing_new(planned):
    conversations_plan(by=None, placement=planned)
    assert planned.conversations.count() == 4


def test_form_has_one_entry_per_outcome(planned):
    assert eind_version(planned).entries.count() == 2


def test_only_begeleidingsgesprekken_repeat(planned):
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(
            placement=planned, kind=ConversationKind.STARTGESPREK, sequence=2
        )


def test_sending_records_who_when_and_a_fingerprint(planned, mentor):
    version = form_version_send(by=mentor, version=eind_version(planned))
    assert version.sent_by == mentor and version.sent_at
    assert version.fingerprint == form_version_fingerprint(version)


def test_sending_twice_is_refused(planned, mentor):
    version = form_version_send(by=mentor, version=eind_version(planned))
    with pytest.raises(CycleError, match="al verzonden"):
        form_version_send(by=mentor, version=version)


def test_a_sent_version_without_sender_cannot_be_stored(planned):
    with pytest.raises(IntegrityError), transaction.atomic():
        FormVersion.objects.filter(pk=eind_version(planned).pk).update(state="verzonden")


def test_a_correction_needs_a_reason(planned, mentor):
    version = form_version_send(by=mentor, version=eind_version(planned))
    with pytest.raises(CycleError, match="reden van de correctie"):
        form_version_start(by=mentor, form=version.form)


def test_a_correction_copies_the_sent_version_and_leaves_it_unchanged(planned, mentor):
    version = eind_version(planned)
    version.entries.update(feedback="Concreet voorbeeld uit de les van dinsdag.")
    sent = form_version_send(by=mentor, version=version)
    correction = form_version_start(by=mentor, form=sent.form, reason="Typefout in feedback")
    assert correction.number == 2
    assert set(correction.entries.values_list("feedback", flat=True)) == {
        "Concreet voorbeeld uit de les van dinsdag."
    }
    assert form_version_fingerprint(sent) == sent.fingerprint


def test_no_second_working_version_while_one_is_open(planned, mentor):
    with pytest.raises(CycleError, match="al een versie in bewerking"):
        form_version_start(by=mentor, form=eind_version(planned).form, reason="x")
