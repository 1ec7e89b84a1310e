"""State is single-use and short-lived; logout ends the session at the provider too."""

import uuid
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from apps.accounts.models import AuditEvent, Role
from tests.accounts.sso_helpers import ProviderAgent, back_at_driehoek
from tests.factories import UserFactory


def linked_student(sso):
    student = UserFactory(email=f"{uuid.uuid4().hex[:8]}@han.example", roles=[Role.STUDENT])
    username = f"student-{uuid.uuid4().hex[:8]}"
    sso.person(username, eduperson_principal_name=student.email)
    return student, ProviderAgent(sso, username)


def provider_sends_back(client, agent):
    started = client.post(reverse("accounts:sso_login", args=["surfconext"]))
    return agent.visit(started["Location"])


def test_replayed_callback_is_refused(client, sso):
    student, agent = linked_student(sso)
    callback = provider_sends_back(client, agent)
    assert back_at_driehoek(client, callback).status_code == 302

    replay = back_at_driehoek(Client(), callback)

    assert replay.status_code == 400
    assert "_auth_user_id" not in replay.wsgi_request.session
    assert AuditEvent.objects.filter(action="sso.failed").count() == 1


def test_replayed_callback_in_the_same_session_is_refused(client, sso):
    student, agent = linked_student(sso)
    callback = provider_sends_back(client, agent)
    back_at_driehoek(client, callback)
    client.post(reverse("accounts:logout"))

    assert back_at_driehoek(client, callback).status_code == 400


def test_expired_state_is_refused(client, sso):
    student, agent = linked_student(sso)
    callback = provider_sends_back(client, agent)
    session = client.session
    session["socialaccount_states"] = {
        sid: [state, ts - 601, provider]
        for sid, (state, ts, provider) in session["socialaccount_states"].items()
    }
    session.save()

    response = back_at_driehoek(client, callback)

    assert response.status_code == 400 and "Inloggen is niet gelukt" in response.text


def test_callback_with_a_state_that_was_never_issued_is_refused(client, sso):
    student, agent = linked_student(sso)
    callback = provider_sends_back(Client(), agent)  # another browser started it

    assert back_at_driehoek(client, callback).status_code == 400


def test_logout_ends_the_session_at_the_provider(client, sso):
    student, agent = linked_student(sso)
    back_at_driehoek(client, provider_sends_back(client, agent))
    assert agent.logged_in()

    response = client.post(reverse("accounts:logout"))

    assert response["Location"].startswith(f"{sso.issuer}/end-session")
    assert "id_token_hint" in parse_qs(urlsplit(response["Location"]).query)
    back = agent.visit(response["Location"])
    assert back == "http://testserver/accounts/inloggen/"
    assert not agent.logged_in()
    assert "_auth_user_id" not in client.session


def test_logout_after_a_password_login_stays_here(client, db):
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("accounts:login")
