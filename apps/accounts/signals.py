"""Logins and failed logins go to the audit log (Django's auth signals are the hook for it)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from apps.accounts.services import audit_record


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in, dispatch_uid="driehoek-audit-login")
def record_login(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="login", ip=client_ip(request))


@receiver(user_login_failed, dispatch_uid="driehoek-audit-login-failed")
def record_failed_login(sender, credentials, request=None, **kwargs) -> None:
    audit_record(
        actor=None,
        action="login.failed",
        detail={"email": str(credentials.get("username", ""))[:254]},
        ip=client_ip(request),
    )
