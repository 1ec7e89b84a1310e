"""Doubt in two tiers and early termination together (handbook [002] ch.2). Every test quotes
the sentence of the handbook it implements."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.accounts.models import OutboxMail, Role
from apps.cycle.common import CycleError
from apps.cycle.conversations.reminders import reminders_due
from apps.cycle.feedback import pdf as feedback_pdf
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import DisagreementStatus, ReminderLog, TerminationStatus
from apps.cycle.procedure.selectors import add_working_days, effective_judgement
from apps.cycle.procedure.services import (
    concern_acknowledge,
    concern_hand_on,
    concern_raise,
    disagreement_escalate,
    disagreement_open,
    disagreement_resolve,
    disagreements_escalate_overdue,
    termination_confirm,
    termination_decide,
    termination_propose,
)
from apps.cycle.records.export import student_export
from apps.placements.access import placements_visible_to
from apps.placements.models import PlacementExtraAccess, PlacementStatus, TerminationReason
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONSULTED = dict(consulted_student=True, consulted_wpb=True, consulted_slb=True)


@pytest.fixture
def judged(eind, mentor):
    eind.entries.update(judgement="voldaan", motivation="In 2B was het stil binnen twee minuten.")
    sent = form_version_send(by=mentor, version=eind)
    return sent.entries.get(placement_outcome__outcome__code="5.1")


def decide(by, disagreement, judgement="niet_voldaan"):
    return disagreement_resolve(
        by=by, disagreement=disagreement, agreed=False, judgement=judgement, rationale="Gewogen."
    )


# --- Doubt and the collegial dialogue ---------------------------------------------------------


def test_the_opleider_of_the_institute_raises_the_doubt_and_holds_the_dialogue(
    judged, opleider, mentor
):
    """ "Bij twijfel of inconsistenties volgt altijd collegiale dialoog met de opleider van de
    HAN." """
    disagreement = disagreement_open(
        category="niveau", by=opleider, entry=judged, reason="Eén les is weinig."
    )
    assert disagreement.raised_by == opleider
    assert mentor.notifications.filter(message__contains="twijfelt").exists()


def test_when_the_io_raises_the_doubt_the_opleider_is_asked_into_the_dialogue(
    judged, instituutsopleider, opleider
):
    """ "Bij twijfel of inconsistenties volgt altijd collegiale dialoog met de opleider van de
    HAN." """
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Eén les is weinig."
    )
    assert opleider.notifications.filter(message__contains="twijfelt").exists()


def test_the_dialogue_gets_a_deadline_of_ten_working_days(judged, opleider):
    """ "Lukt het niet om binnen redelijke termijn tot overeenstemming te komen" """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    assert disagreement.deadline == add_working_days(timezone.localdate(), 10)


def test_the_deadline_is_a_setting(judged, opleider, settings):
    """ "binnen redelijke termijn" """
    settings.DISAGREEMENT_DIALOGUE_WORKING_DAYS = 3
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    assert disagreement.deadline == add_working_days(timezone.localdate(), 3)


def test_working_days_skip_the_weekend():
    """ "binnen redelijke termijn": ten working days, not ten calendar days."""
    friday = date(2027, 3, 5)
    assert add_working_days(friday, 1) == date(2027, 3, 8)
    assert add_working_days(friday, 10) == date(2027, 3, 19)


def test_both_sides_are_reminded_as_the_deadline_nears(judged, opleider, mentor):
    """ "Lukt het niet om binnen redelijke termijn tot overeenstemming te komen" """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    due = reminders_due(today=disagreement.deadline, days=3)
    reminded = {r.user for r in due if r.key == f"twijfel:{disagreement.pk}"}
    assert {opleider, mentor} <= reminded


def test_a_passed_deadline_brings_in_the_instituutsopleider(
    judged, opleider, mentor, instituutsopleider
):
    """ "Lukt het niet om binnen redelijke termijn tot overeenstemming te komen— … —dan wordt
    de instituutsopleider ingeschakeld." """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    assert disagreements_escalate_overdue(today=disagreement.deadline) == 0
    assert disagreements_escalate_overdue(today=add_working_days(disagreement.deadline, 1)) == 1
    disagreement.refresh_from_db()
    assert disagreement.is_escalated and disagreement.escalated_by is None
    assert OutboxMail.objects.filter(
        to_email=instituutsopleider.email, subject__contains="besluit nodig"
    ).exists()


def test_the_daily_job_escalates_and_then_reminds_the_instituutsopleider(
    judged, opleider, instituutsopleider
):
    """ "dan wordt de instituutsopleider ingeschakeld. Deze weegt de argumenten en neemt de
    eindbeslissing." """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    later = add_working_days(disagreement.deadline, 1)
    call_command("send_reminders", f"--today={later}", stdout=io.StringIO())
    disagreement.refresh_from_db()
    assert disagreement.is_escalated
    assert ReminderLog.objects.filter(
        user=instituutsopleider, key=f"twijfel-besluit:{disagreement.pk}"
    ).exists()


