from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.accounts.services import notifications_mark_read
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
