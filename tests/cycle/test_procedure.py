"""Doubt, dialogue and decision; concerns; early termination; maatwerk."""

import pytest

from apps.accounts.models import OutboxMail
from apps.cycle.common import CycleError
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import DisagreementStatus, FormEntry, TerminationStatus
from apps.cycle.procedure.selectors import effective_judgement
from apps.cycle.procedure.services import (
    concern_acknowledge,
    concern_raise,
    disagreement_escalate,
    disagreement_open,
    disagreement_post,
    disagreement_resolve,
    maatwerk_add,
    maatwerk_remove,
    termination_confirm,
    termination_decide,
    termination_propose,
)
from apps.placements.models import PlacementStatus
from tests.factories import LearningOutcomeFactory


@pytest.fixture
def judged(eind, mentor):
    eind.entries.update(judgement="voldaan")
    sent = form_version_send(by=mentor, version=eind)
    return sent.entries.get(placement_outcome__outcome__code="5.1")


def test_only_the_institute_assessor_can_doubt(judged, mentor):
    with pytest.raises(CycleError, match="beoordelaar van het instituut"):
        disagreement_open(category="niveau", by=mentor, entry=judged, reason="x")


def test_doubt_opens_a_dialogue_and_tells_the_mentor(judged, instituutsopleider, mentor):
    disagreement = disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Geen voorbeeld"
    )
    assert disagreement.original_judgement == "voldaan"
    assert mentor.notifications.filter(message__contains="twijfelt").exists()


def test_doubt_on_a_draft_is_refused(tussen, instituutsopleider):
    with pytest.raises(CycleError, match="verzonden oordeel"):
        disagreement_open(
            category="niveau", by=instituutsopleider, entry=tussen.entries.first(), reason="x"
        )


def test_agreement_records_the_agreed_judgement(judged, instituutsopleider, mentor):
    disagreement = disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Twijfel"
    )
    disagreement_post(by=mentor, disagreement=disagreement, text="Ik licht het toe.")
    done = disagreement_resolve(
        by=mentor, disagreement=disagreement, agreed=True, judgement="voldaan", rationale="Eens"
    )
    assert done.status == DisagreementStatus.AGREED
    assert effective_judgement(judged, [done]) == "voldaan"


def test_without_agreement_only_the_instituutsopleider_decides(judged, instituutsopleider, mentor):
    disagreement = disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Twijfel"
    )
    with pytest.raises(CycleError, match="eindbesluit"):
        disagreement_resolve(
            by=mentor, disagreement=disagreement, agreed=False, judgement="voldaan", rationale="x"
        )


def test_final_decision_is_shared_and_the_original_stays(
    judged, instituutsopleider, mentor, student, opleider
):
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Verschil over het niveau")
    done = disagreement_resolve(
        by=instituutsopleider,
        disagreement=disagreement,
        agreed=False,
        judgement="niet_voldaan",
        rationale="De voorbeelden tonen het niet aan.",
    )
    assert effective_judgement(judged, [done]) == "niet_voldaan"
    assert FormEntry.objects.get(pk=judged.pk).judgement == "voldaan"
    assert OutboxMail.objects.filter(to_email=mentor.email, subject__contains="besluit").exists()
    assert student.user.notifications.filter(message__contains="niet voldaan").exists()


def test_concern_goes_to_the_instituutsopleider_who_records_the_agreement(
    cycle_placement, mentor, instituutsopleider
):
    outcome = cycle_placement.outcomes.first()
    concern = concern_raise(by=mentor, placement_outcome=outcome, text="Stagneert op 5.1")
    assert instituutsopleider.notifications.exists()
    done = concern_acknowledge(by=instituutsopleider, concern=concern, agreement="Extra lesbezoek")
    assert done.status == "bevestigd" and done.acknowledged_by == instituutsopleider


def test_concern_acknowledgement_needs_an_agreement(cycle_placement, mentor, instituutsopleider):
    concern = concern_raise(by=mentor, placement_outcome=cycle_placement.outcomes.first(), text="x")
    with pytest.raises(CycleError, match="afgesproken"):
        concern_acknowledge(by=instituutsopleider, concern=concern, agreement=" ")


