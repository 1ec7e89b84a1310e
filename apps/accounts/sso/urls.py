"""The provider callback keeps allauth's URL name (`openid_connect_callback`, no namespace):
allauth builds the redirect_uri from it. Register https://<host>/accounts/sso/<id>/callback/."""

from django.urls import path

from apps.accounts.sso import views

urlpatterns = [
    path("<slug:provider_id>/callback/", views.callback, name="openid_connect_callback"),
]
