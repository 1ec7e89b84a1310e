"""Invitations: a single-use link, valid 14 days, on the address of whoever invited; the
praktijkbureau lists who cannot log in yet and sends a new link from its page or the admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import AuditEvent, Invitation, OutboxMail, User
from apps.accounts.outbox import outbox_deliver_due
from apps.accounts.services import (
    AccountError,
    InvitationInvalid,
    invitation_accept,
    invitation_send,
    invitation_token_hash,
    user_create,
)
from tests.querycount import queries_for

PASSWORD = "Zonnebloem-73-pad"
BASE = "https://stage.hogeschool.nl/"


@pytest.fixture
def newcomer(db):
    return user_create(by=None, email="nieuw@school.example.nl", full_name="Nora Nieuw")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def on_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "stage.hogeschool.nl"]
    return {"HTTP_HOST": "stage.hogeschool.nl"}


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/uitnodiging/\S+/", message.body).group(0)


def invite(person, by=None) -> str:
    """Invite `person` and deliver the mail as the worker does; the token, from the link."""
    invitation_send(by=by, user=person, base_url=BASE)
    outbox_deliver_due()
    return link_in(mail.outbox[-1]).rstrip("/").rpartition("/")[2]


def later(monkeypatch, **delta) -> None:
    moment = timezone.now() + timedelta(**delta)
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- The service ------------------------------------------------------------------------------


def test_only_the_hash_of_the_token_is_stored(newcomer):
    token = invite(newcomer)
    stored = Invitation.objects.get()
    assert stored.token_hash == invitation_token_hash(token)
    assert token not in str(Invitation.objects.values().get())
    assert token not in str(list(OutboxMail.objects.values()))


def test_the_link_is_made_when_the_mail_leaves_so_the_outbox_holds_none(newcomer):
    invitation_send(by=None, user=newcomer, base_url=BASE)
    waiting = OutboxMail.objects.get()
    assert (waiting.subject, waiting.body) == ("", "")
    assert waiting.context == {
        "invitation": Invitation.objects.get().pk,
        "base_url": BASE,
        "language": "nl",
    }


def test_a_replaced_invitation_is_not_mailed(newcomer):
    invitation_send(by=None, user=newcomer, base_url=BASE)
    invitation_send(by=None, user=newcomer, base_url=BASE)
    outbox_deliver_due()
    assert len(mail.outbox) == 1
    assert sorted(OutboxMail.objects.values_list("status", flat=True)) == ["verstuurd", "vervallen"]


def test_an_invitation_sets_the_password_once(newcomer):
    token = invite(newcomer)
    invitation_accept(token=token, password=PASSWORD)
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD)
    with pytest.raises(InvitationInvalid):
        invitation_accept(token=token, password="Ander-wachtwoord-99")


def test_an_invitation_works_until_fourteen_days_have_passed(newcomer, monkeypatch):
    token = invite(newcomer)
    later(monkeypatch, days=14)
    with pytest.raises(InvitationInvalid):
        invitation_accept(token=token, password=PASSWORD)
    later(monkeypatch, days=-1)  # 13 days after sending
    assert invitation_accept(token=token, password=PASSWORD) == newcomer


def test_a_new_invitation_supersedes_the_open_one(newcomer):
    old = invite(newcomer)
    new = invite(newcomer)
    with pytest.raises(InvitationInvalid):
        invitation_accept(token=old, password=PASSWORD)
    assert invitation_accept(token=new, password=PASSWORD) == newcomer


def test_someone_who_can_log_in_needs_no_invitation(mentor):
    with pytest.raises(AccountError, match="kan al inloggen"):
        invitation_send(by=None, user=mentor, base_url=BASE)


def test_a_password_the_validators_refuse_is_not_set(newcomer):
    token = invite(newcomer)
    with pytest.raises(AccountError):
        invitation_accept(token=token, password="12345678")
    assert invitation_accept(token=token, password=PASSWORD) == newcomer


def test_the_mail_leaves_after_the_commit_only(newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(by=None, user=newcomer, base_url=BASE)
        assert mail.outbox == []
    assert link_in(mail.outbox[0]).startswith(f"{BASE}accounts/uitnodiging/")


def test_the_mail_names_the_expiry_date_and_speaks_je(newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(by=None, user=newcomer, base_url=BASE)
    expires = timezone.localtime(invitation.expires_at)
    body = mail.outbox[0].body
    assert f"geldig tot {expires.day} " in body and str(expires.year) in body
    assert not re.search(r"\b[Uu]w?\b", body)


def test_sending_and_accepting_are_recorded(newcomer, admin_user):
    token = invite(newcomer, by=admin_user)
    invitation_accept(token=token, password=PASSWORD)
    actions = set(AuditEvent.objects.values_list("action", "actor"))
    assert actions == {
        ("accounts.invitation_sent", admin_user.pk),
        ("accounts.invitation_accepted", newcomer.pk),
    }


# --- The accept page --------------------------------------------------------------------------


def test_the_accept_page_sets_the_password_and_logs_in(client, newcomer):
    token = invite(newcomer)
    url = reverse("accounts:invitation_accept", args=[token])
    assert "new_password1" in client.get(url).content.decode()
    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.context["user"] == newcomer
    assert "Welkom bij Driehoek, Nora!" in response.content.decode()


def test_a_refused_password_keeps_the_form_with_the_rules_in_je(client, newcomer):
    token = invite(newcomer)
    url = reverse("accounts:invitation_accept", args=[token])
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Je wachtwoord bestaat niet alleen uit cijfers." in content
    assert not re.search(r"\b[Uu]w\b", content)


def test_a_used_link_says_whom_to_ask_and_looks_like_an_unknown_one(client, newcomer):
    token = invite(newcomer)
    invitation_accept(token=token, password=PASSWORD)
    used = client.get(reverse("accounts:invitation_accept", args=[token]))
    unknown = client.get(reverse("accounts:invitation_accept", args=["bestaat-niet"]))
    assert used.status_code == unknown.status_code == 200
    assert "vraag het praktijkbureau" in used.content.decode()
    assert used.templates[0].name == unknown.templates[0].name == "accounts/invitation_invalid.html"


def test_an_expired_link_says_it_no_longer_works(client, newcomer, monkeypatch):
    token = invite(newcomer)
    later(monkeypatch, days=15)
    response = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert "Deze link werkt niet meer" in response.content.decode()


def test_the_password_reset_page_speaks_je(client, mentor):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(str(mentor.pk).encode())
    token = default_token_generator.make_token(mentor)
    url = reverse("accounts:password_reset_confirm", args=[uid, token])
    form = client.get(url, follow=True).context["form"]
    help_text = str(form.fields["new_password1"].help_text)
    assert "Je wachtwoord" in help_text and "Uw" not in help_text


# --- Where the link points --------------------------------------------------------------------


def test_the_link_points_at_the_host_the_praktijkbureau_used(
    admin_client, newcomer, on_host, django_capture_on_commit_callbacks
):
    url = reverse("accounts:invitation_resend", args=[newcomer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, **on_host)
    assert link_in(mail.outbox[0]).startswith("http://stage.hogeschool.nl/accounts/uitnodiging/")


# --- The praktijkbureau's page and the admin --------------------------------------------------


def test_the_list_shows_who_cannot_log_in_yet(admin_client, newcomer, mentor):
    invitation_send(by=None, user=newcomer, base_url=BASE)
    legacy = user_create(by=None, email="oud@school.example.nl", full_name="Otto Oud")
    content = admin_client.get(reverse("accounts:invitations")).content.decode()
    assert "Nora Nieuw" in content and "geldig tot" in content
    assert legacy.full_name in content and "Nog geen uitnodiging" in content
    assert mentor.full_name not in content


def expire_all() -> None:
    """Let every invitation have expired (moving the clock would end the test's session)."""
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))


