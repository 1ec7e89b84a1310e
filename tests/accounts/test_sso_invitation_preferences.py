"""A new mentor accepts an invitation by linking eduID; a person links and unlinks logins
under Voorkeuren; the praktijkbureau can turn passwords off for the institute's people."""

import re
import uuid

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from apps.accounts.models import AuditEvent, Invitation, LoginPolicy, Role
from apps.accounts.outbox import outbox_deliver_due
from apps.accounts.services import invitation_send, invitations_send, role_grant, user_create
from apps.accounts.sso.services import login_policy_set, password_login_allowed
from tests.accounts.sso_helpers import ProviderAgent, sso_round_trip
from tests.factories import UserFactory

PASSWORD = "geheim-wachtwoord-1"


def invitation_token(person) -> str:
    """Invite `person` and deliver the mail as the worker does; the token, from its link."""
    invitation_send(by=None, user=person, base_url="http://testserver/")
    outbox_deliver_due()
    link = re.search(r"https?://\S+/accounts/uitnodiging/\S+/", mail.outbox[-1].body).group(0)
    return link.rstrip("/").rpartition("/")[2]


def eduid_person(sso, **claims):
    username = f"eduid-{uuid.uuid4().hex[:8]}"
    sso.person(username, **claims)
    return ProviderAgent(sso, username)


@pytest.fixture
def invited_mentor(db):
    mentor = user_create(by=None, email="nieuwe.mentor@school.example", full_name="Mo Mentor")
    role_grant(by=None, user=mentor, role=Role.WERKPLEKBEGELEIDER)
    return mentor, invitation_token(mentor)


def test_invitation_offers_eduid_beside_a_password(client, sso, invited_mentor):
    mentor, token = invited_mentor

    response = client.get(reverse("accounts:invitation_accept", args=[token]))

    assert "Koppel eduID" in response.text and "Kies een wachtwoord" in response.text


def test_invitation_links_eduid_whatever_address_eduid_has(client, sso, invited_mentor):
    mentor, token = invited_mentor
    agent = eduid_person(sso, email="mo.prive@mail.example", email_verified=True)

    start = client.post(reverse("accounts:invitation_sso", args=[token, "eduid"]))
    response = sso_round_trip(client, agent, start)

    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == mentor
    assert SocialAccount.objects.get(provider="eduid").user == mentor
    assert Invitation.objects.get(user=mentor).accepted_at is not None
    assert AuditEvent.objects.get(action="sso.linked").detail["via"] == "invitation"


def test_a_used_invitation_cannot_start_a_link(client, sso, invited_mentor):
    mentor, token = invited_mentor
    sso_round_trip(
        client,
        eduid_person(sso),
        client.post(reverse("accounts:invitation_sso", args=[token, "eduid"])),
    )

    response = client.post(reverse("accounts:invitation_sso", args=[token, "eduid"]))

    assert response.status_code == 200 and "werkt niet meer" in response.text


def test_linking_from_preferences_is_audited_and_shown(client, sso, mentor):
    client.force_login(mentor)
    agent = eduid_person(sso, email="iemand@mail.example", email_verified=False)

    sso_round_trip(client, agent, client.post(reverse("accounts:sso_connect", args=["eduid"])))

    assert SocialAccount.objects.get().user == mentor
    assert AuditEvent.objects.get(action="sso.linked").detail["via"] == "voorkeuren"
    page = client.get(reverse("preferences"))
    assert "eduID – iemand@mail.example" in page.text and "eduID ontkoppelen" in page.text


def test_a_login_linked_to_someone_else_is_not_moved(client, sso, mentor, outsider):
    agent = eduid_person(sso)
    client.force_login(outsider)
    sso_round_trip(client, agent, client.post(reverse("accounts:sso_connect", args=["eduid"])))
    client.force_login(mentor)
    sso_round_trip(client, agent, client.post(reverse("accounts:sso_connect", args=["eduid"])))

    assert SocialAccount.objects.get().user == outsider


def test_unlinking_is_audited(client, sso, mentor):
    client.force_login(mentor)
    sso_round_trip(
        client, eduid_person(sso), client.post(reverse("accounts:sso_connect", args=["eduid"]))
    )
    account = SocialAccount.objects.get()

    client.post(reverse("accounts:sso_unlink", args=[account.pk]))

    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.get(action="sso.unlinked").detail["provider"] == "eduid"


