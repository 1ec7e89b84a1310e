"""Who may see, register and confirm hours and lessons. Views ask here and nowhere else.

Seeing follows the placement (`apps.placements.access`): an outsider gets 404 for the hours of
a placement that is not theirs. The student registers and corrects their own weeks; the
werkplekbegeleider confirms and reopens them (the schoolopleider named on the placement may
act in their place, as with the form). Someone who may see but not do gets 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.cycle.models import WeekHours
from apps.placements.access import placement_for_user, placements_visible_to
from apps.placements.models import Placement


def may_register(user, placement: Placement) -> bool:
    """The student registers their own lessons and their werkplekbegeleider's guidance time."""
    return placement.is_student(user)


def may_confirm(user, placement: Placement) -> bool:
    """The werkplekbegeleider (or the schoolopleider named on the placement) confirms."""
    return placement.is_assessor(user)


def week_hours_for_user(user, pk: int) -> WeekHours:
    """A registered week of a placement this person may see (404 otherwise)."""
    row = (
        WeekHours.objects.filter(pk=pk, placement__in=placements_visible_to(user))
        .select_related(
            "placement__student__user",
            "placement__school",
            "placement__werkplekbegeleider",
            "confirmed_by",
            "reopened_by",
        )
        .first()
    )
    if row is None:
        raise Http404
    return row


def placement_for_registering(user, pk: int) -> Placement:
    """The placement for its student to register a week (403 for the others who see it)."""
    placement = placement_for_user(user, pk)
    if not may_register(user, placement):
        raise PermissionDenied("Alleen de student registreert lessen en begeleidingstijd.")
    return placement


def placement_for_confirming(user, pk: int) -> Placement:
    """The placement for its werkplekbegeleider to confirm weeks (403 for the others)."""
    placement = placement_for_user(user, pk)
    if not may_confirm(user, placement):
        raise PermissionDenied("Alleen de werkplekbegeleider bevestigt de weken.")
    return placement


def week_for_registering(user, pk: int) -> WeekHours:
    """A week for its student to correct (403 for the others who see it)."""
    row = week_hours_for_user(user, pk)
    if not may_register(user, row.placement):
        raise PermissionDenied("Alleen de student past een week aan.")
    return row


def week_for_confirming(user, pk: int) -> WeekHours:
    """A week for the werkplekbegeleider to confirm or reopen (403 for the others)."""
    row = week_hours_for_user(user, pk)
    if not may_confirm(user, row.placement):
        raise PermissionDenied("Alleen de werkplekbegeleider bevestigt of heropent een week.")
    return row
