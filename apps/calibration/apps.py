from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalibrationConfig(AppConfig):
    name = "apps.calibration"
    verbose_name = _("Kalibreren")
