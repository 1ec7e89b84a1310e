"""Panels a higher app adds to a role's self-assessment page, without rubrics importing it.

Calibration (above rubrics) registers a panel in its AppConfig.ready(): beside the Beoordelaar
role it shows how many calibration sessions the person attended and links to their private
mirror (calibration-design.md §3.7). A panel only reads; it never sets or changes a level.
"""

from collections.abc import Callable

# (user, role) -> {"template": ..., **context} or None
RolePanel = Callable[[object, object], dict | None]

_PANELS: list[RolePanel] = []


def register_role_panel(panel: RolePanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def role_panels(user, role) -> list[dict]:
    return [found for panel in _PANELS if (found := panel(user, role))]
