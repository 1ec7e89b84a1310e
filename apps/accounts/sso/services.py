"""Writes of single sign-on: linking a provider login to a person, unlinking it, using an
invitation through a provider, and the praktijkbureau's login policy. Each is audited."""

from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Invitation, LoginPolicy, Role, User
from apps.accounts.services import (
    AccountError,
    InvitationInvalid,
    audit_record,
    invitation_for_token,
)
from apps.accounts.sso.config import Provider, sso_configured

# Roles of the institute: with the policy on, these log in only through their institution.
INSTITUTE_ROLES = {Role.STUDENT, Role.INSTITUUTSOPLEIDER, Role.ADMIN}
# Roles at a school: these keep their password whatever the policy says.
SCHOOL_ROLES = {Role.WERKPLEKBEGELEIDER, Role.SCHOOLOPLEIDER}


def claims_of_account(account: SocialAccount) -> dict:
    """What the provider told about the person: userinfo, else the ID token's claims."""
    data = account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or {}


def claims_of(sociallogin) -> dict:
    return claims_of_account(sociallogin.account)


def person_for_claims(*, provider: Provider, claims: dict) -> tuple[User | None, str]:
    """The active person a first login through `provider` belongs to, and why (`claim`,
    `verified_email`), or (None, reason) with reason `unknown` or `unverified_email`.

    Only identifiers the institute controls link: the provider's configured claim, or a
    verified `email` claim, each equal to the e-mail address the praktijkbureau imported.
    Nobody is ever created."""
    active = User.objects.filter(is_active=True)
    if provider.claim:
        value = str(claims.get(provider.claim) or "").strip()
        if value:
            person = active.filter(email__iexact=value).first()
            if person is not None:
                return person, "claim"
    email = str(claims.get("email") or "").strip()
    if provider.verified_email and email:
        person = active.filter(email__iexact=email).first()
        if person is not None:
            if claims.get("email_verified") is True:
                return person, "verified_email"
            return None, "unverified_email"
    return None, "unknown"


@transaction.atomic
def sso_link(*, by: User, user: User, sociallogin, via: str) -> SocialAccount:
    """Link this provider login to `user`. A login already linked to someone else is refused:
    one provider identity opens one account."""
    account = sociallogin.account
    if account.pk and account.user_id != user.pk:
        raise AccountError(
            _("Deze login is al gekoppeld aan een ander account. Vraag het praktijkbureau.")
        )
    already = bool(account.pk)
    account.user = user
    account.last_login = timezone.now()
    account.save()
    if not already:
        audit_record(
            actor=by,
            action="sso.linked",
            target=user,
            detail={"provider": account.provider, "uid": account.uid, "via": via},
        )
    return account


@transaction.atomic
def sso_unlink(*, by: User, account: SocialAccount) -> None:
    """Remove a linked login; only the person themselves, and never their last way in."""
    user = account.user
    if by.pk != user.pk:
        raise AccountError(_("Alleen de persoon zelf ontkoppelt een login."))
    others = SocialAccount.objects.filter(user=user).exclude(pk=account.pk).exists()
    if not others and not (user.has_usable_password() and password_login_allowed(user)):
        raise AccountError(
            _("Dit is je enige manier om in te loggen; ontkoppelen kan daarom niet.")
        )
    detail = {"provider": account.provider, "uid": account.uid}
    account.delete()
    audit_record(actor=by, action="sso.unlinked", target=user, detail=detail)


@transaction.atomic
def invitation_accept_sso(*, token: str, sociallogin) -> User:
    """Use an invitation by linking a provider login instead of choosing a password. The
    invitation proves the person reads the imported e-mail address; the link stops working."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise InvitationInvalid("Deze uitnodiging werkt niet meer.")
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    now = timezone.now()
    if not invitation.is_open(now):
        raise InvitationInvalid("Deze uitnodiging werkt niet meer.")
    user = invitation.user
    sso_link(by=user, user=user, sociallogin=sociallogin, via="invitation")
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action="accounts.invitation_accepted",
        target=user,
        detail={"invitation": invitation.pk, "provider": sociallogin.account.provider},
    )
    return user


def password_login_allowed(user: User, policy: LoginPolicy | None = None) -> bool:
    """May this person log in with a password? Not when the praktijkbureau turned local
    passwords off, SSO is configured, and they hold an institute role but no school role.
    A superuser always may (the way in when a provider is down)."""
    if user.is_superuser or not sso_configured():
        return True
    policy = policy or LoginPolicy.current()
    if not policy.institute_passwords_off:
        return True
    roles = user.role_set
    return bool(roles & SCHOOL_ROLES) or not (roles & INSTITUTE_ROLES)


@transaction.atomic
def login_policy_set(*, by: User, institute_passwords_off: bool) -> LoginPolicy:
    """The praktijkbureau turns local passwords for the institute's people off or on."""
    if not by.is_praktijkbureau:
        raise AccountError(_("Alleen het praktijkbureau stelt het inlogbeleid in."))
    policy = LoginPolicy.current()
    if policy.pk and LoginPolicy.objects.filter(pk=1).exists():
        policy = LoginPolicy.objects.select_for_update().get(pk=1)
    policy.institute_passwords_off = institute_passwords_off
    policy.changed_at = timezone.now()
    policy.changed_by = by
    policy.full_clean()
    policy.save()
    audit_record(
        actor=by,
        action="sso.policy",
        target=policy,
        detail={"institute_passwords_off": institute_passwords_off},
    )
    return policy
