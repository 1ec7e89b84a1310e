"""Writes on people and their roles."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.models import (
    INVITATION_VALID_DAYS,
    AuditEvent,
    Invitation,
    MailKind,
    OutboxMail,
    Role,
    RoleMembership,
    User,
)
from apps.accounts.outbox import outbox_add, outbox_message


class AccountError(Exception):
    """A domain error with a message that can be shown to the user."""


class InvitationInvalid(AccountError):
    """The invitation link is unknown, used, replaced or expired."""


@transaction.atomic
def user_create(
    *, by: User | None, email: str, full_name: str, password: str | None = None
) -> User:
    """Create a person who logs in with `email`. Without a password they must reset it first."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(
            _("Er bestaat al een account met e-mailadres %(email)s.") % {"email": email}
        )
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
    """Give `user` a role (idempotent); an admin becomes staff."""
    membership, created = RoleMembership.objects.get_or_create(user=user, role=role)
    if created:
        membership._history_user = by
    user_sync_admin_access(user=user)
    return membership


@transaction.atomic
def role_revoke(*, by: User | None, user: User, role: Role) -> None:
    """Take a role away; the person's per-placement grants are left to the placement services."""
    for membership in RoleMembership.objects.filter(user=user, role=role):
        membership._history_user = by
        membership.delete()
    user_sync_admin_access(user=user)


@transaction.atomic
def user_language_set(*, by: User, user: User, language: str) -> User:
    """A person chooses the language of the interface; it is stored with them so it holds on
    every device. Blank follows the browser. Only the person themselves chooses."""
    if by.pk != user.pk:
        raise AccountError(_("Alleen de persoon zelf kiest de taal."))
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


@transaction.atomic
def user_phone_set(*, by: User, user: User, phone: str) -> User:
    """A person gives the phone number the others of their triangle may call (blank: none).
    Only the person themselves sets it here; the import may fill in an empty one."""
    if by.pk != user.pk:
        raise AccountError(_("Alleen de persoon zelf wijzigt het telefoonnummer."))
    phone = " ".join(phone.split())
    if user.phone == phone:
        return user
    user.phone = phone
    user._history_user = by
    user.full_clean(exclude=["password"])
    user.save(update_fields=["phone"])
    audit_record(actor=by, action="preferences.phone", target=user)
    return user


def user_sync_admin_access(*, user: User) -> None:
    """After a change of roles: an admin may use Django's admin (`AdminRoleBackend` gives them
    every model permission while they hold the role)."""
    user.__dict__.pop("_role_cache", None)
    if Role.ADMIN in user.role_set and not user.is_staff:
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


def notify(*, recipients, message, url: str = "", subject="", body="") -> None:
    """Tell people something in the app and, with a `body`, by e-mail.

    `message`, `subject` and `body` are texts or functions that return one: a function is called
    once per recipient in that person's language (their own choice, else the site's), so the
    stored notification and the mail read in the language of the person who reads them. The
    notification and the mail are written in the caller's transaction; the mail leaves from the
    worker once it commits (`apps.accounts.outbox`), so a mail server that is down never stops
    the work, and work that is rolled back sends nothing."""
    from apps.accounts.models import Notification

    people = [p for p in {r.pk: r for r in recipients if r is not None}.values()]
    texts = {}
    for p in people:
        with translation.override(p.language or settings.LANGUAGE_CODE):
            texts[p.pk] = [text() if callable(text) else text for text in (message, subject, body)]
    Notification.objects.bulk_create(
        [Notification(recipient=p, message=texts[p.pk][0], url=url) for p in people]
    )
    if body:
        outbox_add(
            [
                outbox_message(
                    to=p,
                    subject=" ".join((texts[p.pk][1] or texts[p.pk][0]).split()),
                    body=texts[p.pk][2],
                )
                for p in people
            ]
        )


def notifications_mark_read(*, user: User) -> int:
    """Mark all of a person's unread messages as read."""
    from django.utils import timezone

    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


# --- Invitations ------------------------------------------------------------------------------


