from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from apps.accounts.services import notifications_mark_read, user_language_set
from apps.cycle import dashboards


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The first page after login: my roles, then one dashboard per role I hold (the rules and
    queries are in `apps.cycle.dashboards`)."""
    user = request.user
    context = {
        "roles": dashboards.role_labels(user),
        "sections": dashboards.dashboards_for(user, timezone.localdate(), request.GET),
    }
    return render(request, "accounts/home.html", context)


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
