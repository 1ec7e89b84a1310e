"""URLs of evidence; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.evidence import views

urlpatterns = [
    path("stages/<int:pk>/bewijs/", views.evidence_overview, name="evidence"),
    path("bewijs/<slug:target>/<int:pk>/toevoegen/", views.evidence_new, name="evidence_new"),
    path("bewijs/<int:pk>/bestand/", views.evidence_file, name="evidence_file"),
    path("bewijs/<int:pk>/verwijderen/", views.evidence_delete, name="evidence_delete"),
]
