"""Calibration sessions (kalibratiesessies, calibration-design.md §3.3): the set-up, each
participant's blind judgement of the exemplars, the reveal, the agreements (afspraken), and the
assessor register (§3.7).

Blindness is kept by the services and the access module: a participant's judgement is locked
once submitted (`submitted_at`), and nobody — the moderator included — reads another's judgement
before `revealed_at`; the reference shows after `reference_revealed_at`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.calibration.models.exemplars import Exemplar
from apps.cycle.models import ConversationKind, Judgement
from apps.outcomes.models import DecisionRule, Indicator, LearningOutcome
from apps.placements.models import School


class SessionScope(models.TextChoices):
    PARTNERSHIP = "partnerschap", _("Hele partnerschap")
    SCHOOL = "school", _("Eén opleidingsschool")
    COHORT = "cohort", _("Eén cohort (studiejaar)")


class SessionMode(models.TextChoices):
    LIVE = "live", _("Live: iedereen beoordeelt in de bijeenkomst")
    PREWORK = "voorwerk", _("Vooraf beoordelen, daarna de bijeenkomst")


class SessionPhase(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    JUDGING = "beoordelen", _("Deelnemers beoordelen")
    REVEALED = "onthuld", _("Spreiding getoond, bespreking")
    REFERENCE = "referentie", _("Referentie getoond")
    CLOSED = "afgesloten", _("Afgesloten")


class CalibrationSession(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    scope = models.CharField(_("reikwijdte"), max_length=16, choices=SessionScope.choices)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    study_year = models.PositiveSmallIntegerField(_("studiejaar (cohort)"), null=True, blank=True)
    school_year = models.CharField(_("schooljaar"), max_length=9)
    outcomes = models.ManyToManyField(
        LearningOutcome, related_name="+", verbose_name=_("leeruitkomsten")
    )
    moment = models.CharField(
        _("moment"),
        max_length=24,
        choices=[
            (ConversationKind.TUSSENEVALUATIE.value, ConversationKind.TUSSENEVALUATIE.label),
            (ConversationKind.EINDBEOORDELING.value, ConversationKind.EINDBEOORDELING.label),
        ],
        default=ConversationKind.EINDBEOORDELING.value,
    )
    mode = models.CharField(
        _("werkwijze"), max_length=16, choices=SessionMode.choices, default=SessionMode.PREWORK
    )
    held_on = models.DateField(_("datum bijeenkomst"))
    judge_before = models.DateTimeField(_("beoordelen vóór"), null=True, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisator"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("moderator"),
    )
    notulist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notulist"),
    )
    # Pre-registered before anyone judges ("state the agreement you would accept before you
    # measure anything"): a share between 0 and 1, or empty.
    target_agreement = models.DecimalField(
        _("vooraf afgesproken doel voor overeenstemming"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    phase = models.CharField(
        _("fase"), max_length=16, choices=SessionPhase.choices, default=SessionPhase.PLANNED
    )
    revealed_at = models.DateTimeField(_("spreiding getoond op"), null=True, blank=True)
    reference_revealed_at = models.DateTimeField(_("referentie getoond op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    lock_version = models.PositiveIntegerField(_("bewerkingsteller"), default=0)

    class Meta:
        verbose_name = _("kalibratiesessie")
        verbose_name_plural = _("kalibratiesessies")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class SessionExemplar(models.Model):
    session = models.ForeignKey(
        CalibrationSession,
        on_delete=models.CASCADE,
        related_name="session_exemplars",
        verbose_name=_("sessie"),
    )
    exemplar = models.ForeignKey(
        Exemplar, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorbeeld")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("voorbeeld in sessie")
        verbose_name_plural = _("voorbeelden in sessie")
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exemplar"], name="calibration_exemplar_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} – {self.exemplar}"


class Participant(models.Model):
    session = models.ForeignKey(
        CalibrationSession,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("sessie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="calibration_participations",
        verbose_name=_("deelnemer"),
    )
    # The role in which they take part (a Role value: werkplekbegeleider, schoolopleider, ...).
    role = models.CharField(_("rol"), max_length=32)
    # Names appear beside motivations only for those who choose so.
    show_name = models.BooleanField(_("mijn naam tonen bij mijn motivatie"), default=False)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), default=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="calibration_participant_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} – {self.user}"


class JudgementPhase(models.TextChoices):
    PRE = "voor", _("Vóór de bespreking")
    POST = "na", _("Na de bespreking")


class SessionJudgement(models.Model):
    """One participant's judgement of one exemplar, on the same fields as the real form."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="judgements",
        verbose_name=_("deelnemer"),
    )
    exemplar = models.ForeignKey(
        Exemplar, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorbeeld")
    )
    phase = models.CharField(
        _("ronde"), max_length=8, choices=JudgementPhase.choices, default=JudgementPhase.PRE
    )
    judgement = models.CharField(_("oordeel"), max_length=16, choices=Judgement.choices, blank=True)
    confidence_year3 = models.BooleanField(
        _("voldoende vertrouwen in afronding in jaar 3"), null=True, blank=True
    )
    indicators_seen = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("geziene indicatoren")
    )
    motivation = models.TextField(_("motivatie"), blank=True)
    certainty = models.PositiveSmallIntegerField(
        _("zekerheid (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("bewerkingsteller"), default=0)

    class Meta:
        verbose_name = _("oordeel in sessie")
        verbose_name_plural = _("oordelen in sessie")
        ordering = ["participant", "exemplar", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "exemplar", "phase"],
                name="calibration_judgement_once_per_phase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.exemplar} ({self.get_phase_display()})"


class AgreementKind(models.TextChoices):
    INTERPRETATION = "interpretatie", _("Interpretatie van een indicator")
    CUTOFF = "cesuur", _("Cesuur van een leeruitkomst")
    PROCESS = "proces", _("Beoordelingsproces")
    GUIDANCE = "begeleiding", _("Begeleiding")
    INSTRUMENT = "instrument", _("Verzoek om het instrument aan te passen")


class SessionAgreement(models.Model):
    """An afspraak written down by the notulist; an interpretation or cesuur may be promoted to
    a beslisregel (outcomes.DecisionRule) shown in the live form."""

    session = models.ForeignKey(
        CalibrationSession,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("sessie"),
    )
    kind = models.CharField(_("soort afspraak"), max_length=16, choices=AgreementKind.choices)
    text = models.TextField(_("afspraak"))
    outcome = models.ForeignKey(
        LearningOutcome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leeruitkomst"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    action = models.TextField(_("actiepunt"), blank=True)
    action_done = models.BooleanField(_("actiepunt afgehandeld"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    decision_rule = models.ForeignKey(
        DecisionRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslisregel"),
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class CredentialKind(models.TextChoices):
    TRAINING = "training", _("Beoordelaarstraining")
    CERTIFICATION = "certificering", _("Certificering als beoordelaar")


class AssessorCredential(models.Model):
    """The assessor register beside session attendance (§3.7): a training or a certification,
    the evidence behind the leidraad's "gecertificeerde assessoren"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessor_credentials",
        verbose_name=_("beoordelaar"),
    )
    kind = models.CharField(_("soort"), max_length=16, choices=CredentialKind.choices)
    name = models.CharField(_("omschrijving"), max_length=200)
    obtained_on = models.DateField(_("behaald op"))
    expires_on = models.DateField(_("geldig tot"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("training of certificering")
        verbose_name_plural = _("trainingen en certificeringen")
        ordering = ["user", "-obtained_on"]

    def __str__(self) -> str:
        return f"{self.user} – {self.name}"
