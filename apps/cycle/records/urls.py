"""URLs of records; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.records import views

urlpatterns = [
    path("exports/oordelen/", views.judgements, name="judgements_export"),
    path("stages/<int:pk>/dossier/", views.dossier_new, name="dossier_new"),
    path("dossiers/", views.dossiers, name="dossiers"),
    path("dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:pk>/pdf/", views.dossier_pdf, name="dossier_pdf"),
]
