"""Pages of single sign-on: start a provider login (to log in, to link from Voorkeuren, or to
accept an invitation), the provider's callback, unlink, the login policy, and logout."""

from urllib.parse import urlencode

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base.constants import AuthProcess
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts import access
from apps.accounts.models import LoginPolicy
from apps.accounts.services import AccountError, invitation_for_token
from apps.accounts.sso import config, flow, oidc
from apps.accounts.sso.services import login_policy_set, sso_unlink


def _redirect_to_provider(
    request: HttpRequest, provider_id: str, process: str, next_url=None, data=None
):
    """Off to the provider. `data` travels in allauth's state (single use, ten minutes, in
    this session), so it comes back only with the login that this request started."""
    if config.provider(provider_id) is None:
        raise Http404
    try:
        provider = get_adapter(request).get_provider(request, provider_id)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    return provider.redirect(request, process=process, next_url=next_url, data=data)


@login_not_required
@require_POST
def sso_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """'Inloggen met je instelling': off to the provider, back at `callback`."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = None
    return _redirect_to_provider(request, provider_id, AuthProcess.LOGIN, next_url or None)


@require_POST
def sso_connect(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Link a provider login to my account (from Voorkeuren)."""
    data = {flow.STATE_USER: request.user.pk}
    return _redirect_to_provider(request, provider_id, AuthProcess.CONNECT, data=data)


@login_not_required
@never_cache
@require_POST
def invitation_sso(request: HttpRequest, token: str, provider_id: str) -> HttpResponse:
    """Accept an invitation by linking a provider login (eduID) instead of a password."""
    if invitation_for_token(token) is None:
        return render(request, "accounts/invitation_invalid.html")
    data = {flow.STATE_INVITATION: token}
    return _redirect_to_provider(request, provider_id, AuthProcess.LOGIN, data=data)


@login_not_required
@never_cache
@require_GET
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Where the provider sends the person back (register this URL with the provider)."""
    if config.provider(provider_id) is None:
        raise Http404
    return oidc.callback_view(request, provider_id)


@require_POST
def sso_unlink_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.social_account_for_user(request.user, pk)
    try:
        sso_unlink(by=request.user, account=account)
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De login is ontkoppeld."))
    return redirect("preferences")


class LoginPolicyForm(forms.Form):
    institute_passwords_off = forms.BooleanField(
        required=False,
        label=LoginPolicy._meta.get_field("institute_passwords_off").verbose_name,
        help_text=LoginPolicy._meta.get_field("institute_passwords_off").help_text,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def login_policy(request: HttpRequest) -> HttpResponse:
    """The praktijkbureau chooses whether the institute's people still have a password."""
    access.require_praktijkbureau(request.user)
    policy = LoginPolicy.current()
    form = LoginPolicyForm(
        request.POST if request.method == "POST" else None,
        initial={"institute_passwords_off": policy.institute_passwords_off},
    )
    if request.method == "POST" and form.is_valid():
        login_policy_set(
            by=request.user, institute_passwords_off=form.cleaned_data["institute_passwords_off"]
        )
        messages.success(request, _("Het inlogbeleid is opgeslagen."))
        return redirect("accounts:login_policy")
    context = {"form": form, "providers": config.providers(), "policy": policy}
    return render(request, "accounts/sso/policy.html", context)


@login_not_required
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out here, and at the provider too when it offers an end_session_endpoint (the
    provider sends the person back to our login page)."""
    at_provider = request.session.get(flow.SESSION_LOGOUT)
    logout(request)
    if not at_provider:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    query = urlencode(
        {
            "id_token_hint": at_provider["id_token"],
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
        }
    )
    separator = "&" if "?" in at_provider["endpoint"] else "?"
    return redirect(f"{at_provider['endpoint']}{separator}{query}")
