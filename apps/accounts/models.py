import re

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """The roles of the triangle. A person may hold several of them."""

    STUDENT = "student", _("Student")
    WERKPLEKBEGELEIDER = "werkplekbegeleider", _("Werkplekbegeleider")
    SCHOOLOPLEIDER = "schoolopleider", _("Schoolopleider")
    INSTITUUTSOPLEIDER = "instituutsopleider", _("Instituutsopleider")
    ADMIN = "admin", _("Admin (praktijkbureau)")
    EXAMENCOMMISSIE = "examencommissie", _("Examencommissie")


class ReminderMode(models.TextChoices):
    IMMEDIATE = "direct", _("Direct per herinnering")
    DIGEST = "dagelijks", _("Eén dagelijks overzicht")


PHONE_CHARACTERS = re.compile(r"[0-9 +\-()]+")
PHONE_MIN_DIGITS = 6


def validate_phone(value: str) -> None:
    """A phone number, loosely: digits, spaces, +, - and parentheses, with at least a few
    digits ("06 12345678", "+31 (0)24 123 45 67", "024-1234567")."""
    if not PHONE_CHARACTERS.fullmatch(value) or (
        sum(c.isdigit() for c in value) < PHONE_MIN_DIGITS
    ):
        raise ValidationError(
            _(
                "Dit is geen telefoonnummer. Gebruik cijfers, spaties en eventueel +, - en "
                "haakjes, bijvoorbeeld 06 12345678 of +31 24 123 45 67."
            ),
            code="phone",
        )


