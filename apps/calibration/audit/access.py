"""Who reaches the audit sample. Every lookup of a sample or an item for a person goes here:
an outsider gets 404, someone who may read but not change gets 403.

- the praktijkbureau (admin) and the examencommissie set the rate and draw;
- the praktijkbureau changes the assignment of a second assessor;
- the examencommissie reads the samples, results and reports (never the second assessor's
  judging page);
- a second assessor reaches only their own items; students never reach anything."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.accounts.models import Role, User
from apps.calibration.models import AuditItem, AuditSample


def is_examencommissie(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.EXAMENCOMMISSIE)


def may_read(user: User) -> bool:
    """The samples, their results and the reports."""
    return user.is_authenticated and (user.is_praktijkbureau or is_examencommissie(user))


def may_draw(user: User) -> bool:
    """Set the rate and draw: the examencommissie, or the praktijkbureau on its behalf."""
    return may_read(user)


def may_assign(user: User) -> bool:
    """Change who is the second assessor of an item."""
    return user.is_authenticated and user.is_praktijkbureau


def may_judge(user: User) -> bool:
    """Be a blind second assessor: an instituutsopleider or schoolopleider."""
    return user.is_authenticated and (
        user.has_role(Role.INSTITUUTSOPLEIDER) or user.has_role(Role.SCHOOLOPLEIDER)
    )


def require_read(user: User) -> None:
    if not may_read(user):
        raise Http404


def require_draw(user: User) -> None:
    require_read(user)
    if not may_draw(user):
        raise PermissionDenied


def require_own_items(user: User) -> None:
    """The list "Steekproef: tweede beoordeling": for whoever may be a second assessor."""
    if not may_judge(user):
        raise Http404


def sample_for(user: User, pk: int) -> AuditSample:
    require_read(user)
    return get_object_or_404(AuditSample, pk=pk)


def item_for_assignment(user: User, pk: int) -> AuditItem:
    """An item whose second assessor is changed: the praktijkbureau; the examencommissie may
    read the sample but not change it (403)."""
    require_read(user)
    item = get_object_or_404(AuditItem.objects.select_related("sample"), pk=pk)
    if not may_assign(user):
        raise PermissionDenied
    return item


def item_for_assessor(user: User, pk: int) -> AuditItem:
    """The second assessor's own item; for anyone else it does not exist."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(AuditItem, pk=pk, second_assessor=user)
