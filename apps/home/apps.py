from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and the dashboards of every role; no models."""

    name = "apps.home"
