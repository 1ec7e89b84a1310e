"""URLs of conversations; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.conversations import views

urlpatterns = [
    path("stages/<int:pk>/", views.placement_detail, name="placement"),
    path("stages/<int:pk>/kennismaking/", views.kennismaking, name="kennismaking"),
    path("stages/<int:pk>/persoonlijk/", views.sensitive_info, name="sensitive"),
    path("gesprekken/<int:pk>/gehouden/", views.conversation_held, name="conversation_held"),
    path("stages/<int:pk>/planning/", views.placement_planning, name="planning"),
    path("stages/<int:pk>/gesprekken.ics", views.placement_ics, name="placement_ics"),
    path(
        "gesprekken/<int:pk>/verplaatsen/",
        views.conversation_reschedule,
        name="conversation_reschedule",
    ),
]
