"""URLs of feedback; included by apps/cycle/urls.py in the "cycle" namespace."""

from django.urls import path

from apps.cycle.feedback import views

urlpatterns = [
    path("formulieren/<int:pk>/", views.form_detail, name="form"),
    path("formulieren/<int:pk>/pdf/", views.form_pdf, name="form_pdf"),
    path("formulieren/<int:pk>/zelfreflectie/", views.form_reflection, name="form_reflection"),
    path("formulieren/<int:pk>/feedback/", views.form_feedback, name="form_feedback"),
    path("formulieren/<int:pk>/verzenden/", views.form_send_view, name="form_send"),
    path("formulieren/<int:pk>/corrigeren/", views.form_correct_view, name="form_correct"),
]
