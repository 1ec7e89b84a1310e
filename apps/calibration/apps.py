from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalibrationConfig(AppConfig):
    name = "apps.calibration"
    verbose_name = _("Kalibreren")

    def ready(self) -> None:
        from apps.calibration.sessions.panels import beoordelaar_panel
        from apps.rubrics.panels import register_role_panel

        register_role_panel(beoordelaar_panel)
