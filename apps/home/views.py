from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.home import dashboards


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The first page after login: my roles, then one dashboard per role I hold (the rules and
    queries are in `apps.home.dashboards`)."""
    user = request.user
    context = {
        "roles": dashboards.role_labels(user),
        "sections": dashboards.dashboards_for(user, timezone.localdate(), request.GET),
    }
    return render(request, "home/home.html", context)
