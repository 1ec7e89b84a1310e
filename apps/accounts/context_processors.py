from django.http import HttpRequest


def unread_notifications(request: HttpRequest) -> dict:
    """The number of unread messages for the navigation bar (one cheap count, lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": count}
