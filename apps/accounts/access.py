"""Who may see which people. Only the praktijkbureau manages invitations; for anyone else the
pages do not exist (404)."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import Invitation, User


def require_praktijkbureau(user) -> None:
    """The praktijkbureau (admins, superusers) only; anyone else gets 404."""
    if not (user.is_authenticated and user.is_praktijkbureau):
        raise Http404


def person_for_user(user, pk: int) -> User:
    """A person the praktijkbureau manages, or 404 for anyone else (and for no such person)."""
    require_praktijkbureau(user)
    try:
        return User.objects.get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


def social_account_for_user(user, pk: int):
    """One of my own linked provider logins, or 404 (also for someone else's)."""
    from allauth.socialaccount.models import SocialAccount

    try:
        return SocialAccount.objects.select_related("user").get(pk=pk, user_id=user.pk)
    except SocialAccount.DoesNotExist as exc:
        raise Http404 from exc


def invitees_visible_to(user) -> QuerySet[User]:
    """The active people who cannot log in yet (no usable password and no linked login: they
    have not accepted an invitation), with their latest invitation's `invited_at` and
    `invitation_expires_at` and whether it still works (`invitation_valid`). One query; empty
    for anyone but the praktijkbureau."""
    if not (user.is_authenticated and user.is_praktijkbureau):
        return User.objects.none()
    latest = Invitation.objects.filter(user=OuterRef("pk")).order_by("-created_at", "-pk")
    valid = Invitation.objects.filter(
        user=OuterRef("pk"),
        accepted_at__isnull=True,
        superseded_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    from allauth.socialaccount.models import SocialAccount

    linked = SocialAccount.objects.filter(user=OuterRef("pk"))
    return (
        User.objects.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(Exists(linked))
        .annotate(
            invited_at=Subquery(latest.values("created_at")[:1]),
            invitation_expires_at=Subquery(latest.values("expires_at")[:1]),
            invitation_valid=Exists(valid),
        )
        .order_by("full_name", "email")
    )
