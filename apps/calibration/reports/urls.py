"""The reports, under /kalibreren/rapportages/ (names prefixed report_)."""

from django.urls import path

from apps.calibration.reports import views

urlpatterns = [
    path("borging/", views.borging, name="report_borging"),
    path("borging.pdf", views.borging_pdf, name="report_borging_pdf"),
    path("borging.csv", views.borging_csv, name="report_borging_csv"),
    path("praktijkbureau/", views.praktijkbureau, name="report_praktijkbureau"),
    path("praktijkbureau.csv", views.praktijkbureau_csv, name="report_praktijkbureau_csv"),
]
