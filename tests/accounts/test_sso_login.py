"""Logging in through a real OpenID Connect provider (django-oidc-provider in its own
process): linking by the configured claim or a verified e-mail, refusing unknown people."""

import uuid

from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from apps.accounts.models import AuditEvent, Role, User
from tests.accounts.sso_helpers import ProviderAgent, sso_round_trip
from tests.factories import UserFactory


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


def start(client, provider_id: str, **data):
    return client.post(reverse("accounts:sso_login", args=[provider_id]), data)


def test_login_page_offers_institution_and_eduid(client, sso):
    response = client.get(reverse("accounts:login"))
    assert "Inloggen met je instelling" in response.text
    assert "Inloggen met eduID" in response.text
    assert 'name="password"' in response.text


def test_login_page_without_providers_has_only_the_password_form(client, db):
    response = client.get(reverse("accounts:login"))
    assert "Inloggen met je instelling" not in response.text
    assert 'name="password"' in response.text


def test_first_login_links_by_the_configured_claim(client, sso):
    student = UserFactory(email="s.student@han.example", roles=[Role.STUDENT])
    username = unique("student")
    sso.person(username, email="prive@gmail.example", eduperson_principal_name=student.email)

    response = sso_round_trip(client, ProviderAgent(sso, username), start(client, "surfconext"))

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == student
    assert SocialAccount.objects.get(provider="surfconext").user == student
    linked = AuditEvent.objects.get(action="sso.linked")
    assert linked.detail["via"] == "claim" and linked.target_id == str(student.pk)


def test_a_linked_login_keeps_working_when_the_claim_changes(client, sso):
    student = UserFactory(email="t.student@han.example", roles=[Role.STUDENT])
    username = unique("student")
    sso.person(username, eduperson_principal_name=student.email)
    sso_round_trip(client, ProviderAgent(sso, username), start(client, "surfconext"))
    client.post(reverse("accounts:logout"))
    sso.person(username, eduperson_principal_name="nieuw@han.example")

    response = sso_round_trip(client, ProviderAgent(sso, username), start(client, "surfconext"))

    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == student


def test_unknown_person_is_refused_and_not_created(client, sso):
    username = unique("onbekend")
    sso.person(username, email="niemand@gmail.example", email_verified=True)
    people = User.objects.count()

    response = sso_round_trip(client, ProviderAgent(sso, username), start(client, "eduid"))

    assert response.status_code == 403
    assert "praktijkbureau" in response.text
    assert User.objects.count() == people and not SocialAccount.objects.exists()
    assert AuditEvent.objects.get(action="sso.refused").detail["reason"] == "unknown"


def test_unverified_email_does_not_link(client, sso):
    mentor = UserFactory(email="w.mentor@school.example", roles=[Role.WERKPLEKBEGELEIDER])
    username = unique("mentor")
    sso.person(username, email=mentor.email, email_verified=False)

    response = sso_round_trip(client, ProviderAgent(sso, username), start(client, "eduid"))

    assert response.status_code == 403
    assert "niet bevestigd" in response.text
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.get(action="sso.refused").detail["reason"] == "unverified_email"


def test_verified_email_links_an_imported_person(client, sso):
    mentor = UserFactory(email="v.mentor@school.example", roles=[Role.WERKPLEKBEGELEIDER])
    username = unique("mentor")
    sso.person(username, email=mentor.email.upper(), email_verified=True)

    sso_round_trip(client, ProviderAgent(sso, username), start(client, "eduid"))

    assert client.get(reverse("home")).context["user"] == mentor
    assert AuditEvent.objects.get(action="sso.linked").detail["via"] == "verified_email"


def test_an_unverified_email_claim_never_links_where_only_the_claim_counts(client, sso):
    student = UserFactory(email="u.student@han.example", roles=[Role.STUDENT])
    username = unique("student")
    sso.person(username, email=student.email, email_verified=True)

    response = sso_round_trip(client, ProviderAgent(sso, username), start(client, "surfconext"))

    assert response.status_code == 403 and not SocialAccount.objects.exists()


def test_inactive_person_is_refused(client, sso):
    student = UserFactory(email="i.student@han.example", roles=[Role.STUDENT], is_active=False)
    username = unique("student")
    sso.person(username, eduperson_principal_name=student.email)

    response = sso_round_trip(client, ProviderAgent(sso, username), start(client, "surfconext"))

    assert response.status_code == 403 and "_auth_user_id" not in client.session
