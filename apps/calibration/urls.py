"""The calibration pages; each feature adds its own include."""

from django.urls import include, path

app_name = "calibration"

urlpatterns: list = [
    path("voorbeelden/", include("apps.calibration.exemplars.urls")),
    path("inzicht/", include("apps.calibration.insight.urls")),
    path("steekproef/", include("apps.calibration.audit.urls")),
    path("rapportages/", include("apps.calibration.reports.urls")),
    path("sessies/", include("apps.calibration.sessions.urls")),
]
