"""The feedback- en beoordelingsformulier of the tussenevaluatie and the eindbeoordeling: the
form, its versions and the judgement per learning outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.cycle.models.conversations import Conversation
from apps.outcomes.models import DecisionRule, Indicator
from apps.placements.models import PlacementOutcome


class FeedbackForm(models.Model):
    """The feedback- en beoordelingsformulier of one tussenevaluatie or eindbeoordeling."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="form", verbose_name=_("gesprek")
    )

    class Meta:
        verbose_name = _("feedback- en beoordelingsformulier")
        verbose_name_plural = _("feedback- en beoordelingsformulieren")

    def __str__(self) -> str:
        return str(self.conversation)


class FormState(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "reflectie_ingediend", _("Zelfreflectie ingediend")
    SENT = "verzonden", _("Verzonden")


class FormVersion(models.Model):
    """One version of a form. A sent version is never changed: a correction is a new version."""

    form = models.ForeignKey(
        FeedbackForm, on_delete=models.CASCADE, related_name="versions", verbose_name=_("formulier")
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    state = models.CharField(
        _("status"), max_length=24, choices=FormState.choices, default=FormState.DRAFT
    )
    correction_reason = models.TextField(_("reden van correctie"), blank=True)
    lock_version = models.PositiveIntegerField(
        _("bewerkingsteller"),
        default=0,
        help_text=_("Voorkomt dat gelijktijdige bewerkingen elkaar overschrijven."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verzonden door"),
    )
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64, blank=True)
    pdf = models.FileField(_("pdf"), upload_to="forms/", blank=True)
    # Nullable without a default, so adding it is an ALTER TABLE that keeps the immutability
    # triggers of migration 0005 (a rebuilt SQLite table would lose them). Written with `pdf`
    # when the PDF is stored (apps/cycle/feedback/pdf.py), the one change a sent version allows.
    pdf_sha256 = models.CharField(  # noqa: DJ001 - null: no stored pdf yet (see above)
        _("sha256 van de pdf"),
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Vastgelegd toen de pdf werd opgeslagen; verify_integrity controleert het."),
    )
    # The beslisregels (calibration) shown beside the indicators while this version was
    # filled in, recorded when it is sent; a new rule never changes a sent version.
    decision_rules = models.ManyToManyField(
        DecisionRule, blank=True, related_name="+", verbose_name=_("zichtbare beslisregels")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("formulierversie")
        verbose_name_plural = _("formulierversies")
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="cycle_version_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="cycle_version_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(correction_reason=""),
                name="cycle_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=FormState.SENT, sent_at__isnull=False, sent_by__isnull=False)
                    & ~Q(fingerprint="")
                )
                | (~Q(state=FormState.SENT) & Q(sent_at__isnull=True, sent_by__isnull=True)),
                name="cycle_sent_version_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"

    @property
    def is_sent(self) -> bool:
        """A sent version is read-only for everyone, forever."""
        return self.state == FormState.SENT

    @property
    def is_latest(self) -> bool:
        """Only the newest version of a form can be worked on or corrected."""
        return not self.form.versions.filter(number__gt=self.number).exists()


class Judgement(models.TextChoices):
    VOLDAAN = "voldaan", _("Voldaan")
    NIET_VOLDAAN = "niet_voldaan", _("Niet voldaan")


class FormEntry(models.Model):
    """One outcome on one form version: reflection, indicators seen, feedback and judgement."""

    version = models.ForeignKey(
        FormVersion, on_delete=models.CASCADE, related_name="entries", verbose_name=_("versie")
    )
    placement_outcome = models.ForeignKey(
        PlacementOutcome,
        on_delete=models.PROTECT,
        related_name="form_entries",
        verbose_name=_("leeruitkomst"),
    )
    self_reflection = models.TextField(_("zelfreflectie"), blank=True)
    indicators_seen = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("geziene indicatoren")
    )
    feedback = models.TextField(_("feedback"), blank=True)
    feed_forward = models.TextField(_("feed-forward"), blank=True)
    development_made = models.TextField(_("ontwikkeling die is doorgemaakt"), blank=True)
    development_to_make = models.TextField(
        _("ontwikkeling die nog gemaakt moet worden"), blank=True
    )
    judgement = models.CharField(_("oordeel"), max_length=16, choices=Judgement.choices, blank=True)
    confidence_year3 = models.BooleanField(
        _("voldoende vertrouwen in afronding in jaar 3"), null=True, blank=True
    )
    motivation = models.TextField(_("motivatie"), blank=True)
    # Handbook ch.2: the level includes the guides' confidence, so "voldaan" without it needs
    # its own explanation.
    combination_motivation = models.TextField(
        _("motivatie voor voldaan zonder vertrouwen in afronding in jaar 3"), blank=True
    )
    # Handbook ch.2, PPI and ict at the tussenevaluatie: "omdat u nog weinig gezien hebt".
    too_little_seen = models.BooleanField(
        _("te weinig gezien om nu iets over te zeggen"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("onderdeel van formulier")
        verbose_name_plural = _("onderdelen van formulier")
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "placement_outcome"], name="cycle_entry_once_per_outcome"
            ),
            models.CheckConstraint(
                condition=Q(judgement="") | Q(judgement__in=Judgement.values),
                name="cycle_entry_judgement_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.placement_outcome}"

    @property
    def gradable_indicators(self) -> list[Indicator]:
        """Indicators that may be ticked as seen: every indicator of the outcome's kijkkader
        except those in a dimension marked "indicatief, niet om te beoordelen".
        Uses the prefetched kijkkader (placement_outcome__outcome__dimensions__indicators)."""
        outcome = self.placement_outcome.outcome
        if outcome is None:
            return []
        return [
            indicator
            for dimension in outcome.dimensions.all()
            if not dimension.is_indicative
            for indicator in dimension.indicators.all()
        ]
