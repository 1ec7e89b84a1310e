"""One menu item, "Kalibreren", leads to the session list; that page links to every other
calibration page this person may open, each decided by its feature's access module."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Role
from apps.calibration.audit import access as audit
from apps.calibration.exemplars import access as exemplars
from apps.calibration.insight import access as insight
from apps.calibration.sessions import access as sessions


def calibration_links(user) -> list[tuple[str, str]]:
    """(label, url) of the calibration pages `user` may open, besides the session list."""
    links = []
    if exemplars.may_read_bank(user):
        links.append((_("Voorbeeldbank"), reverse("calibration:exemplar_list")))
    if insight.sees_partnership(user) or user.has_role(Role.SCHOOLOPLEIDER):
        links.append((_("Verschillenkaart"), reverse("calibration:insight_map")))
        links.append((_("Beoordelaarsbetrouwbaarheid"), reverse("calibration:insight_dashboard")))
    if audit.may_read(user):
        links.append((_("Steekproef"), reverse("calibration:audit_list")))
        links.append((_("Borgingsrapportage"), reverse("calibration:report_borging")))
        links.append((_("Rapportage praktijkbureau"), reverse("calibration:report_praktijkbureau")))
    if audit.may_judge(user):
        links.append((_("Steekproef: tweede beoordeling"), reverse("calibration:audit_my_items")))
    if sessions.may_read_register(user):
        links.append((_("Beoordelaarsregister"), reverse("calibration:session_register")))
    return links
