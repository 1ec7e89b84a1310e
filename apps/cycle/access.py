"""Role rules about a placement that several features of the cycle ask (each feature's own
lookups live in its `access.py`)."""

from apps.accounts.models import Role, User
from apps.placements.models import (
    Placement,
)


def is_guide(user, placement) -> bool:
    """The guides of a placement (not its student): werkplekbegeleider, schoolopleider,
    instituutsopleider, an opleider given extra access, and the praktijkbureau."""
    return not placement.is_student(user)


def is_institute_assessor(user: User, placement: Placement) -> bool:
    """The instituutsopleider of the placement, or an opleider given access to it."""
    if placement.is_instituutsopleider(user):
        return True
    return (
        user.has_role(Role.INSTITUUTSOPLEIDER) and placement.extra_access.filter(user=user).exists()
    )


def may_request_dossier(user, placement) -> bool:
    """A student's dossier: the student their own, the instituutsopleider (or an opleider
    given access to the placement) and the praktijkbureau for students they can see. The
    werkplekbegeleider and schoolopleider already receive every form and need no dossier."""
    return (
        placement.is_student(user)
        or user.is_praktijkbureau
        or is_institute_assessor(user, placement)
    )
