"""URLs of procedure; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.procedure import views

urlpatterns = [
    path("formulieren/onderdelen/<int:pk>/twijfel/", views.doubt, name="doubt"),
    path("meningsverschillen/<int:pk>/", views.disagreement, name="disagreement"),
    path(
        "meningsverschillen/<int:pk>/afronden/",
        views.disagreement_close,
        name="disagreement_close",
    ),
    path(
        "meningsverschillen/<int:pk>/instituutsopleider/",
        views.disagreement_raise_level,
        name="disagreement_escalate",
    ),
    path("stages/<int:pk>/zorg/", views.concern_new, name="concern_new"),
    path("zorgen/<int:pk>/doorgeven/", views.concern_pass_on, name="concern_hand_on"),
    path("zorgen/<int:pk>/", views.concern, name="concern"),
    path("stages/<int:pk>/beeindigen/", views.termination_new, name="termination_new"),
    path("beeindigingen/<int:pk>/", views.termination, name="termination"),
    path(
        "beeindigingen/<int:pk>/bevestigen/",
        views.termination_agree,
        name="termination_confirm",
    ),
    path("stages/<int:pk>/maatwerk/", views.maatwerk, name="maatwerk"),
    path(
        "stages/<int:pk>/maatwerk/<int:outcome_pk>/verwijderen/",
        views.maatwerk_delete,
        name="maatwerk_delete",
    ),
]
