"""Single sign-on against the real test identity provider (tests/oidc_idp): fixtures and a
user agent that walks the provider's pages with `requests`, as a browser would."""

import re
from urllib.parse import urlsplit

import pytest
import requests

from apps.accounts.sso.env import allauth_providers, sso_providers_from_env
from tests.oidc_idp.process import TestIdP

CLIENTS = {"surfconext": "driehoek-surf", "eduid": "driehoek-eduid"}
SECRET = "geheim-van-de-test"


@pytest.fixture(scope="session")
def idp(tmp_path_factory):
    """One provider process for the whole session; each test registers its own people."""
    provider = TestIdP(tmp_path_factory.mktemp("idp")).start()
    yield provider
    provider.stop()


def register_clients(idp: TestIdP, base_url: str) -> None:
    for provider_id, client_id in CLIENTS.items():
        idp.client(
            client_id,
            SECRET,
            redirect_uris=[f"{base_url}/accounts/sso/{provider_id}/callback/"],
            post_logout_redirect_uris=[f"{base_url}/accounts/inloggen/"],
        )


def sso_environ(idp: TestIdP) -> dict[str, str]:
    """SURFconext links by eduPerson principal name; eduID by a verified e-mail address."""
    return {
        "SSO_PROVIDERS": "surfconext,eduid",
        "SSO_SURFCONEXT_ISSUER": idp.issuer,
        "SSO_SURFCONEXT_CLIENT_ID": CLIENTS["surfconext"],
        "SSO_SURFCONEXT_CLIENT_SECRET": SECRET,
        "SSO_SURFCONEXT_CLAIM": "eduperson_principal_name",
        "SSO_SURFCONEXT_VERIFIED_EMAIL": "false",
        "SSO_SURFCONEXT_SCOPE": "openid profile email eduperson",
        "SSO_EDUID_ISSUER": idp.issuer,
        "SSO_EDUID_CLIENT_ID": CLIENTS["eduid"],
        "SSO_EDUID_CLIENT_SECRET": SECRET,
    }


def configure(settings, idp: TestIdP) -> None:
    providers = sso_providers_from_env(sso_environ(idp))
    settings.SSO_PROVIDERS = providers
    settings.SOCIALACCOUNT_PROVIDERS = allauth_providers(providers)


@pytest.fixture
def sso(settings, idp, db):
    """Driehoek configured with two providers, both served by the test provider."""
    register_clients(idp, "http://testserver")
    configure(settings, idp)
    return idp


class ProviderAgent:
    """The person's browser at the provider: follows redirects, fills in the login form,
    and stops at the first address back at Driehoek."""

    def __init__(self, idp: TestIdP, username: str, password: str = "idp-wachtwoord"):
        self.idp, self.username, self.password = idp, username, password
        self.session = requests.Session()

    def visit(self, url: str) -> str:
        """Walk from `url` until the provider sends us back; returns that address."""
        for _ in range(10):
            if not url.startswith(self.idp.url):
                return url
            response = self.session.get(url, allow_redirects=False, timeout=10)
            if response.status_code == 200 and 'name="password"' in response.text:
                response = self._log_in(response)
            assert response.status_code in (301, 302), (response.status_code, response.text)
            url = response.headers["Location"]
            if url.startswith("/"):
                url = self.idp.url + url
        raise AssertionError("the provider kept redirecting")

    def _log_in(self, page):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        next_url = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
        return self.session.post(
            f"{self.idp.url}/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": self.username,
                "password": self.password,
                "next": next_url.replace("&amp;", "&"),
            },
            headers={"Referer": f"{self.idp.url}/login/"},
            allow_redirects=False,
            timeout=10,
        )

    def logged_in(self) -> bool:
        return bool(self.session.get(f"{self.idp.url}/whoami/", timeout=10).text)


def back_at_driehoek(client, url: str):
    """Open the address the provider sent us back to with Django's test client."""
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def sso_round_trip(client, agent: ProviderAgent, start_response):
    """From Driehoek's redirect to the provider, back to Driehoek's callback."""
    assert start_response.status_code == 302, start_response
    return back_at_driehoek(client, agent.visit(start_response["Location"]))
