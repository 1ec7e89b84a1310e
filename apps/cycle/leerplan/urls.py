"""URLs of leerplan; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.leerplan import views

urlpatterns = [
    path("stages/<int:pk>/leerplan/", views.leerplan, name="leerplan"),
    path(
        "stages/<int:pk>/leerplan/uitwerken/<int:po_pk>/",
        views.leerplan_step,
        name="leerplan_step",
    ),
    path(
        "stages/<int:pk>/leerplan/begeleiding/",
        views.leerplan_wishes,
        name="leerplan_wishes",
    ),
    path(
        "stages/<int:pk>/leerplan/indienen/",
        views.leerplan_submit_view,
        name="leerplan_submit",
    ),
    path(
        "stages/<int:pk>/leerplan/besluit/",
        views.leerplan_decide_view,
        name="leerplan_decide",
    ),
    path(
        "stages/<int:pk>/leerplan/bijstellen/",
        views.leerplan_reopen_view,
        name="leerplan_reopen",
    ),
    path(
        "stages/<int:pk>/leerplan/antwoord/",
        views.leerplan_answer_view,
        name="leerplan_answer",
    ),
    path(
        "stages/<int:pk>/leerplan/versies/",
        views.leerplan_versions,
        name="leerplan_versions",
    ),
]