def test_an_expired_invitation_shows_as_expired(admin_client, newcomer):
    invitation_send(by=None, user=newcomer, base_url=BASE)
    expire_all()
    content = admin_client.get(reverse("accounts:invitations")).content.decode()
    assert "verlopen op" in content


def test_resending_from_the_page_replaces_the_old_link(
    admin_client, newcomer, django_capture_on_commit_callbacks
):
    old = invite(newcomer)
    mail.outbox.clear()
    url = reverse("accounts:invitation_resend", args=[newcomer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, follow=True)
    assert "Nieuwe uitnodiging verstuurd aan Nora Nieuw" in response.content.decode()
    assert Invitation.objects.get(token_hash=invitation_token_hash(old)).superseded_at
    assert len(mail.outbox) == 1


def test_resending_to_someone_with_a_password_is_a_message(admin_client, mentor):
    url = reverse("accounts:invitation_resend", args=[mentor.pk])
    response = admin_client.post(url, follow=True)
    assert "kan al inloggen" in response.content.decode()
    assert not Invitation.objects.exists()


def test_resending_to_all_expired_skips_valid_links(
    admin_client, newcomer, django_capture_on_commit_callbacks
):
    invite(newcomer)
    expire_all()
    invite(user_create(by=None, email="vers@school.example.nl", full_name="Vera Vers"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("accounts:invitations_resend_expired"))
    assert [m.to for m in mail.outbox] == [[newcomer.email]]


def test_the_admin_action_resends_to_who_needs_it(
    admin_client, newcomer, mentor, django_capture_on_commit_callbacks
):
    data = {"action": "resend_invitation", "_selected_action": [newcomer.pk, mentor.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:accounts_user_changelist"), data, follow=True)
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert "1 persoon kan al inloggen" in response.content.decode()


def test_others_than_the_praktijkbureau_get_404(client, mentor, newcomer):
    client.force_login(mentor)
    assert client.get(reverse("accounts:invitations")).status_code == 404
    url = reverse("accounts:invitation_resend", args=[newcomer.pk])
    assert client.post(url).status_code == 404
    assert not Invitation.objects.exists()


def test_the_praktijkbureau_finds_the_page_in_the_navigation(admin_client):
    content = admin_client.get(reverse("home")).content.decode()
    assert reverse("accounts:invitations") in content


def waiting(count: int, start: int = 0) -> None:
    """`count` people without a password, each with an invitation."""
    users = User.objects.bulk_create(
        [
            User(
                email=f"wacht{n}@example.test",
                full_name=f"Wacht {n:04d}",
                password=make_password(None),
            )
            for n in range(start, start + count)
        ]
    )
    now = timezone.now()
    Invitation.objects.bulk_create(
        [
            Invitation(user=u, expires_at=now + timedelta(days=14), token_hash=f"{u.pk:064d}")
            for u in users
        ]
    )


def test_the_list_costs_the_same_at_5_and_500_people(admin_client):
    waiting(5)
    url = reverse("accounts:invitations")
    # session, user, roles, the navigation's counts (what waits, unread notifications); the
    # people with their latest invitation and its validity: 5.
    at_5 = queries_for(admin_client, url)

    waiting(495, start=5)

    assert queries_for(admin_client, url) == at_5 == 5


def test_a_password_like_the_persons_name_is_refused(client, newcomer):
    token = invite(newcomer)
    url = reverse("accounts:invitation_accept", args=[token])
    response = client.post(url, {"new_password1": "NoraNieuw", "new_password2": "NoraNieuw"})
    assert response.status_code == 400
    assert "lijkt te veel op" in response.content.decode()


def test_a_link_stops_working_once_the_person_has_a_password_another_way(newcomer):
    token = invite(newcomer)
    newcomer.set_password("Gezet-door-beheer-1")
    newcomer.save()
    with pytest.raises(InvitationInvalid):
        invitation_accept(token=token, password=PASSWORD)


def test_a_person_added_in_the_admin_gets_no_password_but_an_invitation(
    admin_client, on_host, django_capture_on_commit_callbacks
):
    form = {"email": "R.Koster@Hogeschool.nl", "full_name": "Rutger Koster"}
    inline = {"role_memberships-TOTAL_FORMS": "1", "role_memberships-INITIAL_FORMS": "0"}
    inline |= {"role_memberships-0-role": "instituutsopleider"}
    inline |= {"invitations-TOTAL_FORMS": "0", "invitations-INITIAL_FORMS": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:accounts_user_add"), form | inline, **on_host)
    person = User.objects.get(email="r.koster@hogeschool.nl")
    assert not person.has_usable_password() and person.has_role("instituutsopleider")
    assert mail.outbox[0].to == ["r.koster@hogeschool.nl"]
    assert link_in(mail.outbox[0]).startswith("http://stage.hogeschool.nl/accounts/uitnodiging/")
