from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.accounts.services import notifications_mark_read
from apps.placements.access import placements_visible_to

HOME_LIMIT = 200


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The first page after login: my roles and the placements I may see (bounded list)."""
    rows = list(placements_visible_to(request.user).with_people().order_by("-id")[: HOME_LIMIT + 1])
    return render(
        request,
        "accounts/home.html",
        {
            "roles": request.user.role_memberships.all(),
            "placements": rows[:HOME_LIMIT],
            "placements_truncated": len(rows) > HOME_LIMIT,
            "limit": HOME_LIMIT,
        },
    )


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