def test_either_side_can_bring_in_the_instituutsopleider_early(judged, opleider, mentor):
    """ "bijvoorbeeld vanwege principiële verschillen van inzicht over het niveau—dan wordt de
    instituutsopleider ingeschakeld." """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Principieel verschil.")
    disagreement.refresh_from_db()
    assert disagreement.escalated_by == mentor


def test_someone_outside_the_dialogue_cannot_escalate(judged, opleider, student):
    """ "collegiale dialoog met de opleider van de HAN": the dialogue's sides, no one else."""
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    with pytest.raises(CycleError, match="dialoog voert"):
        disagreement_escalate(by=student.user, disagreement=disagreement, note="x")


def test_the_wpbs_judgement_stands_until_agreement_or_decision(judged, opleider, mentor):
    """ "Uw oordeel wordt in principe overgenomen, tenzij er zwaarwegende redenen zijn om dit
    te bespreken." """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    disagreement.refresh_from_db()
    assert effective_judgement(judged, [disagreement]) == "voldaan"


def test_no_decision_before_the_instituutsopleider_is_brought_in(
    judged, opleider, instituutsopleider
):
    """ "Lukt het niet … dan wordt de instituutsopleider ingeschakeld. Deze weegt de
    argumenten en neemt de eindbeslissing." """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    with pytest.raises(CycleError, match="Eerst wordt de instituutsopleider ingeschakeld"):
        decide(instituutsopleider, disagreement)


def test_the_instituutsopleider_decides_after_escalation(
    judged, opleider, mentor, instituutsopleider, student
):
    """ "Deze weegt de argumenten en neemt de eindbeslissing." """
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    disagreement_escalate(by=opleider, disagreement=disagreement, note="Geen overeenstemming.")
    done = decide(instituutsopleider, disagreement)
    assert done.status == DisagreementStatus.DECIDED and done.resolved_by == instituutsopleider
    assert student.user.notifications.filter(message__contains="niet voldaan").exists()


def test_the_opleider_hears_the_decision_to_share_it_with_the_wpb(
    judged, opleider, mentor, instituutsopleider
):
    """ "De beslissing wordt door de opleider van de HAN met de werkplekbegeleider gedeeld." """
    disagreement = disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Twijfel"
    )
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    other_io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    PlacementExtraAccess.objects.create(placement=judged.placement_outcome.placement, user=other_io)
    decide(other_io, disagreement)
    assert opleider.notifications.filter(message__contains="is afgerond").exists()
    assert mentor.notifications.filter(message__contains="is afgerond").exists()


def test_the_one_who_raised_the_doubt_never_decides(judged, instituutsopleider, mentor, opleider):
    """ "dan wordt de instituutsopleider ingeschakeld. Deze weegt de argumenten": an arbiter,
    not a party to the doubt."""
    disagreement = disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Twijfel"
    )
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    with pytest.raises(CycleError, match="twijfel inbracht"):
        decide(instituutsopleider, disagreement)
    with pytest.raises(CycleError, match="ingeschakelde instituutsopleider"):
        decide(opleider, disagreement)


def test_another_instituutsopleider_is_asked_when_the_own_one_raised_the_doubt(
    judged, instituutsopleider, mentor, admin_user
):
    """ "dan wordt de instituutsopleider ingeschakeld": when that is who doubted, the
    praktijkbureau is asked to bring in another."""
    disagreement = disagreement_open(
        category="niveau", by=instituutsopleider, entry=judged, reason="Twijfel"
    )
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    assert admin_user.notifications.filter(message__contains="Weeg de argumenten").exists()
    assert not instituutsopleider.notifications.filter(message__contains="Weeg de").exists()


def test_the_decided_doubt_is_in_the_pdf_step_by_step(judged, opleider, mentor, instituutsopleider):
    """ "Deze weegt de argumenten en neemt de eindbeslissing": every step on paper."""
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    decide(instituutsopleider, disagreement)
    data = feedback_pdf.render_form_pdf(judged.version)
    shown = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert f"Twijfel ingebracht op {timezone.localdate():%-d}" in shown
    assert "door Olaf Opleider" in shown
    assert "Instituutsopleider ingeschakeld op" in shown and "door Wendy Werkplek" in shown
    assert "Besloten door instituutsopleider: niet voldaan" in shown


def test_the_export_holds_every_step_and_the_institute_people(
    judged, opleider, mentor, instituutsopleider, student
):
    """ "Deze weegt de argumenten en neemt de eindbeslissing": every step in the export."""
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    disagreement_escalate(by=mentor, disagreement=disagreement, note="Geen overeenstemming.")
    decide(instituutsopleider, disagreement)
    [stage] = student_export(student)["stages"]
    [row] = stage["meningsverschillen"]
    assert row["raised_by_id"] == opleider.pk and row["escalated_by_id"] == mentor.pk
    assert row["deadline"] and row["resolved_by_id"] == instituutsopleider.pk
    assert stage["stage"][0]["opleider__full_name"] == "Olaf Opleider"


