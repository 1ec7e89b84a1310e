from django.http import HttpRequest

from apps.accounts.models import Role
from apps.rubrics.services import is_staff_member


def rubrics_navigation(request: HttpRequest) -> dict:
    """Flags for the navigation bar: "Mijn rubrics" for staff, the team heatmap for
    schoolopleiders. They read the roles the navigation already loads for `is_praktijkbureau`
    (no extra query). A superuser skips that lookup, so is not asked here either: the
    praktijkbureau works from the admin, and the pages stay reachable by their address."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_superuser:
        return {}
    # Callables: a template that does not show the navigation (a PDF) asks nothing.
    return {
        "nav_my_rubrics": lambda: is_staff_member(user),
        "nav_team_heatmap": lambda: user.has_role(Role.SCHOOLOPLEIDER),
    }
