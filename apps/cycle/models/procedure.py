"""The procedures around a placement: a disagreement about a judgement and its dialogue, a
concern about a learning outcome, and a proposal to end a placement."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cycle.models.feedback import FormEntry, Judgement
from apps.outcomes.models import Indicator
from apps.placements.models import Placement, PlacementOutcome, TerminationReason


class DisagreementStatus(models.TextChoices):
    OPEN = "open", _("In gesprek")
    AGREED = "overeenstemming", _("Overeenstemming bereikt")
    DECIDED = "besloten", _("Besloten door instituutsopleider")


class DoubtCategory(models.TextChoices):
    """Why a judgement is put in doubt: the categories of calibration-design.md §3.5, so the
    disagreement map can show where assessors differ. "Steekproef" is set only by the random
    audit sample, when the blind second judgement differs from the first."""

    LEVEL = "niveau", _("Niveau of cesuur")
    EVIDENCE = "bewijs", _("Onvoldoende bewijs")
    INDICATOR = "indicator", _("Interpretatie van een indicator")
    MOTIVATION = "motivatie", _("Motivatie ontbreekt of sluit niet aan")
    INCONSISTENT = "inconsistent", _("Feedback en oordeel sluiten niet op elkaar aan")
    PROCEDURE = "procedure", _("Procedure")
    AUDIT = "steekproef", _("Steekproef: de blinde tweede beoordeling verschilt")


class Disagreement(models.Model):
    """A judgement put in doubt by the institute's assessor, and how it ended."""

    entry = models.ForeignKey(
        FormEntry, on_delete=models.PROTECT, related_name="disagreements", verbose_name=_("oordeel")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingebracht door"),
    )
    reason = models.TextField(_("reden van twijfel"))
    # Empty only on doubts raised before the categories existed.
    category = models.CharField(
        _("soort twijfel"), max_length=16, choices=DoubtCategory.choices, blank=True
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator waarover getwijfeld wordt"),
    )
    raised_at = models.DateTimeField(_("ingebracht op"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DisagreementStatus.choices,
        default=DisagreementStatus.OPEN,
    )
    original_judgement = models.CharField(
        _("oorspronkelijk oordeel"), max_length=16, choices=Judgement.choices
    )
    final_judgement = models.CharField(
        _("eindoordeel"), max_length=16, choices=Judgement.choices, blank=True
    )
    rationale = models.TextField(_("onderbouwing"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgerond door"),
    )
    resolved_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    # The two tiers of the handbook: the dialogue has a deadline ("binnen redelijke termijn");
    # when it passes, or when either side asks, the instituutsopleider is brought in.
    deadline = models.DateField(_("dialoog afronden uiterlijk"), null=True, blank=True)
    escalated_at = models.DateTimeField(
        _("instituutsopleider ingeschakeld op"), null=True, blank=True
    )
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingeschakeld door"),
        help_text=_("Leeg: de termijn voor de dialoog was verstreken."),
    )
    escalation_note = models.TextField(_("waarom de instituutsopleider erbij komt"), blank=True)

    class Meta:
        verbose_name = _("meningsverschil")
        verbose_name_plural = _("meningsverschillen")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=DisagreementStatus.OPEN, final_judgement="", resolved_at__isnull=True)
                    | (
                        Q(
                            status__in=[DisagreementStatus.AGREED, DisagreementStatus.DECIDED],
                            final_judgement__in=Judgement.values,
                            resolved_at__isnull=False,
                            resolved_by__isnull=False,
                        )
                        & ~Q(rationale="")
                    )
                ),
                name="cycle_disagreement_resolution_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} – {self.entry}"

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None


class DisagreementMessage(models.Model):
    """One contribution to the collegial dialogue about a disagreement."""

    disagreement = models.ForeignKey(
        Disagreement,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("meningsverschil"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    text = models.TextField(_("bericht"))
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)

    class Meta:
        verbose_name = _("bericht in dialoog")
        verbose_name_plural = _("berichten in dialoog")
        ordering = ["disagreement", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Gemeld")
    ACKNOWLEDGED = "bevestigd", _("Afspraken vastgelegd")


class Concern(models.Model):
    """A werkplekbegeleider's concern about the student's development on one outcome, for the
    instituutsopleider, who acknowledges it and records what was agreed."""

    placement_outcome = models.ForeignKey(
        PlacementOutcome,
        on_delete=models.PROTECT,
        related_name="concerns",
        verbose_name=_("leeruitkomst"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeld door"),
    )
    raised_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    text = models.TextField(_("zorg"))
    status = models.CharField(
        _("status"), max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    agreement = models.TextField(_("afspraken"), blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )
    acknowledged_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    handed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorgegeven aan"),
    )
    handed_at = models.DateTimeField(_("doorgegeven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zorg over ontwikkeling")
        verbose_name_plural = _("zorgen over ontwikkeling")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.OPEN, acknowledged_at__isnull=True)
                | (
                    Q(status=ConcernStatus.ACKNOWLEDGED, acknowledged_at__isnull=False)
                    & ~Q(agreement="")
                ),
                name="cycle_concern_acknowledgement_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_outcome}: {self.text[:60]}"


class TerminationStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    DECIDED = "besloten", _("Besloten: stage beëindigd")
    REJECTED = "afgewezen", _("Besloten: stage gaat door")


class TerminationProposal(models.Model):
    """Early termination: proposed by the werkplekbegeleider with one of the handbook's
    reasons; decided only after contact with schoolopleider and instituutsopleider."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="termination_proposals",
        verbose_name=_("stage"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    reason = models.CharField(_("reden"), max_length=24, choices=TerminationReason.choices)
    explanation = models.TextField(_("toelichting"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TerminationStatus.choices,
        default=TerminationStatus.PROPOSED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = models.TextField(_("besluit en afspraken"), blank=True)
    plan = models.TextField(_("plan voor de student"), blank=True)
    # Decided together: one of schoolopleider and instituutsopleider records the intended
    # decision after consulting student, werkplekbegeleider and slb'er; the other confirms.
    consulted_student = models.BooleanField(_("student gehoord"), default=False)
    consulted_wpb = models.BooleanField(_("werkplekbegeleider gehoord"), default=False)
    consulted_slb = models.BooleanField(_("slb'er gehoord"), default=False)
    consultation = models.TextField(_("uit het overleg"), blank=True)
    intended_terminate = models.BooleanField(
        _("voorgenomen besluit: beëindigen"), null=True, blank=True
    )
    intended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorgenomen besluit door"),
    )
    intended_at = models.DateTimeField(_("voorgenomen besluit op"), null=True, blank=True)

    class Meta:
        verbose_name = _("voorstel voortijdige beëindiging")
        verbose_name_plural = _("voorstellen voortijdige beëindiging")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=TerminationReason.values),
                name="cycle_termination_reason_known",
            ),
            models.CheckConstraint(
                condition=Q(status=TerminationStatus.PROPOSED, decided_at__isnull=True)
                | (
                    ~Q(status=TerminationStatus.PROPOSED)
                    & Q(decided_at__isnull=False)
                    & ~Q(decision_note="")
                ),
                name="cycle_termination_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} – {self.placement}"
