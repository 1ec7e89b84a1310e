"""The leerplan: its goals, the leerroute and phases of each goal, the versions submitted and
the approvals of the school."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.outcomes.models import Indicator
from apps.placements.models import Placement, PlacementOutcome


class LeerplanStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ter goedkeuring")
    RETURNED = "teruggegeven", _("Teruggegeven")
    APPROVED = "goedgekeurd", _("Goedgekeurd")


class Leerplan(models.Model):
    """The student's persoonlijk leerplan for one placement."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="leerplan", verbose_name=_("stage")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LeerplanStatus.choices, default=LeerplanStatus.DRAFT
    )
    qualities = models.TextField(_("mijn kwaliteiten"), blank=True)
    pitfalls = models.TextField(_("mijn valkuilen"), blank=True)
    expectations = models.TextField(_("wat ik verwacht van mijn begeleiders"), blank=True)
    help_wanted = models.TextField(_("waar ik hulp bij wil"), blank=True)
    # The mentor's pitch beside the student's (co-design tool, sessie 3, activiteit 4).
    mentor_who = models.TextField(
        _("wie ben ik als mentor, welke waarden vind ik belangrijk"), blank=True
    )
    mentor_methods = models.TextField(_("welke methodieken zet ik in"), blank=True)
    mentor_qualities = models.TextField(
        _("mijn kwaliteiten en valkuilen in de begeleiding"), blank=True
    )
    mentor_available_for = models.TextField(
        _("waarvoor studenten bij mij terechtkunnen"), blank=True
    )
    mentor_expects = models.TextField(_("wat ik verwacht van de student"), blank=True)
    guides_answer = models.TextField(_("antwoord van de begeleiders"), blank=True)
    guides_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwoord door"),
    )
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("persoonlijk leerplan")
        verbose_name_plural = _("persoonlijke leerplannen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LeerplanStatus.values), name="cycle_leerplan_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Leerplan')} – {self.placement}"


class LeerplanGoal(models.Model):
    """What the student prepares per outcome for the startgesprek."""

    leerplan = models.ForeignKey(
        Leerplan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("leerplan")
    )
    placement_outcome = models.ForeignKey(
        PlacementOutcome,
        on_delete=models.PROTECT,
        related_name="leerplan_goals",
        verbose_name=_("leeruitkomst"),
    )
    why = models.TextField(_("waarom is dit belangrijk voor mij"), blank=True)
    goal = models.TextField(_("doel"), blank=True)
    activities = models.TextField(_("leeractiviteiten"), blank=True)
    satisfied_when = models.TextField(_("wanneer zijn we tevreden"), blank=True)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicatoren uit het kijkkader")
    )
    # De schaalvraag (co-design tool, sessie 1).
    scale_now = models.PositiveSmallIntegerField(_("waar sta ik nu (1–100)"), null=True, blank=True)
    scale_because = models.TextField(_("ik geef dit cijfer, omdat"), blank=True)
    scale_not_higher = models.TextField(_("ik geef geen hoger cijfer, omdat"), blank=True)
    scale_not_lower = models.TextField(_("ik geef geen lager cijfer, omdat"), blank=True)
    scale_target = models.PositiveSmallIntegerField(
        _("waar wil ik staan (1–100)"), null=True, blank=True
    )
    scale_target_means = models.TextField(_("wat ik dan weet en kan"), blank=True)
    # De maat (sessie 2): teleurgesteld / tevreden / trots.
    maat_onvoldoende = models.TextField(_("onvoldoende: wanneer zijn we teleurgesteld"), blank=True)
    maat_voldoende = models.TextField(_("voldoende: wanneer zijn we tevreden"), blank=True)
    maat_goed = models.TextField(_("goed: wanneer zijn we trots"), blank=True)
    expected_product = models.TextField(_("verwachte prestatie of eindproduct"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leerdoel")
        verbose_name_plural = _("leerdoelen")
        constraints = [
            models.UniqueConstraint(
                fields=["leerplan", "placement_outcome"], name="cycle_goal_once_per_outcome"
            ),
            models.CheckConstraint(
                condition=Q(scale_now__isnull=True) | Q(scale_now__gte=1, scale_now__lte=100),
                name="cycle_goal_scale_now_1_100",
            ),
            models.CheckConstraint(
                condition=Q(scale_target__isnull=True)
                | Q(scale_target__gte=1, scale_target__lte=100),
                name="cycle_goal_scale_target_1_100",
            ),
        ]

    def __str__(self) -> str:
        return str(self.placement_outcome)


class LeerdoelLine(models.Model):
    """A further leerdoel under the same outcome, with its own schaalvraag (co-design tool,
    sessie 1: "Ieder leerdoel wordt op een aparte lijn ingeschaald"). The goal's own `goal`
    and scale are the first line; these are the next ones."""

    goal = models.ForeignKey(
        LeerplanGoal,
        on_delete=models.CASCADE,
        related_name="more_goals",
        verbose_name=_("leerdoel"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.TextField(_("doel"))
    scale_now = models.PositiveSmallIntegerField(_("waar sta ik nu (1–100)"), null=True, blank=True)
    scale_because = models.TextField(_("ik geef dit cijfer, omdat"), blank=True)
    scale_not_higher = models.TextField(_("ik geef geen hoger cijfer, omdat"), blank=True)
    scale_not_lower = models.TextField(_("ik geef geen lager cijfer, omdat"), blank=True)
    scale_target = models.PositiveSmallIntegerField(
        _("waar wil ik staan (1–100)"), null=True, blank=True
    )
    scale_target_means = models.TextField(_("wat ik dan weet en kan"), blank=True)

    class Meta:
        verbose_name = _("volgend leerdoel")
        verbose_name_plural = _("volgende leerdoelen")
        ordering = ["goal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "position"], name="cycle_leerdoel_position"),
            models.CheckConstraint(
                condition=Q(scale_now__isnull=True) | Q(scale_now__gte=1, scale_now__lte=100),
                name="cycle_leerdoel_scale_now_1_100",
            ),
            models.CheckConstraint(
                condition=Q(scale_target__isnull=True)
                | Q(scale_target__gte=1, scale_target__lte=100),
                name="cycle_leerdoel_scale_target_1_100",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ApprovalDecision(models.TextChoices):
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    RETURNED = "teruggegeven", _("Teruggegeven met opmerkingen")


class LeerrouteOrigin(models.TextChoices):
    INSTITUUT = "instituut", _("Instituut")
    SCHOOL = "school", _("School")


class LeerrouteKind(models.TextChoices):
    INHOUD = "inhoud", _("Leerinhoud")
    ACTIVITEIT = "activiteit", _("Leeractiviteit")
    BRON = "bron", _("Bron of materiaal")


class LeerrouteItem(models.Model):
    """One step of the leerroute to a goal: a content, activity or source, from the
    institute or from the school (co-design tool, sessie 3)."""

    goal = models.ForeignKey(
        LeerplanGoal, on_delete=models.CASCADE, related_name="route", verbose_name=_("leerdoel")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    kind = models.CharField(_("soort"), max_length=16, choices=LeerrouteKind.choices)
    description = models.CharField(_("omschrijving"), max_length=500)
    origin = models.CharField(_("van"), max_length=16, choices=LeerrouteOrigin.choices)

    class Meta:
        verbose_name = _("stap in de leerroute")
        verbose_name_plural = _("leerroute")
        ordering = ["goal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "position"], name="cycle_route_position"),
            models.CheckConstraint(
                condition=Q(kind__in=LeerrouteKind.values), name="cycle_route_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=LeerrouteOrigin.values), name="cycle_route_origin_known"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class GoalPhase(models.Model):
    """'Wanneer zijn we tevreden' placed on the complexe beroepsvaardigheden table: the phase
    aimed for on one dimension."""

    goal = models.ForeignKey(
        LeerplanGoal, on_delete=models.CASCADE, related_name="phases", verbose_name=_("leerdoel")
    )
    dimension = models.ForeignKey(
        "rubrics.RubricDimension",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dimensie"),
    )
    level = models.ForeignKey(
        "rubrics.RubricLevel", on_delete=models.PROTECT, related_name="+", verbose_name=_("fase")
    )

    class Meta:
        verbose_name = _("beoogde fase")
        verbose_name_plural = _("beoogde fasen")
        constraints = [
            models.UniqueConstraint(fields=["goal", "dimension"], name="cycle_phase_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.level}"


class LeerplanVersion(models.Model):
    """A submitted leerplan, frozen: every submission is kept and versions can be compared."""

    leerplan = models.ForeignKey(
        Leerplan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("leerplan")
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    snapshot = models.JSONField(_("inhoud"))
    text = models.TextField(_("inhoud als tekst"))

    class Meta:
        verbose_name = _("versie van leerplan")
        verbose_name_plural = _("versies van leerplan")
        ordering = ["leerplan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["leerplan", "number"], name="cycle_leerplan_version"),
        ]

    def __str__(self) -> str:
        return f"{self.leerplan} v{self.number}"


class LeerplanApproval(models.Model):
    """The werkplekbegeleider's didactic and pedagogic approval, or a return with comments."""

    leerplan = models.ForeignKey(
        Leerplan, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("leerplan")
    )
    version = models.ForeignKey(
        LeerplanVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("versie"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decision = models.CharField(_("besluit"), max_length=16, choices=ApprovalDecision.choices)
    comment = models.TextField(_("opmerkingen"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), default=timezone.now)

    class Meta:
        verbose_name = _("goedkeuring leerplan")
        verbose_name_plural = _("goedkeuringen leerplan")
        ordering = ["leerplan", "decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision=ApprovalDecision.APPROVED) | ~Q(comment=""),
                name="cycle_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} – {self.leerplan}"
