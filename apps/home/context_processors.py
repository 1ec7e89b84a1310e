from django.http import HttpRequest
from django.utils import timezone

from apps.home.dashboards import NavigationCounts, navigation_counts


def navigation(request: HttpRequest) -> dict:
    """The navigation bar's numbers: unread messages and what waits for this person (the
    dashboards' waiting lists). One query, only when a template asks, once per request;
    nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def counts() -> NavigationCounts:
        if not hasattr(request, "_navigation_counts"):
            request._navigation_counts = navigation_counts(user, timezone.localdate())
        return request._navigation_counts

    return {
        "unread_notifications": lambda: counts().unread,
        "nav_waiting": lambda: counts().waiting,
        "nav_waiting_url": lambda: counts().waiting_url,
    }
