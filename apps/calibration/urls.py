"""The calibration pages; each feature adds its own include."""

from django.urls import include, path

app_name = "calibration"

urlpatterns: list = [
    path("sessies/", include("apps.calibration.sessions.urls")),
]
