"""The exemplar bank (voorbeeldformulieren): de-identified copies of sent judgements, and
constructed exemplars, used in calibration sessions (calibration-design.md §3.2).

An exemplar is one learning outcome of one sent form version, copied, never linked live: the
text fields below hold the de-identified copy. `source_entry` remembers where it came from
(for the reviewer's side-by-side view and for revoking consent) and is cleared when the
placement's records are purged. The exposure fields (`source_school`, `source_school_year`,
`source_mentor`, `source_instituutsopleider`) say who must never be shown it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.cycle.models import ConversationKind, FormEntry, FormVersion, Judgement
from apps.outcomes.models import Indicator, LearningOutcome
from apps.placements.models import School, SchoolType, StudyMode


class ExemplarState(models.TextChoices):
    DRAFT = "concept", _("In voorbereiding")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    RECALIBRATE = "herijken", _("Herijken (kijkkader gewijzigd)")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class Exemplar(models.Model):
    """One outcome of one sent form (or a constructed case), de-identified, with its
    reference judgement (anker)."""

    constructed = models.BooleanField(
        _("geconstrueerd"),
        default=False,
        help_text=_("Door een opleider geschreven voorbeeld; er is geen student of mentor bij."),
    )
    source_entry = models.ForeignKey(
        FormEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bron (oordeel op een verzonden formulier)"),
    )
    title = models.CharField(_("titel"), max_length=200)
    outcome = models.ForeignKey(
        LearningOutcome,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("leeruitkomst (kijkkaderversie)"),
    )
    moment = models.CharField(
        _("moment"),
        max_length=24,
        choices=[
            (ConversationKind.TUSSENEVALUATIE.value, ConversationKind.TUSSENEVALUATIE.label),
            (ConversationKind.EINDBEOORDELING.value, ConversationKind.EINDBEOORDELING.label),
        ],
    )
    study_year = models.PositiveSmallIntegerField(_("studiejaar"))
    track = models.CharField(_("variant"), max_length=16, choices=StudyMode.choices)
    # Shown only when the bank holds enough exemplars of the same kind (§3.2 step 4), so that
    # school type and vak cannot point at one school or one student.
    school_type = models.CharField(
        _("schooltype"), max_length=8, choices=SchoolType.choices, blank=True
    )
    subject = models.CharField(
        _("vak"), max_length=200, blank=True, help_text=_("De opleiding (vakopleiding).")
    )

    # Exposure rule (§3.2.5): never shown to the authoring mentor, anyone at the source school
    # in the same or the next school year, or the student's own instituutsopleider.
    source_school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bronschool"),
    )
    source_school_year = models.CharField(_("schooljaar van de bron"), max_length=9, blank=True)
    source_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oorspronkelijke werkplekbegeleider"),
    )
    source_instituutsopleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instituutsopleider van de student"),
    )

    # The de-identified copy: what a participant sees.
    self_reflection = models.TextField(_("zelfreflectie"), blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    feed_forward = models.TextField(_("feed-forward"), blank=True)
    development_made = models.TextField(_("ontwikkeling die is doorgemaakt"), blank=True)
    development_to_make = models.TextField(
        _("ontwikkeling die nog gemaakt moet worden"), blank=True
    )
    motivation = models.TextField(_("motivatie"), blank=True)
    # The original mentor's judgement and ticks: hidden in sessions until the reference shows.
    judgement = models.CharField(_("oordeel"), max_length=16, choices=Judgement.choices, blank=True)
    confidence_year3 = models.BooleanField(
        _("voldoende vertrouwen in afronding in jaar 3"), null=True, blank=True
    )
    indicators_seen = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("geziene indicatoren")
    )

    # The reference judgement (anker): the final decision of the case and why.
    reference_judgement = models.CharField(
        _("referentieoordeel"), max_length=16, choices=Judgement.choices, blank=True
    )
    reference_confidence_year3 = models.BooleanField(
        _("referentie: voldoende vertrouwen in afronding in jaar 3"), null=True, blank=True
    )
    reference_indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("relevante indicatoren")
    )
    reference_annotation = models.TextField(
        _("toelichting bij de referentie"),
        blank=True,
        help_text=_("Waarom dit op, boven of onder de cesuur ligt."),
    )

    # De-identification: special-category words found, each to be resolved by the reviewer.
    special_category_hits = models.JSONField(_("gevoelige woorden gevonden"), default=list)
    state = models.CharField(
        _("status"), max_length=16, choices=ExemplarState.choices, default=ExemplarState.DRAFT
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorbereid door"),
    )
    prepared_at = models.DateTimeField(_("voorbereid op"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gepubliceerd door"),
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    expires_on = models.DateField(_("bewaren tot"))
    lock_version = models.PositiveIntegerField(_("bewerkingsteller"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voorbeeldformulier")
        verbose_name_plural = _("voorbeeldformulieren")
        ordering = ["outcome__code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(constructed=True)
                | models.Q(source_mentor__isnull=False)
                # A withdrawn or purged copy keeps no link to its source.
                | models.Q(state="ingetrokken"),
                name="calibration_exemplar_has_a_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConsentParty(models.TextChoices):
    STUDENT = "student", _("Student")
    MENTOR = "werkplekbegeleider", _("Werkplekbegeleider")


class ConsentDecision(models.TextChoices):
    GIVEN = "gegeven", _("Toestemming gegeven")
    REFUSED = "geweigerd", _("Geen toestemming")


class ExemplarConsent(models.Model):
    """The student's or the authoring mentor's answer to "may this sent form, de-identified,
    be used to train assessors?" (§3.2, consent). Opt-in, asked after the placement closed,
    revocable at any time; the text answered is versioned."""

    form_version = models.ForeignKey(
        FormVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("formulier")
    )
    party = models.CharField(_("partij"), max_length=24, choices=ConsentParty.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("persoon"),
    )
    decision = models.CharField(_("besluit"), max_length=16, choices=ConsentDecision.choices)
    consent_text_version = models.CharField(_("versie van de toestemmingstekst"), max_length=16)
    decided_at = models.DateTimeField(_("besloten op"), default=timezone.now)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming voorbeeldformulier")
        verbose_name_plural = _("toestemmingen voorbeeldformulieren")
        constraints = [
            models.UniqueConstraint(
                fields=["form_version", "party"], name="calibration_consent_once_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_version} – {self.get_party_display()}: {self.get_decision_display()}"

    @property
    def in_force(self) -> bool:
        return self.decision == ConsentDecision.GIVEN and self.revoked_at is None


class ExemplarReference(models.Model):
    """One version of an exemplar's reference (anker): set by the preparer, revised later (for
    example by a session's moderator). The exemplar holds the current one; every version is
    kept here with who wrote it (§3.2, reference judgement: "Versions are kept and the
    moderator's name is recorded")."""

    exemplar = models.ForeignKey(
        Exemplar,
        on_delete=models.CASCADE,
        related_name="reference_versions",
        verbose_name=_("voorbeeldformulier"),
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    judgement = models.CharField(_("referentieoordeel"), max_length=16, choices=Judgement.choices)
    confidence_year3 = models.BooleanField(
        _("referentie: voldoende vertrouwen in afronding in jaar 3"), null=True, blank=True
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("relevante indicatoren")
    )
    annotation = models.TextField(_("toelichting bij de referentie"), blank=True)
    reason = models.CharField(_("reden van de wijziging"), max_length=300, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    edited_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("versie van de referentie")
        verbose_name_plural = _("versies van de referentie")
        ordering = ["exemplar", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["exemplar", "number"], name="calibration_reference_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} – referentie v{self.number}"


class ExemplarOfStudent(Exemplar):
    """The exemplars made from a student's forms, as the student's AVG export lists them: that
    the exemplar exists (its state and dates), never its text (calibration-design.md §4,
    criterion 10). A proxy, so the register of personal data can find them by the student."""

    class Meta:
        proxy = True
        verbose_name = _("voorbeeldformulier uit een formulier van de student")
        verbose_name_plural = _("voorbeeldformulieren uit formulieren van de student")
