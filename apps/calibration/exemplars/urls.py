"""The exemplar bank (voorbeeldformulieren), under /kalibreren/voorbeelden/."""

from django.urls import path

from apps.calibration.exemplars import views

urlpatterns = [
    path("", views.exemplar_list, name="exemplar_list"),
    path("kandidaten/", views.candidates, name="exemplar_candidates"),
    path("voorbereiden/<int:pk>/", views.prepare, name="exemplar_prepare"),
    path("nieuw/", views.construct, name="exemplar_construct"),
    path("<int:pk>/", views.detail, name="exemplar_detail"),
    path("<int:pk>.pdf", views.detail_pdf, name="exemplar_pdf"),
    path("<int:pk>/controleren/", views.review, name="exemplar_review"),
    path("<int:pk>/publiceren/", views.publish, name="exemplar_publish"),
    path("<int:pk>/referentie/", views.reference, name="exemplar_reference"),
    path("<int:pk>/intrekken/", views.withdraw, name="exemplar_withdraw"),
    path("toestemming/", views.consent_list, name="exemplar_consents"),
    path("toestemming/<int:pk>/", views.consent, name="exemplar_consent"),
]
