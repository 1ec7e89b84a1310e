"""In real Chromium against a real OpenID Connect provider (tests/oidc_idp in its own
process): a new werkplekbegeleider opens the invitation from the mail, links eduID instead of
choosing a password, logs out (at the provider too) and logs in again with "Inloggen met
eduID" on the login page."""

import re

import pytest
from django.core import mail

from apps.accounts.models import Role
from apps.accounts.services import role_grant, user_create
from tests.accounts.sso_helpers import configure, idp, register_clients  # noqa: F401
from tests.browser.helpers import assert_accessible, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_at_provider(page, username: str) -> None:
    page.wait_for_url(re.compile(r"http://127\.0\.0\.1:\d+/login/"))
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("idp-wachtwoord")
    page.get_by_role("button", name="Inloggen bij de instelling").click()


def test_a_new_mentor_links_eduid_from_the_invitation(page, live_server, admin_user, idp, settings):  # noqa: F811
    base = live_server.url
    register_clients(idp, base)
    mentor = user_create(by=None, email="eva@school.example.nl", full_name="Eva Eduid")
    role_grant(by=None, user=mentor, role=Role.WERKPLEKBEGELEIDER)
    idp.person("eva-eduid", email="eva.prive@mail.example", email_verified=True)

    log_in(page, base, admin_user.email)
    visit(page, f"{base}/accounts/uitnodigingen/")
    page.get_by_role("button", name="Opnieuw versturen aan Eva Eduid").click()
    assert_accessible(page)
    link = re.search(r"http://\S+/accounts/uitnodiging/\S+/", mail.outbox[-1].body).group(0)

    configure(settings, idp)  # from here on the login page offers the providers
    page.context.clear_cookies()
    visit(page, link)
    page.get_by_role("button", name="Koppel eduID").click()
    log_in_at_provider(page, "eva-eduid")
    page.wait_for_url(f"{base}/")
    assert page.get_by_text("Voortaan log je in met eduID").is_visible()
    assert_accessible(page)

    visit(page, f"{base}/voorkeuren/")
    assert page.get_by_text("eduID – eva.prive@mail.example").is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{base}/accounts/inloggen/")
    assert_accessible(page)
    page.get_by_role("button", name="Inloggen met eduID").click()
    log_in_at_provider(page, "eva-eduid")  # the provider's session ended with ours
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", name="Als werkplekbegeleider").first.is_visible()
    assert_accessible(page)
