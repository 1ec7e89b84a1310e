"""Who may see a weekly log (404 for everyone who may not see its placement)."""

from django.http import Http404

from apps.cycle.models import (
    GuidanceLog,
)
from apps.placements.access import placements_visible_to


def guidance_log_for_user(user, pk: int):
    """A weekly log of a placement this person may see (404 otherwise)."""
    log = (
        GuidanceLog.objects.filter(pk=pk, conversation__placement__in=placements_visible_to(user))
        .select_related(
            "conversation__placement__student__user",
            "conversation__placement__school",
            "conversation__placement__werkplekbegeleider",
        )
        .first()
    )
    if log is None:
        raise Http404
    return log