def test_the_dialogue_page_lets_the_mentor_escalate_and_the_io_decide(
    judged, opleider, mentor, instituutsopleider
):
    """ "Deze weegt de argumenten en neemt de eindbeslissing." (through the screens)"""
    disagreement = disagreement_open(category="niveau", by=opleider, entry=judged, reason="Twijfel")
    url = reverse("cycle:disagreement", args=[disagreement.pk])
    client = Client()
    client.force_login(mentor)
    page = client.get(url).content.decode()
    assert "Instituutsopleider inschakelen" in page
    assert "de instituutsopleider besluit" not in page
    client.post(
        reverse("cycle:disagreement_escalate", args=[disagreement.pk]), {"note": "Verschil."}
    )
    client.force_login(instituutsopleider)
    page = client.get(url).content.decode()
    assert "Geen overeenstemming: de instituutsopleider besluit" in page


# --- Early termination ------------------------------------------------------------------------


def test_the_reason_is_mismatch_with_the_werkplekbegeleider():
    """ "een mismatch tussen student en werkplekbegeleider" """
    assert TerminationReason.MISMATCH.label == "Mismatch tussen student en werkplekbegeleider"


@pytest.fixture
def proposal(cycle_placement, mentor):
    return termination_propose(
        by=mentor, placement=cycle_placement, reason="mismatch", explanation="Het klikt niet."
    )


def test_termination_waits_for_both_so_and_io(proposal, schoolopleider, cycle_placement):
    """ "Voordat u tot het besluit komt neemt u contact op met de schoolopleider en
    instituutsopleider. Deze zullen … tot een passend plan komen" """
    termination_decide(
        by=schoolopleider, proposal=proposal, terminate=True, note="Stoppen", plan="", **CONSULTED
    )
    proposal.refresh_from_db()
    cycle_placement.refresh_from_db()
    assert proposal.status == TerminationStatus.PROPOSED
    assert cycle_placement.status != PlacementStatus.TERMINATED
    with pytest.raises(CycleError, match="ander van jullie"):
        termination_confirm(by=schoolopleider, proposal=proposal, agree=True)


def test_termination_first_consults_student_wpb_and_slb(proposal, schoolopleider):
    """ "Deze zullen, vaak via overleg met u, de slb'er en de opleider van de HAN tot een
    passend plan komen" """
    with pytest.raises(CycleError, match="student, de werkplekbegeleider en de slb'er"):
        termination_decide(
            by=schoolopleider,
            proposal=proposal,
            terminate=True,
            note="Stoppen",
            plan="",
            consulted_student=True,
            consulted_wpb=True,
        )


def test_both_so_and_io_hear_every_step(proposal, schoolopleider, instituutsopleider):
    """ "neemt u contact op met de schoolopleider en instituutsopleider" """
    assert schoolopleider.notifications.count() == instituutsopleider.notifications.count() == 1
    termination_decide(
        by=schoolopleider, proposal=proposal, terminate=True, note="Stoppen", plan="", **CONSULTED
    )
    assert instituutsopleider.notifications.filter(message__contains="voorgenomen").exists()
    termination_confirm(by=instituutsopleider, proposal=proposal, agree=True)
    assert schoolopleider.notifications.filter(message__contains="besloten samen").exists()


def test_a_rejected_intention_starts_the_joint_decision_over(
    proposal, schoolopleider, instituutsopleider
):
    """ "Deze zullen … tot een passend plan komen": together, or not yet."""
    termination_decide(
        by=instituutsopleider, proposal=proposal, terminate=True, note="Stop", plan="", **CONSULTED
    )
    termination_confirm(by=schoolopleider, proposal=proposal, agree=False, note="Eerst coachen")
    proposal.refresh_from_db()
    assert proposal.intended_by is None and proposal.status == TerminationStatus.PROPOSED
    assert "Eerst coachen" in proposal.consultation


# --- Concerns ---------------------------------------------------------------------------------


def test_the_io_hands_a_concern_on_to_the_opleider(
    cycle_placement, mentor, instituutsopleider, opleider
):
    """ "kan de instituutsopleider u waarschijnlijk in contact brengen met de opleider van de
    HAN die het programma op het instituut verzorgt." """
    concern = concern_raise(by=mentor, placement_outcome=cycle_placement.outcomes.first(), text="x")
    concern_hand_on(by=instituutsopleider, concern=concern)
    assert opleider.notifications.filter(message__contains="zorg").exists()
    done = concern_acknowledge(by=opleider, concern=concern, agreement="Lesbezoek op dinsdag")
    assert done.acknowledged_by == opleider


# --- The roles on the placement ---------------------------------------------------------------


def test_opleider_and_slb_see_the_placement_and_outsiders_do_not(
    cycle_placement, opleider, slb, outsider
):
    """ "via overleg met u, de slb'er en de opleider van de HAN": both are on the placement."""
    assert cycle_placement in placements_visible_to(opleider)
    assert cycle_placement in placements_visible_to(slb)
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("cycle:placement", args=[cycle_placement.pk])).status_code == 404
