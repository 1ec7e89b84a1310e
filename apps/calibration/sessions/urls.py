from django.urls import path

from apps.calibration.sessions import views

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("nieuw/", views.session_new, name="session_new"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path("<int:pk>/beoordelen/", views.session_judge, name="session_judge"),
    path("<int:pk>/spreiding-tonen/", views.session_reveal_view, name="session_reveal"),
    path("<int:pk>/referentie-tonen/", views.session_reference_view, name="session_reference"),
    path("<int:pk>/afsluiten/", views.session_close_view, name="session_close"),
    path("<int:pk>/afspraken/", views.agreement_new, name="session_agreement_new"),
    path(
        "afspraken/<int:pk>/beslisregel/",
        views.agreement_promote_view,
        name="session_agreement_promote",
    ),
    path(
        "afspraken/<int:pk>/actiepunt/",
        views.agreement_action_view,
        name="session_agreement_action",
    ),
    path("<int:pk>/verslag/", views.session_report, name="session_report"),
    path("<int:pk>/verslag.pdf", views.session_report_pdf, name="session_report_pdf"),
    path("register/", views.register, name="session_register"),
    path("register/nieuw/", views.credential_new, name="session_credential_new"),
    path("mijn-kalibratie/", views.mirror, name="session_mirror"),
]
