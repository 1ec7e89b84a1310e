"""Who fills in which column of the complexe beroepsvaardigheden (404 outsiders, 403 readers)."""

from django.core.exceptions import PermissionDenied

from apps.placements.access import placement_for_user


# --- Complexe beroepsvaardigheden ---------------------------------------------------------------
def cbv_perspective(user, placement) -> str | None:
    """Which column of the complexe beroepsvaardigheden `user` fills in on this placement: the
    student their own, the werkplekbegeleider (or the schoolopleider in their place) the
    mentor's; None for the readers (instituutsopleider, praktijkbureau)."""
    from apps.rubrics.models import CbvPerspective

    if placement.is_student(user):
        return CbvPerspective.STUDENT
    if placement.is_assessor(user):
        return CbvPerspective.MENTOR
    return None


def cbv_placement_for_change(user, pk: int):
    """(placement, column) for whoever fills in a column (404 outsiders, 403 the readers)."""
    placement = placement_for_user(user, pk)
    perspective = cbv_perspective(user, placement)
    if perspective is None:
        raise PermissionDenied(
            "Alleen de student en de werkplekbegeleider of schoolopleider vullen dit in."
        )
    return placement, perspective
