"""Read the SSO providers from the environment. Imported by `config.settings`, so it imports
nothing from Django apps.

SSO_PROVIDERS=surfconext,eduid names the providers; each one reads
SSO_<ID>_ISSUER, SSO_<ID>_CLIENT_ID, SSO_<ID>_CLIENT_SECRET (required) and
SSO_<ID>_CLAIM, SSO_<ID>_VERIFIED_EMAIL, SSO_<ID>_SCOPE, SSO_<ID>_NAME, SSO_<ID>_KIND and
SSO_<ID>_AUTH_PARAMS (optional). See docs/DEPLOYMENT.md.
"""

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

PROVIDER_ID = re.compile(r"^[a-z][a-z0-9-]{0,29}$")
DEFAULT_NAMES = {"surfconext": "SURFconext", "eduid": "eduID"}
# Which kind of button a provider gets on the login page: "instelling" ("Inloggen met je
# instelling") or "eduid" ("Inloggen met eduID"); any other provider shows its name.
DEFAULT_KINDS = {"surfconext": "instelling", "eduid": "eduid"}


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def sso_providers_from_env(environ: Mapping[str, str]) -> list[dict]:
    """One dict per provider named in SSO_PROVIDERS; a missing or bad value fails loudly."""
    ids = [p.strip().lower() for p in environ.get("SSO_PROVIDERS", "").split(",") if p.strip()]
    providers = []
    for provider_id in ids:
        if not PROVIDER_ID.match(provider_id):
            raise ImproperlyConfigured(
                f"SSO_PROVIDERS: {provider_id!r} is not a valid id (a-z, 0-9 and -)"
            )
        prefix = f"SSO_{provider_id.upper().replace('-', '_')}_"
        required = {}
        for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"):
            value = environ.get(prefix + key, "").strip()
            if not value:
                raise ImproperlyConfigured(
                    f"{prefix}{key} is required for SSO provider {provider_id}"
                )
            required[key] = value
        if not required["ISSUER"].startswith(("https://", "http://")):
            raise ImproperlyConfigured(f"{prefix}ISSUER must be a URL")
        scope = environ.get(prefix + "SCOPE", "").split() or ["openid", "profile", "email"]
        if "openid" not in scope:
            raise ImproperlyConfigured(f"{prefix}SCOPE must include openid")
        providers.append(
            {
                "id": provider_id,
                "name": environ.get(prefix + "NAME", "").strip()
                or DEFAULT_NAMES.get(provider_id, provider_id),
                "kind": environ.get(prefix + "KIND", "").strip().lower()
                or DEFAULT_KINDS.get(provider_id, "other"),
                "issuer": required["ISSUER"].rstrip("/"),
                "client_id": required["CLIENT_ID"],
                "secret": required["CLIENT_SECRET"],
                "claim": environ.get(prefix + "CLAIM", "").strip(),
                "verified_email": _bool(environ, prefix + "VERIFIED_EMAIL", True),
                "scope": scope,
                # Extra authorize parameters (a query string), e.g. one that makes a
                # federation skip its choice of institution.
                "auth_params": dict(parse_qsl(environ.get(prefix + "AUTH_PARAMS", "").strip())),
            }
        )
    if len({p["id"] for p in providers}) != len(providers):
        raise ImproperlyConfigured("SSO_PROVIDERS names a provider twice")
    return providers


def allauth_providers(providers: list[dict]) -> dict:
    """django-allauth's SOCIALACCOUNT_PROVIDERS for these providers: one OpenID Connect app
    each, with PKCE, the person's `sub` as the identifier of the link."""
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": p["id"],
                    "name": p["name"],
                    "client_id": p["client_id"],
                    "secret": p["secret"],
                    "settings": {
                        "server_url": p["issuer"],
                        "scope": p["scope"],
                        "auth_params": p["auth_params"],
                        "oauth_pkce_enabled": True,
                    },
                }
                for p in providers
            ],
        }
    }


def provider_origins(providers: list[dict]) -> list[str]:
    """The providers' origins (scheme and host of the issuer). Forms that start a login or a
    logout are answered with a redirect there, and browsers hold such redirects to the page's
    CSP form-action, so these origins are added to it."""
    origins = []
    for p in providers:
        parts = urlsplit(p["issuer"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins
