"""The random audit sample (steekproef, calibration-design.md §3.4): a reproducible draw of
sent summative judgements, each given a blind second judgement by someone outside the
placement. The second judgement never changes the student's result; where it differs, a doubt
with the category "steekproef" goes into the existing procedure."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cycle.models import Disagreement, FormEntry, Judgement
from apps.outcomes.models import Indicator


class AuditSample(models.Model):
    """One draw: the rate, the seed that makes it reproducible, who drew it and when."""

    school_year = models.CharField(_("schooljaar"), max_length=9)
    study_year = models.PositiveSmallIntegerField(_("studiejaar (cohort)"), null=True, blank=True)
    rate = models.DecimalField(
        _("steekproefpercentage"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Aandeel van de verzonden eindoordelen, bijvoorbeeld 0,10."),
    )
    seed = models.BigIntegerField(_("startwaarde van de trekking"))
    population = models.PositiveIntegerField(_("aantal oordelen waaruit getrokken is"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("getrokken door"),
    )
    drawn_at = models.DateTimeField(_("getrokken op"), default=timezone.now)

    class Meta:
        verbose_name = _("steekproef")
        verbose_name_plural = _("steekproeven")
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.school_year} ({self.drawn_at:%d-%m-%Y})"


class AuditItem(models.Model):
    """One sampled judgement and its blind second judgement."""

    sample = models.ForeignKey(
        AuditSample, on_delete=models.CASCADE, related_name="items", verbose_name=_("steekproef")
    )
    entry = models.ForeignKey(
        FormEntry, on_delete=models.CASCADE, related_name="+", verbose_name=_("eerste oordeel")
    )
    second_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tweede beoordelaar"),
    )
    assigned_at = models.DateTimeField(_("toegewezen op"), null=True, blank=True)
    judgement = models.CharField(_("oordeel"), max_length=16, choices=Judgement.choices, blank=True)
    confidence_year3 = models.BooleanField(
        _("voldoende vertrouwen in afronding in jaar 3"), null=True, blank=True
    )
    indicators_seen = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("geziene indicatoren")
    )
    motivation = models.TextField(_("motivatie"), blank=True)
    # Only a blind second judgement counts as a pair in the agreement figures.
    blind = models.BooleanField(_("blind beoordeeld"), default=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    disagreement = models.ForeignKey(
        Disagreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("twijfel die eruit volgde"),
    )
    lock_version = models.PositiveIntegerField(_("bewerkingsteller"), default=0)

    class Meta:
        verbose_name = _("oordeel in steekproef")
        verbose_name_plural = _("oordelen in steekproef")
        ordering = ["sample", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "entry"], name="calibration_audit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sample} – {self.entry}"
