from django.urls import path

from apps.rubrics import views
from apps.rubrics.selfassessment import views as self_assessment_views

app_name = "rubrics"

urlpatterns = [
    path("", views.rubric_list, name="list"),
    path("<int:pk>/", views.rubric_detail, name="detail"),
    path("<int:pk>/rubric.csv", views.rubric_csv_download, name="csv"),
    path("<int:pk>/rubric.pdf", views.rubric_pdf_download, name="pdf"),
    path("<int:pk>/importeren/", views.rubric_import, name="import"),
    path("mijn/", self_assessment_views.mine, name="mine"),
    path("mijn/toestemming/", self_assessment_views.consent, name="consent"),
    path("mijn/rollen/<int:role_pk>/", self_assessment_views.role_detail, name="role"),
    path(
        "mijn/rollen/<int:role_pk>/nieuw/",
        self_assessment_views.assessment_new,
        name="assessment_new",
    ),
    path(
        "mijn/zelfbeoordelingen/<int:pk>/",
        self_assessment_views.assessment_detail,
        name="assessment",
    ),
    path("team/", self_assessment_views.heatmap, name="heatmap"),
]
