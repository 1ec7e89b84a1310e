from django.urls import path, re_path

from apps.placements.importing import views
from apps.placements.leidraad import views as quality_views

app_name = "placements"

YEAR = r"(?P<year>[0-9]{4}-[0-9]{4})"

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/bevestigen/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/voortgang/", views.import_progress, name="import_progress"),
    path("import/sjabloon.<str:fmt>", views.import_template, name="import_template"),
    # The quality monitor (Leidraad goede leerwerkplek).
    path("kwaliteit/", quality_views.overview, name="quality_overview"),
    path("kwaliteit/export.csv", quality_views.export, name="quality_export"),
    path("kwaliteit/school/<int:pk>/", quality_views.school, name="quality_school"),
    re_path(
        rf"^kwaliteit/school/(?P<pk>[0-9]+)/{YEAR}/$",
        quality_views.review,
        name="quality_review",
    ),
    re_path(
        rf"^kwaliteit/school/(?P<pk>[0-9]+)/{YEAR}/correctie/$",
        quality_views.review_correct,
        name="quality_review_correct",
    ),
    path("<int:pk>/evaluatie/", quality_views.evaluation, name="quality_evaluation"),
]
