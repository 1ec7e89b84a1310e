"""Writes on people and their roles."""

from django.contrib.auth.models import Group
from django.db import transaction

from apps.accounts.models import Role, RoleMembership, User
from apps.accounts.roles import role_group_name


class AccountError(Exception):
    """A domain error with a message that can be shown to the user."""


@transaction.atomic
def user_create(
    *, by: User | None, email: str, full_name: str, password: str | None = None
) -> User:
    """Create a person who logs in with `email`. Without a password they must reset it first."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(f"Er bestaat al een account met e-mailadres {email}.")
    user = User(email=email, full_name=full_name.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user._history_user = by
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def role_grant(*, by: User | None, user: User, role: Role) -> RoleMembership:
    """Give `user` a role (idempotent) and put them in the role's group."""
    membership, created = RoleMembership.objects.get_or_create(user=user, role=role)
    if created:
        membership._history_user = by
    user_sync_role_groups(user=user)
    return membership


@transaction.atomic
def role_revoke(*, by: User | None, user: User, role: Role) -> None:
    """Take a role away; the person's per-placement grants are left to the placement services."""
    for membership in RoleMembership.objects.filter(user=user, role=role):
        membership._history_user = by
        membership.delete()
    user_sync_role_groups(user=user)


@transaction.atomic
def user_language_set(*, by: User, user: User, language: str) -> User:
    """A person chooses the language of the interface; it is stored with them so it holds on
    every device. Blank follows the browser. Only the person themselves chooses."""
    if by.pk != user.pk:
        raise AccountError("Alleen de persoon zelf kiest de taal.")
    if user.language == language:
        return user
    user.language = language
    user._history_user = by
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    audit_record(
        actor=by, action="preferences.language", target=user, detail={"language": language}
    )
    return user


def user_sync_role_groups(*, user: User) -> None:
    """Make the person's role groups match their role memberships; admins may use the admin."""
    user.__dict__.pop("_role_cache", None)
    roles = user.role_set
    role_groups = Group.objects.filter(name__in=[role_group_name(r) for r in Role.values])
    wanted = [g for g in role_groups if g.name in {role_group_name(r) for r in roles}]
    user.groups.remove(*[g for g in role_groups if g not in wanted])
    user.groups.add(*wanted)
    if Role.ADMIN in roles and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def audit_record(
    *,
    actor: User | None,
    action: str,
    target=None,
    detail: dict | None = None,
    ip: str | None = None,
) -> None:
    """Add one line to the append-only audit log."""
    from apps.accounts.models import AuditEvent

    AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
        ip_address=ip,
    )


def notify(*, recipients, message: str, url: str = "", subject: str = "", body: str = "") -> None:
    """Tell people something in the app and by e-mail (Django's mail backend)."""
    from django.conf import settings
    from django.core.mail import send_mass_mail

    from apps.accounts.models import Notification

    people = [p for p in {r.pk: r for r in recipients if r is not None}.values()]
    Notification.objects.bulk_create(
        [Notification(recipient=p, message=message, url=url) for p in people]
    )
    if body:
        send_mass_mail(
            [(subject or message, body, settings.DEFAULT_FROM_EMAIL, [p.email]) for p in people],
            fail_silently=False,
        )


def notifications_mark_read(*, user: User) -> int:
    """Mark all of a person's unread messages as read."""
    from django.utils import timezone

    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
