"""The cycle's URLs: each feature keeps its own; the names stay in the "cycle" namespace."""

from django.urls import include, path

app_name = "cycle"

urlpatterns = [
    path("", include("apps.cycle.conversations.urls")),
    path("", include("apps.cycle.logbook.urls")),
    path("", include("apps.cycle.leerplan.urls")),
    path("", include("apps.cycle.feedback.urls")),
    path("", include("apps.cycle.procedure.urls")),
    path("", include("apps.cycle.beroepsvaardigheden.urls")),
    path("", include("apps.cycle.evidence.urls")),
    path("", include("apps.cycle.observations.urls")),
    path("", include("apps.cycle.hours.urls")),
    path("", include("apps.cycle.records.urls")),
]
