from django.urls import include, path

from tests.oidc_idp import views

urlpatterns = [
    path("login/", views.login_view),
    path("whoami/", views.whoami),
    path("setup/person/", views.setup_person),
    path("setup/client/", views.setup_client),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
