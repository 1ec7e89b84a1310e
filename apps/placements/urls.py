from django.urls import path

from apps.placements import views

app_name = "placements"

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/bevestigen/", views.import_confirm, name="import_confirm"),
    path("import/sjabloon.<str:fmt>", views.import_template, name="import_template"),
]
