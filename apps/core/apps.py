from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared machinery without models: PDF, CSV, versioning, locking, query helpers."""

    name = "apps.core"
