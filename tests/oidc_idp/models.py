from django.conf import settings
from django.db import models


class Person(models.Model):
    """The claims the provider releases about one of its users."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    claims = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.user)