def phone_uri(value: str) -> str:
    """The number as a tel: link: the digits and a leading +; the "(0)" of "+31 (0)6 …" is
    not dialled from abroad, so it goes."""
    value = value.strip()
    international = value.startswith("+")
    if international:
        value = value.replace("(0)", "")
    digits = "".join(c for c in value if c.isdigit())
    return f"tel:{'+' if international else ''}{digits}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("Een e-mailadres is verplicht")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address."""

    email = models.EmailField(_("e-mailadres"), max_length=254, unique=True)
    full_name = models.CharField(_("volledige naam"), max_length=200)
    # Shown to the others of the triangle on the placement page, beside the e-mail address.
    phone = models.CharField(
        _("telefoonnummer"),
        max_length=32,
        blank=True,
        validators=[validate_phone],
        help_text=_(
            "Zien alleen de mensen van je eigen stages (de driehoek) en het praktijkbureau."
        ),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"),
        default=False,
        help_text=_("Mag inloggen in de beheeromgeving."),
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    reminder_mode = models.CharField(
        _("herinneringen"),
        max_length=16,
        choices=ReminderMode.choices,
        default=ReminderMode.DIGEST,
    )
    # Stored with the person so the choice holds on every device; blank follows the browser.
    language = models.CharField(
        _("taal"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Leeg: de taal van je browser."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def natural_key(self) -> tuple[str]:
        return (self.email,)

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def phone_uri(self) -> str:
        """The phone number as a tel: link ("" without a number)."""
        return phone_uri(self.phone) if self.phone else ""

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_set(self) -> set[str]:
        """The roles this person holds; cached per instance so a page asks once."""
        if not hasattr(self, "_role_cache"):
            self._role_cache = set(self.role_memberships.values_list("role", flat=True))
        return self._role_cache

    def has_role(self, role: Role) -> bool:
        return role in self.role_set

    @property
    def is_praktijkbureau(self) -> bool:
        """Admins of the praktijkbureau see everything; a superuser counts as one."""
        return self.is_superuser or Role.ADMIN in self.role_set


class RoleMembership(models.Model):
    """One role held by one person. What a role may do is decided by the access modules."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_memberships", verbose_name=_("gebruiker")
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rol van gebruiker")
        verbose_name_plural = _("rollen van gebruikers")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_role_once_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class AuditEvent(models.Model):
    """Append-only record of who did what: logins, exports, reads of sensitive information.

    Rows are only ever added (see `apps.accounts.services.audit_record`); the admin shows them
    read-only.
    """

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    action = models.CharField(_("handeling"), max_length=64, db_index=True)
    target_type = models.CharField(_("soort object"), max_length=64, blank=True)
    target_id = models.CharField(_("object"), max_length=64, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


class Notification(models.Model):
    """An in-app message for one person, such as 'a form was sent to you'."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("ontvanger")
    )
    message = models.CharField(_("bericht"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message


INVITATION_VALID_DAYS = 14


class Invitation(models.Model):
    """A single-use link for a new person to choose their password.

    Only a hash of the token is stored; the link in the mail carries the token itself, so a
    copy of the database gives nobody a way in. A new invitation for the same person
    supersedes the open ones (`superseded_at`), so only the latest mail works.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("gebruiker")
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verstuurd door"),
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)
    token_hash = models.CharField(_("token (sha256)"), max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    def is_open(self, now) -> bool:
        """Usable at `now`: not accepted, not replaced by a newer one, not expired."""
        return self.accepted_at is None and self.superseded_at is None and now < self.expires_at


class LoginPolicy(models.Model):
    """How people log in, as the praktijkbureau chose it: one row (pk 1), read through
    `LoginPolicy.current()`; changed only through `login_policy_set`."""

    institute_passwords_off = models.BooleanField(
        _("alleen inloggen via de instelling voor studenten en instituutsmedewerkers"),
        default=False,
        help_text=_(
            "Studenten en medewerkers van het instituut loggen dan alleen via hun instelling "
            "in (zodra single sign-on is ingesteld); schoolmedewerkers houden hun wachtwoord."
        ),
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)
    changed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        verbose_name = _("inlogbeleid")
        verbose_name_plural = _("inlogbeleid")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "LoginPolicy":
        """The policy in force; the default (passwords for everyone) until one is saved."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class MailKind(models.TextChoices):
    """What a mail in the outbox is. A message is stored ready to send; an invitation or a
    password reset carries a secret link, so it is written only when it leaves (see
    `apps.accounts.outbox`): the database never holds a working link."""

    MESSAGE = "bericht", _("Bericht")
    INVITATION = "uitnodiging", _("Uitnodiging")
    PASSWORD_RESET = "wachtwoord", _("Wachtwoord herstellen")


class MailStatus(models.TextChoices):
    PENDING = "wachtrij", _("In de wachtrij")
    SENDING = "bezig", _("Wordt verstuurd")
    SENT = "verstuurd", _("Verstuurd")
    FAILED = "mislukt", _("Mislukt")
    CANCELLED = "vervallen", _("Vervallen")


class OutboxMail(models.Model):
    """One e-mail to one person, written in the transaction of the work it is about and
    delivered after the commit by the task worker (`apps.accounts.outbox`).

    A rolled-back action leaves no row, so no mail. `key` is unique, so the same mail cannot
    be queued twice; a row is claimed by one worker before it is sent, so it is not sent twice.
    A failed attempt is retried with growing pauses; after the last one the mail stays
    `mislukt` in the admin, which can try it again. Once sent, only the envelope is kept."""

    key = models.CharField(_("sleutel"), max_length=100, unique=True, editable=False)
    kind = models.CharField(
        _("soort"), max_length=16, choices=MailKind.choices, default=MailKind.MESSAGE
    )
    recipient = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_mails",
        verbose_name=_("ontvanger"),
    )
    to_email = models.EmailField(_("aan"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    body = models.TextField(_("tekst"), blank=True)
    # What a mail written on delivery needs (never a secret): ids, base URL, language.
    context = models.JSONField(_("gegevens"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    claimed_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MailStatus.values), name="accounts_outbox_status"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MailKind.values), name="accounts_outbox_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject or self.get_kind_display()}"
