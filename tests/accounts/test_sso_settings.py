"""Providers come from the environment only, and a bad value fails loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.accounts.sso.env import allauth_providers, provider_origins, sso_providers_from_env

SURF = {
    "SSO_PROVIDERS": "surfconext",
    "SSO_SURFCONEXT_ISSUER": "https://connect.test.surfconext.nl/",
    "SSO_SURFCONEXT_CLIENT_ID": "driehoek.example.nl",
    "SSO_SURFCONEXT_CLIENT_SECRET": "s3cret",
}


def test_no_providers_without_sso_providers():
    assert sso_providers_from_env({}) == []


def test_a_provider_gets_defaults_by_its_id():
    [surf] = sso_providers_from_env(SURF)
    assert surf["name"] == "SURFconext" and surf["kind"] == "instelling"
    assert surf["issuer"] == "https://connect.test.surfconext.nl"
    assert surf["claim"] == "" and surf["verified_email"] is True


@pytest.mark.parametrize("missing", ["ISSUER", "CLIENT_ID", "CLIENT_SECRET"])
def test_a_missing_required_value_fails(missing):
    environ = {k: v for k, v in SURF.items() if not k.endswith(f"_{missing}")}
    with pytest.raises(ImproperlyConfigured, match=missing):
        sso_providers_from_env(environ)


def test_a_bad_boolean_fails():
    with pytest.raises(ImproperlyConfigured, match="VERIFIED_EMAIL"):
        sso_providers_from_env({**SURF, "SSO_SURFCONEXT_VERIFIED_EMAIL": "misschien"})


def test_a_scope_without_openid_fails():
    with pytest.raises(ImproperlyConfigured, match="openid"):
        sso_providers_from_env({**SURF, "SSO_SURFCONEXT_SCOPE": "profile email"})


def test_each_provider_becomes_an_allauth_app_with_pkce():
    apps = allauth_providers(sso_providers_from_env(SURF))["openid_connect"]["APPS"]
    assert apps[0]["provider_id"] == "surfconext"
    assert apps[0]["settings"]["server_url"] == "https://connect.test.surfconext.nl"
    assert apps[0]["settings"]["oauth_pkce_enabled"] is True


def test_the_provider_origin_may_receive_our_forms():
    environ = {
        **SURF,
        "SSO_PROVIDERS": "surfconext,eduid",
        "SSO_EDUID_ISSUER": "https://connect.eduid.nl",
        "SSO_EDUID_CLIENT_ID": "driehoek",
        "SSO_EDUID_CLIENT_SECRET": "s3cret",
    }
    assert provider_origins(sso_providers_from_env(environ)) == [
        "https://connect.test.surfconext.nl",
        "https://connect.eduid.nl",
    ]


def test_settings_read_the_providers_from_the_environment():
    import subprocess
    import sys

    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.SSO_PROVIDERS[0]['id'], "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.test_settings", "PATH": "", **SURF}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "surfconext [\"'self'\", 'https://connect.test.surfconext.nl']"


def test_extra_authorize_parameters_reach_allauth():
    providers = sso_providers_from_env({**SURF, "SSO_SURFCONEXT_AUTH_PARAMS": "login_hint=x&a=b"})
    apps = allauth_providers(providers)["openid_connect"]["APPS"]
    assert apps[0]["settings"]["auth_params"] == {"login_hint": "x", "a": "b"}
