"""What happens when a provider login comes back: whom it belongs to, then log in, link or
refuse. Called from the allauth adapter (`adapter.py`), after allauth checked the protocol."""

from allauth.socialaccount.providers.base.constants import AuthProcess
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import AccountError, InvitationInvalid, audit_record
from apps.accounts.signals import client_ip
from apps.accounts.sso import config
from apps.accounts.sso.services import (
    claims_of,
    invitation_accept_sso,
    person_for_claims,
    sso_link,
)

# Carried in allauth's state data: the invitation being accepted, the person linking.
STATE_INVITATION = "invitation"
STATE_USER = "user"
SESSION_LOGOUT = "sso_logout"  # {"provider", "endpoint", "id_token"}, for logout there too


def complete(request: HttpRequest, sociallogin) -> HttpResponse:
    """Link from Voorkeuren, accept an invitation, or log in: through an existing link, else
    through an identifier the institute controls (`person_for_claims`); refuse anyone else."""
    account = sociallogin.account
    provider = config.provider(account.provider)
    if provider is None:  # configuration changed between redirect and callback
        return failed(request, None, "unknown_provider", None)
    state = sociallogin.state or {}
    data = state.get("data") or {}
    if state.get("process") == AuthProcess.CONNECT:
        return _connect(request, sociallogin, provider, data.get(STATE_USER))
    if data.get(STATE_INVITATION):
        return _accept_invitation(request, sociallogin, provider, data[STATE_INVITATION])
    if sociallogin.is_existing:
        user, via = account.user, "existing"
    else:
        user, via = person_for_claims(provider=provider, claims=claims_of(sociallogin))
    if user is None or not user.is_active:
        return _refuse(request, sociallogin, provider, via if user is None else "inactive")
    try:
        sso_link(by=user, user=user, sociallogin=sociallogin, via=via)
    except AccountError as exc:
        return _refuse(request, sociallogin, provider, "linked_elsewhere", str(exc))
    _login(request, user, sociallogin, provider)
    next_url = state.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("home")


def failed(request: HttpRequest, provider, error, exception) -> HttpResponse:
    """The provider login did not complete (cancelled, refused, state unknown, replayed or
    expired, token or ID token invalid)."""
    provider_id = getattr(getattr(provider, "app", None), "provider_id", "") or ""
    audit_record(
        actor=request.user if request.user.is_authenticated else None,
        action="sso.failed",
        detail={
            "provider": provider_id,
            "error": str(error or ""),
            "exception": type(exception).__name__ if exception else "",
        },
        ip=client_ip(request),
    )
    return render(request, "accounts/sso/failed.html", status=400)


def _login(request: HttpRequest, user: User, sociallogin, provider: config.Provider) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    audit_record(
        actor=user,
        action="sso.login",
        target=user,
        detail={"provider": provider.id},
        ip=client_ip(request),
    )
    endpoint = getattr(sociallogin, "end_session_endpoint", "")
    id_token = getattr(sociallogin, "id_token_raw", "")
    if endpoint and id_token:
        request.session[SESSION_LOGOUT] = {
            "provider": provider.id,
            "endpoint": endpoint,
            "id_token": id_token,
        }


def _refuse(request, sociallogin, provider, reason: str, message: str = "") -> HttpResponse:
    claims = claims_of(sociallogin)
    audit_record(
        actor=None,
        action="sso.refused",
        detail={"provider": provider.id, "uid": sociallogin.account.uid, "reason": reason},
        ip=client_ip(request),
    )
    context = {
        "provider": provider,
        "reason": reason,
        "email": str(claims.get("email") or ""),
        "message": message,
    }
    return render(request, "accounts/sso/unknown.html", context, status=403)


def _connect(request, sociallogin, provider, started_by) -> HttpResponse:
    """Link from Voorkeuren: the person who started it is still the one logged in, and proves
    the provider login is theirs."""
    if not request.user.is_authenticated or request.user.pk != started_by:
        return failed(request, None, "connect_without_login", None)
    try:
        sso_link(by=request.user, user=request.user, sociallogin=sociallogin, via="voorkeuren")
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(name)s is gekoppeld aan je account.") % {"name": provider.name}
        )
    return redirect("preferences")


def _accept_invitation(request, sociallogin, provider, token: str) -> HttpResponse:
    try:
        user = invitation_accept_sso(token=token, sociallogin=sociallogin)
    except InvitationInvalid:
        return render(request, "accounts/invitation_invalid.html")
    except AccountError as exc:
        return _refuse(request, sociallogin, provider, "linked_elsewhere", str(exc))
    _login(request, user, sociallogin, provider)
    messages.success(
        request,
        _("Welkom bij Driehoek, %(name)s! Voortaan log je in met %(provider)s.")
        % {"name": user.get_short_name(), "provider": provider.name},
    )
    return redirect("home")
