"""URLs of lesson observations; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.observations import views

urlpatterns = [
    path("stages/<int:pk>/lesbezoeken/", views.observations, name="observations"),
    path("stages/<int:pk>/lesbezoeken/nieuw/", views.observation_new, name="observation_new"),
    path("lesbezoeken/<int:pk>/", views.observation, name="observation"),
    path(
        "lesbezoeken/<int:pk>/lesvoorbereiding/",
        views.observation_lesson_plan,
        name="observation_lesson_plan",
    ),
    path(
        "formulieren/<int:pk>/lesbezoeken-overnemen/",
        views.form_observations,
        name="form_observations",
    ),
    path(
        "lesbezoeken/instrumenten/<int:pk>/importeren/",
        views.instrument_import,
        name="instrument_import",
    ),
]