def test_termination_is_proposed_with_a_handbook_reason(cycle_placement, mentor):
    with pytest.raises(CycleError, match="redenen uit het handboek"):
        termination_propose(by=mentor, placement=cycle_placement, reason="zin", explanation="x")


CONSULTED = dict(consulted_student=True, consulted_wpb=True, consulted_slb=True)


def test_decided_termination_ends_the_placement_and_keeps_records(
    cycle_placement, mentor, schoolopleider, student, instituutsopleider
):
    proposal = termination_propose(
        by=mentor, placement=cycle_placement, reason="onveilig", explanation="Incident op 3 maart"
    )
    termination_decide(
        by=schoolopleider,
        proposal=proposal,
        terminate=True,
        note="Besloten na overleg",
        plan="Nieuwe plek",
        **CONSULTED,
    )
    termination_confirm(by=instituutsopleider, proposal=proposal, agree=True)
    cycle_placement.refresh_from_db()
    assert cycle_placement.status == PlacementStatus.TERMINATED
    assert cycle_placement.termination_reason == "onveilig"
    assert cycle_placement.conversations.count() == 4
    assert student.user.notifications.filter(message__contains="beëindigd").exists()


def test_rejected_termination_keeps_the_placement_going(
    cycle_placement, mentor, instituutsopleider, schoolopleider
):
    proposal = termination_propose(
        by=mentor, placement=cycle_placement, reason="mismatch", explanation="x"
    )
    termination_decide(
        by=instituutsopleider,
        proposal=proposal,
        terminate=False,
        note="Gaat door",
        plan="",
        **CONSULTED,
    )
    done = termination_confirm(by=schoolopleider, proposal=proposal, agree=True)
    assert done.status == TerminationStatus.REJECTED
    assert cycle_placement.status != PlacementStatus.TERMINATED


def test_maatwerk_adds_an_outcome_to_open_forms(cycle_placement, instituutsopleider, tussen):
    year1 = LearningOutcomeFactory(code="J1-OOB", is_maatwerk=True, study_year=1)
    added = maatwerk_add(
        by=instituutsopleider,
        placement=cycle_placement,
        outcome=year1,
        reason="Jaar 1 open",
        wpb_judges=False,
    )
    assert added.source == "maatwerk"
    assert tussen.entries.filter(placement_outcome=added).exists()


def test_maatwerk_needs_a_reason_and_the_instituutsopleider(
    cycle_placement, mentor, instituutsopleider
):
    year1 = LearningOutcomeFactory(code="J1-OPL")
    with pytest.raises(CycleError, match="instituutsopleider"):
        maatwerk_add(
            by=mentor, placement=cycle_placement, outcome=year1, reason="x", wpb_judges=True
        )
    with pytest.raises(CycleError, match="reden"):
        maatwerk_add(
            by=instituutsopleider,
            placement=cycle_placement,
            outcome=year1,
            reason="",
            wpb_judges=True,
        )


def test_maatwerk_with_writing_on_it_is_kept(cycle_placement, instituutsopleider, tussen):
    year1 = LearningOutcomeFactory(code="J1-OOL")
    added = maatwerk_add(
        by=instituutsopleider,
        placement=cycle_placement,
        outcome=year1,
        reason="open",
        wpb_judges=True,
    )
    tussen.entries.filter(placement_outcome=added).update(self_reflection="Geschreven")
    with pytest.raises(CycleError, match="al geschreven"):
        maatwerk_remove(by=instituutsopleider, placement_outcome=added)


def test_link_to_the_dialogue_on_the_form_takes_the_alerts_colour(
    client, judged, instituutsopleider, mentor
):
    # Bootstrap's blue link on the warning or grey alert fails WCAG contrast (axe-core).
    disagreement = disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Twijfel"
    )
    client.force_login(mentor)
    page = client.get(f"/formulieren/{judged.version_id}/").content.decode()
    assert f'class="alert-link" href="/meningsverschillen/{disagreement.pk}/"' in page