def test_the_only_way_in_cannot_be_unlinked(client, sso, invited_mentor):
    mentor, token = invited_mentor
    sso_round_trip(
        client,
        eduid_person(sso),
        client.post(reverse("accounts:invitation_sso", args=[token, "eduid"])),
    )

    response = client.post(
        reverse("accounts:sso_unlink", args=[SocialAccount.objects.get().pk]), follow=True
    )

    assert SocialAccount.objects.exists() and "enige manier" in response.text


def test_someone_elses_login_cannot_be_unlinked(client, sso, mentor, outsider):
    client.force_login(outsider)
    sso_round_trip(
        client, eduid_person(sso), client.post(reverse("accounts:sso_connect", args=["eduid"]))
    )
    client.force_login(mentor)

    response = client.post(reverse("accounts:sso_unlink", args=[SocialAccount.objects.get().pk]))

    assert response.status_code == 404 and SocialAccount.objects.exists()


# --- The praktijkbureau's policy --------------------------------------------------------------


def login(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def test_with_the_policy_on_students_log_in_only_through_their_institution(
    client, sso, student, admin_user
):
    login_policy_set(by=admin_user, institute_passwords_off=True)

    response = login(client, student.user)

    assert response.status_code == 200 and "Log in via je instelling" in response.text
    assert "_auth_user_id" not in client.session


def test_with_the_policy_on_school_staff_keep_their_password(client, sso, mentor, admin_user):
    login_policy_set(by=admin_user, institute_passwords_off=True)

    assert login(client, mentor).status_code == 302


def test_the_policy_waits_until_sso_is_configured(student, instituutsopleider, admin_user):
    login_policy_set(by=admin_user, institute_passwords_off=True)

    assert password_login_allowed(student.user) and password_login_allowed(instituutsopleider)


def test_the_policy_page_saves_and_audits(client, sso, admin_user, instituutsopleider):
    client.force_login(admin_user)

    client.post(reverse("accounts:login_policy"), {"institute_passwords_off": "on"})

    assert LoginPolicy.current().institute_passwords_off
    assert AuditEvent.objects.filter(action="sso.policy").exists()
    assert not password_login_allowed(instituutsopleider)


def test_a_superuser_keeps_a_password_as_the_way_in(sso, admin_user):
    login_policy_set(by=admin_user, institute_passwords_off=True)

    assert password_login_allowed(admin_user)


def test_with_the_policy_on_an_invited_student_only_links(client, sso, admin_user):
    login_policy_set(by=admin_user, institute_passwords_off=True)
    newcomer = UserFactory(roles=[Role.STUDENT])
    newcomer.set_unusable_password()
    newcomer.save()
    token = invitation_token(newcomer)

    page = client.get(reverse("accounts:invitation_accept", args=[token]))

    assert "Koppel de login van je instelling" in page.text
    assert "Kies een wachtwoord" not in page.text


def test_a_mentor_who_linked_eduid_has_accepted_and_needs_no_new_invitation(
    client, sso, invited_mentor, admin_user
):
    mentor, token = invited_mentor
    sso_round_trip(
        client,
        eduid_person(sso),
        client.post(reverse("accounts:invitation_sso", args=[token, "eduid"])),
    )
    client.force_login(admin_user)

    page = client.get(reverse("accounts:invitations"))

    assert mentor.email not in page.text
    assert invitations_send(by=admin_user, users=[mentor], base_url="http://testserver/") == []


def test_an_abandoned_invitation_link_does_not_apply_to_a_later_login(client, sso, invited_mentor):
    mentor, token = invited_mentor
    client.post(reverse("accounts:invitation_sso", args=[token, "eduid"]))  # never finished
    agent = eduid_person(sso, email="vreemd@mail.example", email_verified=True)

    response = sso_round_trip(
        client, agent, client.post(reverse("accounts:sso_login", args=["eduid"]))
    )

    assert response.status_code == 403 and not SocialAccount.objects.exists()


def test_a_link_started_by_someone_else_in_this_browser_is_refused(client, sso, mentor, outsider):
    client.force_login(mentor)
    started = client.post(reverse("accounts:sso_connect", args=["eduid"]))
    client.force_login(outsider)  # another person took over the browser

    response = sso_round_trip(client, eduid_person(sso), started)

    assert response.status_code == 400 and not SocialAccount.objects.exists()
