"""Who may see and change rubrics. Every lookup of a rubric in a view goes through here.

Rubrics are the institute's published grids (students read the complexe beroepsvaardigheden
table in their leerplan), so everyone who is logged in may view, download and print them.
Only the praktijkbureau loads or corrects them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.rubrics.models import Rubric


def rubrics_visible_to(user) -> QuerySet[Rubric]:
    """Every rubric and version for a logged-in person, nothing for anyone else."""
    if not user.is_authenticated:
        return Rubric.objects.none()
    return Rubric.objects.all()


def rubric_for_user(user, pk: int) -> Rubric:
    """The rubric, or 404."""
    try:
        return rubrics_visible_to(user).get(pk=pk)
    except Rubric.DoesNotExist as exc:
        raise Http404 from exc


def may_change_rubrics(user) -> bool:
    return user.is_authenticated and user.is_praktijkbureau


def rubric_for_change(user, pk: int) -> Rubric:
    """The rubric for the praktijkbureau; 404 when it does not exist, 403 for everyone else
    (they may see it, not change it)."""
    rubric = rubric_for_user(user, pk)
    if not may_change_rubrics(user):
        raise PermissionDenied
    return rubric
