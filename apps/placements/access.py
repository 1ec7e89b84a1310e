"""Who may see which placement. Every lookup of a placement goes through here."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from apps.placements.models import Placement


def placements_visible_to(user) -> QuerySet[Placement]:
    """The placements this person may see: everything for the praktijkbureau, otherwise the
    placements they hold a guardian `view_placement` grant on (one query, no per-row checks)."""
    if not user.is_authenticated:
        return Placement.objects.none()
    if user.is_praktijkbureau:
        return Placement.objects.all()
    return get_objects_for_user(
        user, "placements.view_placement", klass=Placement, accept_global_perms=False
    )


def placement_for_user(user, pk: int) -> Placement:
    """The placement, or 404 for anyone who may not see it (they never learn it exists)."""
    try:
        return placements_visible_to(user).with_people().get(pk=pk)
    except Placement.DoesNotExist as exc:
        raise Http404 from exc


def require_importer(user) -> None:
    """Only the praktijkbureau (admins, superusers) imports students, staff and placements;
    anyone else who is logged in gets 403 (the page is no secret, the data behind it is)."""
    if not (user.is_authenticated and user.is_praktijkbureau):
        raise PermissionDenied