def invitation_token_hash(token: str) -> str:
    """What is stored of an invitation token: its sha256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def needs_invitation(user: User) -> bool:
    """Only an active person who cannot log in yet (no usable password, no linked login of
    their institution or eduID) needs an invitation."""
    return user.is_active and not user.has_usable_password() and not _with_linked_login([user.pk])


def _with_linked_login(pks) -> set[int]:
    """Which of these people can log in through a linked provider login (one query)."""
    from allauth.socialaccount.models import SocialAccount

    return set(SocialAccount.objects.filter(user_id__in=pks).values_list("user_id", flat=True))


@transaction.atomic
def invitations_send(*, by: User | None, users: Iterable[User], base_url: str) -> list[Invitation]:
    """Invite each person who still needs it (see `needs_invitation`) to choose a password.

    Each gets a new single-use link valid for INVITATION_VALID_DAYS; their earlier open
    invitations stop working. The link starts with `base_url`, the address the inviting person
    used (`request.build_absolute_uri("/")`; `settings.SITE_URL` only without a request). The
    mail goes to the outbox and leaves once the transaction is committed, so a rolled-back
    import sends nothing. The token is made only when the mail is written, on the worker
    (`invitation_mail_write`): until then the invitation has no working link, and the database
    never holds one.
    """
    candidates = [
        u for u in {u.pk: u for u in users}.values() if u.is_active and not u.has_usable_password()
    ]
    linked = _with_linked_login([u.pk for u in candidates]) if candidates else set()
    people = [u for u in candidates if u.pk not in linked]
    if not people:
        return []
    now = timezone.now()
    Invitation.objects.filter(
        user__in=people, accepted_at__isnull=True, superseded_at__isnull=True
    ).update(superseded_at=now)
    invitations = []
    for user in people:
        invitation = Invitation(
            user=user,
            created_by=by if by is not None and by.pk else None,
            created_at=now,
            expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
            # A token nobody knows: the link is made when the mail leaves.
            token_hash=invitation_token_hash(secrets.token_urlsafe(32)),
        )
        # The people and the hash are ours, not input: checking that they exist (a query
        # each) or that the random hash is unique would only cost a query per person.
        invitation.full_clean(exclude=["user", "created_by"], validate_unique=False)
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)
    language = translation.get_language() or settings.LANGUAGE_CODE
    # One audit line per invitation, as `audit_record` writes it, in one statement: an import
    # invites thousands at once.
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=by if by is not None and by.pk else None,
                action="accounts.invitation_sent",
                target_type=invitation.user._meta.label,
                target_id=str(invitation.user.pk),
                detail={"invitation": invitation.pk, "base_url": base_url},
            )
            for invitation in invitations
        ],
        batch_size=500,
    )
    outbox_add(
        [
            OutboxMail(
                key=f"invitation:{invitation.pk}",
                kind=MailKind.INVITATION,
                recipient=invitation.user,
                to_email=invitation.user.email,
                context={"invitation": invitation.pk, "base_url": base_url, "language": language},
            )
            for invitation in invitations
        ]
    )
    return invitations


def invitation_send(*, by: User | None, user: User, base_url: str) -> Invitation:
    """Invite one person (see `invitations_send`); someone who can already log in needs none."""
    if not needs_invitation(user):
        raise AccountError(
            _("%(user)s kan al inloggen of is niet actief; een uitnodiging is niet nodig.")
            % {"user": user}
        )
    return invitations_send(by=by, users=[user], base_url=base_url)[0]


def invitation_mail_write(mail: OutboxMail) -> tuple[str, str] | None:
    """Subject and body of an invitation mail as it leaves (see `apps.accounts.outbox`), with a
    new token whose hash replaces the invitation's: only the mail holds the link. None when the
    invitation is no longer open (replaced, used, expired) or the person needs none any more."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(pk=mail.context["invitation"]).first()
        )
        if invitation is None or not invitation.is_open(timezone.now()):
            return None
        if not needs_invitation(invitation.user):
            return None
        token = secrets.token_urlsafe(32)
        invitation.token_hash = invitation_token_hash(token)
        invitation.save(update_fields=["token_hash"])
    path = reverse("accounts:invitation_accept", args=[token])
    context = {
        "user": invitation.user,
        "url": f"{mail.context['base_url'].rstrip('/')}{path}",
        "expires_at": invitation.expires_at,
    }
    with translation.override(mail.context.get("language") or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation.txt", context)
    return " ".join(subject.split()), body


def password_reset_queue(*, user: User, domain: str, protocol: str, templates: dict) -> None:
    """Queue a password-reset mail for `user` (Django's reset form, `forms.PasswordResetForm`).
    The reset link is made when the mail leaves (`password_reset_mail_write`)."""
    outbox_add(
        [
            OutboxMail(
                kind=MailKind.PASSWORD_RESET,
                recipient=user,
                to_email=user.email,
                context={
                    "domain": domain,
                    "protocol": protocol,
                    "language": translation.get_language() or settings.LANGUAGE_CODE,
                    **templates,
                },
            )
        ]
    )


def password_reset_mail_write(mail: OutboxMail) -> tuple[str, str] | None:
    """Subject and body of a password-reset mail as it leaves, with Django's reset token made
    now; None when the person can no longer reset a password (inactive, no password)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = mail.recipient
    if user is None or not user.is_active or not user.has_usable_password():
        return None
    c = mail.context
    context = {
        "email": user.email,
        "domain": c["domain"],
        "site_name": c["domain"],
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": c["protocol"],
    }
    with translation.override(c.get("language") or settings.LANGUAGE_CODE):
        subject = render_to_string(c["subject_template_name"], context)
        body = render_to_string(c["email_template_name"], context)
    return " ".join(subject.split()), body


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation this token belongs to, or None (unknown, used, replaced, expired, or
    for a person who is inactive or meanwhile got a password another way): callers never learn
    which, nor whether the person exists."""
    invitation = (
        Invitation.objects.select_related("user")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
    if invitation is None or not invitation.is_open(timezone.now()):
        return None
    return invitation if needs_invitation(invitation.user) else None


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Use an invitation: the person's password becomes `password` and the link stops working.

    Raises InvitationInvalid for a link that no longer works, AccountError for a password the
    validators refuse.
    """
    invitation = invitation_for_token(token)
    if invitation is None:
        raise InvitationInvalid("Deze uitnodiging werkt niet meer.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    if not invitation.is_open(now):  # used by a request that was just before us
        raise InvitationInvalid("Deze uitnodiging werkt niet meer.")
    user = invitation.user
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action="accounts.invitation_accepted",
        target=user,
        detail={"invitation": invitation.pk},
    )
    return user
