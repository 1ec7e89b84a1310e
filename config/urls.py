from django.contrib import admin
from django.urls import include, path

from apps.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("meldingen/", account_views.notifications, name="notifications"),
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.cycle.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
