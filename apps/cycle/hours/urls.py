"""URLs of hours and lessons; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.hours import views

urlpatterns = [
    path("stages/<int:pk>/uren/", views.hours, name="hours"),
    path(
        "stages/<int:pk>/uren/alles-bevestigen/",
        views.hours_confirm_all,
        name="hours_confirm_all",
    ),
    path("uren/<int:pk>/", views.hours_week, name="hours_week"),
    path("uren/<int:pk>/bevestigen/", views.hours_confirm, name="hours_confirm"),
    path("uren/<int:pk>/heropenen/", views.hours_reopen, name="hours_reopen"),
]
