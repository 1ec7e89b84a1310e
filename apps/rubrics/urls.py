from django.urls import path

from apps.rubrics import views

app_name = "rubrics"

urlpatterns = [
    path("", views.rubric_list, name="list"),
    path("<int:pk>/", views.rubric_detail, name="detail"),
    path("<int:pk>/rubric.csv", views.rubric_csv_download, name="csv"),
    path("<int:pk>/rubric.pdf", views.rubric_pdf_download, name="pdf"),
    path("<int:pk>/importeren/", views.rubric_import, name="import"),
]
