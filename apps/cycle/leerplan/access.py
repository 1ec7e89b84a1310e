"""Who may write, decide on and answer a persoonlijk leerplan (404 outsiders, 403 others)."""

from django.core.exceptions import PermissionDenied

from apps.cycle.models import (
    Leerplan,
    LeerplanStatus,
)
from apps.placements.access import placement_for_user


def can_edit_leerplan(user, placement, leerplan: Leerplan | None) -> bool:
    """The student writes their leerplan while it is a draft or returned with comments; a
    submitted plan waits for the decision and an approved plan is read-only."""
    editable = (LeerplanStatus.DRAFT, LeerplanStatus.RETURNED)
    return placement.is_student(user) and (leerplan is None or leerplan.status in editable)


def can_decide_leerplan(user, placement, leerplan: Leerplan | None) -> bool:
    """The werkplekbegeleider (or the schoolopleider in their place) decides on a submitted
    leerplan."""
    return (
        placement.is_assessor(user)
        and leerplan is not None
        and leerplan.status == LeerplanStatus.SUBMITTED
    )


def can_reopen_leerplan(user, placement, leerplan: Leerplan | None, tussenevaluatie: bool) -> bool:
    """At the tussenevaluatie the student or a guide reopens the approved plan to adjust the
    goals for the second part of the placement (handbook 3.4)."""
    return (
        tussenevaluatie
        and leerplan is not None
        and leerplan.status == LeerplanStatus.APPROVED
        and (placement.is_student(user) or placement.is_assessor(user))
    )


def leerplan_placement_for_reopen(user, pk: int):
    """The placement whose approved leerplan `user` may reopen: its student or a guide (404
    outsiders, 403 the others). The service checks the plan's status."""
    placement = placement_for_user(user, pk)
    if not (placement.is_student(user) or placement.is_assessor(user)):
        raise PermissionDenied(
            "Alleen de student, de werkplekbegeleider of de schoolopleider stelt het leerplan bij."
        )
    return placement


def can_answer_leerplan(user, placement, leerplan: Leerplan | None) -> bool:
    """The werkplekbegeleider or schoolopleider answers the student's guidance wishes, until
    the plan is approved."""
    return (
        placement.is_assessor(user)
        and leerplan is not None
        and leerplan.status != LeerplanStatus.APPROVED
    )


def leerplan_placement_for_edit(user, pk: int):
    """The placement whose leerplan `user` may write: its student, while the plan is open
    (404 outsiders, 403 the guides and a student whose plan is submitted or approved)."""
    placement = placement_for_user(user, pk)
    if not placement.is_student(user):
        raise PermissionDenied("Alleen de student schrijft het persoonlijk leerplan.")
    leerplan = Leerplan.objects.filter(placement=placement).only("status").first()
    if not can_edit_leerplan(user, placement, leerplan):
        raise PermissionDenied("Je leerplan is ingediend of goedgekeurd en kan nu niet wijzigen.")
    return placement


def leerplan_placement_for_assessor(user, pk: int):
    """The placement whose leerplan `user` may approve or answer: its werkplekbegeleider or
    schoolopleider (404 outsiders, 403 the others). The services check the plan's status."""
    placement = placement_for_user(user, pk)
    if not placement.is_assessor(user):
        raise PermissionDenied(
            "Alleen de werkplekbegeleider of de schoolopleider keurt het leerplan goed."
        )
    return placement
