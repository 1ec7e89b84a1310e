"""URLs of logbook; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.logbook import views

urlpatterns = [
    path("stages/<int:pk>/logboek/", views.guidance_logs, name="logs"),
    path("logboek/<int:pk>/", views.guidance_log, name="log"),
]
