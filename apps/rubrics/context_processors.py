from django.http import HttpRequest

from apps.accounts.models import Role
from apps.rubrics.services import is_staff_member


def rubrics_navigation(request: HttpRequest) -> dict:
    """Flags for the navigation bar: "Mijn rubrics" for staff, the team heatmap for
    schoolopleiders. They read the roles the page already loads (no extra query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_my_rubrics": is_staff_member(user),
        "nav_team_heatmap": user.has_role(Role.SCHOOLOPLEIDER),
    }
