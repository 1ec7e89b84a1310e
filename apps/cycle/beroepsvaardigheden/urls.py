"""URLs of beroepsvaardigheden; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.beroepsvaardigheden import views

urlpatterns = [
    path("stages/<int:pk>/beroepsvaardigheden/", views.cbv, name="cbv"),
    path(
        "stages/<int:pk>/beroepsvaardigheden/<str:moment>/",
        views.cbv_edit,
        name="cbv_edit",
    ),
]
