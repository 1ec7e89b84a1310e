from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_http_methods

from apps.accounts import forms, views
from apps.accounts.sso import views as sso_views

app_name = "accounts"

# Django's form views also answer PUT; ours answer only what a browser sends.
get_or_post = require_http_methods(["GET", "HEAD", "POST"])

urlpatterns = [
    path(
        "inloggen/",
        get_or_post(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html",
                authentication_form=forms.EmailAuthenticationForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("uitloggen/", sso_views.logout_view, name="logout"),
    path(
        "wachtwoord-vergeten/",
        get_or_post(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset_form.html",
                form_class=forms.OutboxPasswordResetForm,
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verzonden/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        get_or_post(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                form_class=forms.ChoosePasswordForm,
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("uitnodigingen/", views.invitations, name="invitations"),
    path("uitnodigingen/<int:pk>/opnieuw/", views.invitation_resend, name="invitation_resend"),
    path(
        "uitnodigingen/verlopen/opnieuw/",
        views.invitations_resend_expired,
        name="invitations_resend_expired",
    ),
    path("sso/<slug:provider_id>/inloggen/", sso_views.sso_login, name="sso_login"),
    path("sso/<slug:provider_id>/koppelen/", sso_views.sso_connect, name="sso_connect"),
    path("sso/koppelingen/<int:pk>/ontkoppelen/", sso_views.sso_unlink_view, name="sso_unlink"),
    path(
        "uitnodiging/<str:token>/sso/<slug:provider_id>/",
        sso_views.invitation_sso,
        name="invitation_sso",
    ),
    path("inlogbeleid/", sso_views.login_policy, name="login_policy"),
]
