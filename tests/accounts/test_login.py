import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import OutboxMail, Role
from tests.factories import UserFactory

PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def person(db):
    return UserFactory(email="wendy@school.test", roles=[Role.WERKPLEKBEGELEIDER])


def test_login_with_email_and_password_leads_home(client, person):
    response = client.post(
        reverse("accounts:login"), {"username": "Wendy@School.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_gives_dutch_message_and_keeps_email(client, person):
    response = client.post(
        reverse("accounts:login"), {"username": "wendy@school.test", "password": "fout"}
    )
    assert "horen niet bij elkaar" in response.content.decode()
    assert 'value="wendy@school.test"' in response.content.decode()


def test_login_page_is_dutch(client, db):
    response = client.get(reverse("accounts:login"))
    assert '<html lang="nl">' in response.content.decode()
    assert "Inloggen bij Driehoek" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_logout_ends_the_session(client, person):
    client.force_login(person)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "wendy@school.test"})
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/wachtwoord-herstellen/" in line
    )
    path = link.split("testserver", 1)[1]
    form_url = client.get(path).url
    client.post(
        form_url, {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"}
    )
    person.refresh_from_db()
    assert person.check_password("Nieuw-wachtwoord-42")


def test_password_reset_for_unknown_address_reveals_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "niemand@x.test"})
    assert response.status_code == 302
    assert mail.outbox == [] and not OutboxMail.objects.exists()


def test_a_password_reset_link_is_made_when_the_mail_leaves(client, person):
    client.post(reverse("accounts:password_reset"), {"email": "wendy@school.test"})
    waiting = OutboxMail.objects.get()
    assert (waiting.kind, waiting.recipient, waiting.body) == ("wachtwoord", person, "")
    assert mail.outbox == []  # nothing leaves before the commit


def test_login_and_failed_login_are_audited(client, person):
    from apps.accounts.models import AuditEvent

    client.post(reverse("accounts:login"), {"username": "wendy@school.test", "password": "x"})
    client.post(reverse("accounts:login"), {"username": "wendy@school.test", "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("at").values_list("action", "actor"))
    assert actions == [("login.failed", None), ("login", person.pk)]
