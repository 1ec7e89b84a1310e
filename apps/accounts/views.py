from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import check_for_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from apps.accounts import access
from apps.accounts.forms import ChoosePasswordForm
from apps.accounts.services import (
    AccountError,
    InvitationInvalid,
    invitation_accept,
    invitation_for_token,
    invitation_send,
    invitations_send,
    notifications_mark_read,
    user_language_set,
)
from apps.accounts.sso import config as sso_config
from apps.accounts.sso.services import password_login_allowed


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """My messages, newest first; opening the page marks them as read."""
    items = list(request.user.notifications.all()[:100])
    notifications_mark_read(user=request.user)
    return render(request, "accounts/notifications.html", {"items": items})


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """The smallest logged-in page: the ceiling the load benchmark compares every page with,
    and a health check for monitoring that a session works."""
    return HttpResponse("ok", content_type="text/plain")


# --- Invitations ------------------------------------------------------------------------------


def base_url_of(request: HttpRequest) -> str:
    """The address the person used (scheme and host): invitation links point there."""
    return request.build_absolute_uri("/")


@login_not_required
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a password through an invitation link, then be logged in. A link that no longer
    works (used, replaced, expired, unknown) gets one page that says whom to ask, always 200,
    and never whether the person exists."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html")
    password_allowed = password_login_allowed(invitation.user)
    form, status = ChoosePasswordForm(invitation.user, request.POST or None), 200
    if request.method == "POST" and password_allowed:
        if form.is_valid():
            try:
                user = invitation_accept(token=token, password=form.cleaned_data["new_password1"])
            except InvitationInvalid:
                return render(request, "accounts/invitation_invalid.html")
            except AccountError as exc:
                form.add_error("new_password1", str(exc))
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welkom bij Driehoek, %(name)s! Je wachtwoord is opgeslagen.")
                    % {"name": user.get_short_name()},
                )
                return redirect("home")
        status = 400
    context = {
        "form": form,
        "invitee": invitation.user,
        "token": token,
        "providers": sso_config.providers(),
        "password_allowed": password_allowed,
    }
    return render(request, "accounts/invitation_accept.html", context, status=status)


@require_GET
def invitations(request: HttpRequest) -> HttpResponse:
    """The praktijkbureau's list of people who cannot log in yet, to send a new link."""
    access.require_praktijkbureau(request.user)
    people = list(access.invitees_visible_to(request.user))
    without_valid = sum(1 for p in people if not p.invitation_valid)
    return render(
        request, "accounts/invitations.html", {"people": people, "without_valid": without_valid}
    )


@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_for_user(request.user, pk)
    try:
        invitation = invitation_send(by=request.user, user=person, base_url=base_url_of(request))
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Nieuwe uitnodiging verstuurd aan %(name)s; de link werkt tot %(date)s.")
            % {
                "name": person,
                "date": date_format(timezone.localtime(invitation.expires_at), "j F Y, H:i"),
            },
        )
    return redirect("accounts:invitations")


@require_POST
def invitations_resend_expired(request: HttpRequest) -> HttpResponse:
    """A new link for everyone on the list whose link no longer works."""
    access.require_praktijkbureau(request.user)
    people = access.invitees_visible_to(request.user).filter(invitation_valid=False)
    sent = invitations_send(by=request.user, users=people, base_url=base_url_of(request))
    messages.success(
        request,
        ngettext(
            "%(count)d nieuwe uitnodiging verstuurd.",
            "%(count)d nieuwe uitnodigingen verstuurd.",
            len(sent),
        )
        % {"count": len(sent)},
    )
    return redirect("accounts:invitations")


@login_not_required  # the language can be chosen on the login page too
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language menu: Django's set_language (the cookie, for this browser), and for a
    logged-in person also stored with them, so it holds on every device."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language and check_for_language(language):
        user_language_set(by=request.user, user=request.user, language=language)
    return response
