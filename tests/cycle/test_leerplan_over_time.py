"""The leerplan lives through the placement: at the tussenevaluatie the approved plan reopens,
is submitted and approved again with the difference to the approved one, and every approved
version stays readable (handbook 3.4)."""

import pytest
from django.urls import reverse

from apps.core.concurrency import StaleEdit
from apps.cycle.common import CycleError
from apps.cycle.leerplan.selectors import approval_held
from apps.cycle.leerplan.services import leerplan_decide, leerplan_reopen
from apps.cycle.models import Conversation, Leerplan, LeerplanStatus, LeerplanVersion
from tests.cycle.test_leerplan_services import submit

# Handbook 3.4, Tussenevaluatie.
ADJUSTED = (
    "Doelen worden bijgesteld voor het tweede deel van het leren in de praktijk. Dezelfde "
    "systematiek als bij het startgesprek wordt gehanteerd door de begeleiders."
)


def lock() -> int:
    return Leerplan.objects.get().lock_version


@pytest.fixture
def approved(cycle_placement, student, mentor):
    submit(cycle_placement, student, goal="Eerste doel")
    leerplan_decide(by=mentor, placement=cycle_placement, decision="goedgekeurd")
    return cycle_placement


def reopen_and_resubmit(placement, student, goal="Bijgesteld doel"):
    leerplan_reopen(by=student.user, placement=placement, lock_version=lock())
    return submit(placement, student, lock(), goal=goal)


def test_approved_plan_reopens_at_the_tussenevaluatie_as_a_concept(approved, student):
    """ADJUSTED: the plan can be changed again for the second part."""
    leerplan_reopen(by=student.user, placement=approved, lock_version=lock())
    assert Leerplan.objects.get().status == LeerplanStatus.DRAFT


def test_the_mentor_may_reopen_it_too(approved, mentor):
    leerplan_reopen(by=mentor, placement=approved, lock_version=lock())
    assert Leerplan.objects.get().status == LeerplanStatus.DRAFT


def test_reopening_needs_a_tussenevaluatie(approved, student):
    Conversation.objects.filter(placement=approved, kind="tussenevaluatie").delete()
    with pytest.raises(CycleError, match="tussenevaluatie"):
        leerplan_reopen(by=student.user, placement=approved, lock_version=lock())


def test_only_an_approved_plan_reopens(cycle_placement, student):
    submit(cycle_placement, student)
    with pytest.raises(CycleError, match="goedgekeurd"):
        leerplan_reopen(by=student.user, placement=cycle_placement, lock_version=lock())


def test_reopening_on_a_stale_page_is_refused(approved, student):
    with pytest.raises(StaleEdit):
        leerplan_reopen(by=student.user, placement=approved, lock_version=lock() - 1)


def test_the_adjusted_plan_is_a_new_version_approved_again(approved, student, mentor):
    """ADJUSTED: the same systematiek as at the startgesprek, so submitted and approved."""
    version = reopen_and_resubmit(approved, student)
    leerplan_decide(by=mentor, placement=approved, decision="goedgekeurd")
    assert version.number == 2 and Leerplan.objects.get().status == LeerplanStatus.APPROVED
    assert approval_held(approved).version == version


def test_the_approved_version_holds_until_the_new_one_is_approved(approved, student):
    reopen_and_resubmit(approved, student)
    assert approval_held(approved).version.number == 1


def test_every_approved_version_stays_as_it_was_approved(approved, student, mentor):
    first = LeerplanVersion.objects.get(number=1).text
    reopen_and_resubmit(approved, student)
    leerplan_decide(by=mentor, placement=approved, decision="goedgekeurd")
    assert LeerplanVersion.objects.get(number=1).text == first
    assert "Doel: Eerste doel" in first


def test_mentor_sees_what_the_adjusted_version_changes_in_the_approved_one(
    client, approved, student, mentor
):
    reopen_and_resubmit(approved, student)
    client.force_login(mentor)
    page = client.get(reverse("cycle:leerplan", args=[approved.pk])).content.decode()
    assert "verandert aan de goedgekeurde versie 1" in page
    assert "Doel: Eerste doel</del>" in page and "Doel: Bijgesteld doel</ins>" in page


def test_versions_page_compares_the_newest_with_the_approved_one(client, approved, student, mentor):
    reopen_and_resubmit(approved, student, goal="Tweede doel")
    leerplan_decide(by=mentor, placement=approved, decision="teruggegeven", comment="Scherper.")
    submit(approved, student, lock(), goal="Derde doel")
    client.force_login(mentor)
    page = client.get(reverse("cycle:leerplan_versions", args=[approved.pk])).content.decode()
    assert "van versie 1 naar versie 3" in page


def test_reopen_button_on_the_overview_reopens(client, approved, student):
    client.force_login(student.user)
    page = client.get(reverse("cycle:leerplan", args=[approved.pk])).content.decode()
    assert "Leerplan heropenen om bij te stellen" in page
    client.post(reverse("cycle:leerplan_reopen", args=[approved.pk]), {"lock_version": lock()})
    page = client.get(reverse("cycle:leerplan", args=[approved.pk])).content.decode()
    assert "geldt de goedgekeurde versie 1" in page


def test_form_shows_the_leerplan_version_that_held_when_it_was_sent(
    client, approved, student, mentor, tussen
):
    """The form names the approved version that held; a later approval does not change it."""
    tussen.state, tussen.sent_by, tussen.sent_at, tussen.fingerprint = (
        "verzonden",
        mentor,
        approval_held(approved).decided_at,
        "x",
    )
    tussen.save()
    reopen_and_resubmit(approved, student)
    leerplan_decide(by=mentor, placement=approved, decision="goedgekeurd")
    client.force_login(mentor)
    page = client.get(reverse("cycle:form", args=[tussen.pk])).content.decode()
    assert "#versie-1" in page and "versie 1, goedgekeurd op" in page
