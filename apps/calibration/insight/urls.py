"""The disagreement map and the agreement dashboard (names prefixed insight_)."""

from django.urls import path

from apps.calibration.insight import views

urlpatterns = [
    path("verschillenkaart/", views.disagreement_map, name="insight_map"),
    path("verschillenkaart/export.csv", views.disagreement_map_csv, name="insight_map_csv"),
    path("betrouwbaarheid/", views.dashboard, name="insight_dashboard"),
    path("betrouwbaarheid/export.csv", views.dashboard_csv, name="insight_dashboard_csv"),
]
