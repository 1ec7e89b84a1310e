from django.urls import path

from apps.rubrics import views

app_name = "rubrics"

urlpatterns = [
    path("mijn/", views.mine, name="mine"),
    path("mijn/toestemming/", views.consent, name="consent"),
    path("mijn/rollen/<int:role_pk>/", views.role_detail, name="role"),
    path("mijn/rollen/<int:role_pk>/nieuw/", views.assessment_new, name="assessment_new"),
    path("mijn/zelfbeoordelingen/<int:pk>/", views.assessment_detail, name="assessment"),
    path("team/", views.heatmap, name="heatmap"),
]
