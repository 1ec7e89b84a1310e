from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.placements.access import placements_visible_to


def home(request: HttpRequest) -> HttpResponse:
    """The first page after login: my roles and the placements I may see."""
    placements = placements_visible_to(request.user).with_people()[:200]
    return render(
        request,
        "accounts/home.html",
        {"roles": request.user.role_memberships.all(), "placements": placements},
    )
