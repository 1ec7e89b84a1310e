"""The calibration panel on the Beoordelaar role's self-assessment page (§3.7, criterion 26):
the number of sessions attended and a link to the private mirror. It reads; it never writes a
self-assessment."""

from django.urls import reverse

BEOORDELAAR = "beoordelaar"


def beoordelaar_panel(user, role) -> dict | None:
    from apps.calibration.sessions.selectors import attended_count

    if role.name.strip().lower() != BEOORDELAAR:
        return None
    return {
        "template": "calibration/sessions/_rubric_panel.html",
        "count": attended_count(user),
        "url": reverse("calibration:session_mirror"),
    }
