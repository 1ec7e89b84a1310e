"""The audit sample's pages, under /kalibreren/steekproef/ (names prefixed audit_)."""

from django.urls import path

from apps.calibration.audit import views

urlpatterns = [
    path("", views.sample_list, name="audit_list"),
    path("trekken/", views.draw, name="audit_draw"),
    path("<int:pk>/", views.sample_detail, name="audit_sample"),
    path("<int:pk>/export.csv", views.sample_export, name="audit_export"),
    path("oordeel/<int:pk>/toewijzen/", views.item_assign, name="audit_assign"),
    path("tweede-beoordeling/", views.my_items, name="audit_my_items"),
    path("tweede-beoordeling/<int:pk>/", views.item_judge, name="audit_judge"),
]
