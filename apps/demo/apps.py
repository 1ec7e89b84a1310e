from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo year (`seed_demo`) and the benchmark data (`bench_data`); no models."""

    name = "apps.demo"
