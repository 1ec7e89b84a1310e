"""The configured providers, as the rest of the code asks about them."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    kind: str  # "instelling", "eduid" or "other"
    claim: str  # the claim whose value is the e-mail address the praktijkbureau imported
    verified_email: bool  # a verified `email` claim may link too

    @property
    def login_label(self) -> str:
        if self.kind == "instelling":
            return _("Inloggen met je instelling")
        if self.kind == "eduid":
            return _("Inloggen met eduID")
        return _("Inloggen met %(name)s") % {"name": self.name}

    @property
    def link_label(self) -> str:
        if self.kind == "instelling":
            return _("Koppel de login van je instelling")
        return _("Koppel %(name)s") % {"name": self.name}


def providers() -> list[Provider]:
    """The providers in SSO_PROVIDERS, in that order; empty when SSO is not configured."""
    return [
        Provider(
            id=p["id"],
            name=p["name"],
            kind=p["kind"],
            claim=p["claim"],
            verified_email=p["verified_email"],
        )
        for p in settings.SSO_PROVIDERS
    ]


def provider(provider_id: str) -> Provider | None:
    return next((p for p in providers() if p.id == provider_id), None)


def sso_configured() -> bool:
    return bool(settings.SSO_PROVIDERS)
