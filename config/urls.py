from django.contrib import admin
from django.urls import include, path

from apps.accounts import preferences
from apps.accounts import views as account_views

urlpatterns = [
    path("", include("apps.home.urls")),
    path("meldingen/", account_views.notifications, name="notifications"),
    path("voorkeuren/", preferences.preferences, name="preferences"),
    path("ping/", account_views.ping, name="ping"),
    path("accounts/sso/", include("apps.accounts.sso.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.cycle.urls")),
    path("kalibreren/", include("apps.calibration.urls")),
    path("stages/", include("apps.placements.urls")),
    path("rubrics/", include("apps.rubrics.urls")),
    path("i18n/setlang/", account_views.language_set, name="set_language"),
    path("admin/", admin.site.urls),
]
