from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.outcomes.models import Indicator
from apps.placements.models import Placement, PlacementOutcome, TerminationReason


class ConversationKind(models.TextChoices):
    KENNISMAKING = "kennismaking", _("Kennismakingsgesprek")
    STARTGESPREK = "startgesprek", _("Startgesprek")
    BEGELEIDING = "begeleidingsgesprek", _("Begeleidingsgesprek")
    TUSSENEVALUATIE = "tussenevaluatie", _("Tussenevaluatie")
    EINDBEOORDELING = "eindbeoordeling", _("Eindbeoordeling")


FORM_KINDS = (ConversationKind.TUSSENEVALUATIE, ConversationKind.EINDBEOORDELING)


class GuideItemManager(models.Manager["ConversationGuideItem"]):
    def get_by_natural_key(self, kind: str, position: int) -> "ConversationGuideItem":
        return self.get(kind=kind, position=position)


class ConversationGuideItem(models.Model):
    """An agenda point or preparation question of a conversation, from the handbook, or a
    side note that explains one (`is_note`): the handbook lists both as bullets."""

    kind = models.CharField(_("gesprek"), max_length=24, choices=ConversationKind.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    section = models.CharField(_("onderdeel"), max_length=200, blank=True)
    text = models.TextField(_("tekst"))
    is_sensitive = models.BooleanField(
        _("gevoelige persoonlijke informatie"),
        default=False,
        help_text=_(
            "Alleen als de student dat wil, en alleen zichtbaar voor wie de student kiest."
        ),
    )
    is_note = models.BooleanField(
        _("toelichting"),
        default=False,
        help_text=_(
            "Een toelichting bij een agendapunt (zoals ‘Dit kan over reistijd gaan.’): "
            "staat in de agenda, maar is geen punt om af te vinken."
        ),
    )

    objects = GuideItemManager()

    class Meta:
        verbose_name = _("agendapunt of voorbereidingsvraag")
        verbose_name_plural = _("agendapunten en voorbereidingsvragen")
        ordering = ["kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "position"], name="cycle_guide_item_position"),
            models.CheckConstraint(
                condition=Q(kind__in=ConversationKind.values), name="cycle_guide_item_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def natural_key(self) -> tuple[str, int]:
        return (self.kind, self.position)


class Conversation(models.Model):
    """One conversation of a placement's cycle."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("stage")
    )
    kind = models.CharField(_("soort"), max_length=24, choices=ConversationKind.choices)
    sequence = models.PositiveSmallIntegerField(
        _("volgnummer"), default=1, help_text=_("Telt de wekelijkse begeleidingsgesprekken.")
    )
    planned_date = models.DateField(_("geplande datum"), null=True, blank=True)
    held_date = models.DateField(_("gehouden op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["placement", "planned_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "kind", "sequence"], name="cycle_conversation_once"
            ),
            models.CheckConstraint(
                condition=Q(kind=ConversationKind.BEGELEIDING) | Q(sequence=1),
                name="cycle_only_begeleiding_repeats",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ConversationKind.values), name="cycle_conversation_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.placement}"


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


class DisagreementStatus(models.TextChoices):
    OPEN = "open", _("In gesprek")
    AGREED = "overeenstemming", _("Overeenstemming bereikt")
    DECIDED = "besloten", _("Besloten door instituutsopleider")


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


class KennismakingRecord(models.Model):
    """What was agreed in the kennismakingsgesprek. Student and werkplekbegeleider can both
    record; both see the same record."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="kennismaking", verbose_name=_("stage")
    )
    agenda_done = models.ManyToManyField(
        ConversationGuideItem, blank=True, related_name="+", verbose_name=_("besproken punten")
    )
    year1_development = models.TextField(_("ontwikkeling in jaar 1"), blank=True)
    route_outcomes = models.TextField(_("leeruitkomsten in de route"), blank=True)
    guidance_approach = models.TextField(_("begeleidingsaanpak"), blank=True)
    days_present = models.CharField(_("aanwezige dagen"), max_length=200, blank=True)
    classes = models.TextField(_("klassen"), blank=True)
    first_lesson = models.CharField(_("eerste les"), max_length=200, blank=True)
    evaluation_moments = models.TextField(_("evaluatiemomenten"), blank=True)
    other_arrangements = models.TextField(_("overige afspraken"), blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("laatst gewijzigd door"),
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), null=True)
    history = HistoricalRecords(m2m_fields=[agenda_done])

    class Meta:
        verbose_name = _("verslag kennismakingsgesprek")
        verbose_name_plural = _("verslagen kennismakingsgesprek")

    def __str__(self) -> str:
        label = _("Kennismaking")
        return f"{label} – {self.placement}"


class SensitiveInfo(models.Model):
    """Optional sensitive personal information (neurodiversity, health, private situation).

    Entered only by the student, visible only to the people the student chooses, never in a
    PDF, and every read is recorded in the audit log.
    """

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="sensitive_info", verbose_name=_("stage")
    )
    neurodiversity = models.TextField(_("neurodiversiteit"), blank=True)
    health = models.TextField(_("gezondheid"), blank=True)
    private_situation = models.TextField(_("privésituatie"), blank=True)
    visible_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("zichtbaar voor")
    )
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), null=True)

    class Meta:
        verbose_name = _("gevoelige persoonlijke informatie")
        verbose_name_plural = _("gevoelige persoonlijke informatie")

    def __str__(self) -> str:
        return f"{_('Persoonlijke informatie')} – {self.placement}"


class PurgeAllowance(models.Model):
    """While a row exists here (inside the purge's own transaction), the database lets sent
    forms be deleted; at any other time its triggers refuse it. See migration 0005."""

    created_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("toestemming voor opschonen")
        verbose_name_plural = _("toestemmingen voor opschonen")

    def __str__(self) -> str:
        return self.reason


class GuidanceLog(models.Model):
    """The student's weekly log of a begeleidingsgesprek (one conversation each week)."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="log", verbose_name=_("gesprek")
    )
    what_i_did = models.TextField(_("wat heb ik gedaan"))
    reflection = models.TextField(_("reflectie"), blank=True)
    new_goals = models.TextField(_("nieuwe doelen"), blank=True)
    evidence = models.TextField(
        _("bewijs"), blank=True, help_text=_("Links naar lesvoorbereidingen, video's, materiaal.")
    )
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("logboek begeleidingsgesprek")
        verbose_name_plural = _("logboek begeleidingsgesprekken")

    def __str__(self) -> str:
        return str(self.conversation)


class GuidanceComment(models.Model):
    """The werkplekbegeleider's comment on a weekly log."""

    log = models.ForeignKey(
        GuidanceLog, on_delete=models.CASCADE, related_name="comments", verbose_name=_("logboek")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    text = models.TextField(_("opmerking"))
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)

    class Meta:
        verbose_name = _("opmerking bij logboek")
        verbose_name_plural = _("opmerkingen bij logboek")
        ordering = ["log", "created_at"]

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


class PlanningRule(models.Model):
    """When a period's conversations are planned. A rule for a programme and period wins over
    one for the period, which wins over one for the programme, which wins over the default."""

    programme = models.ForeignKey(
        "placements.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="planning_rules",
        verbose_name=_("opleiding"),
    )
    period = models.ForeignKey(
        "placements.Period",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="planning_rules",
        verbose_name=_("periode"),
    )
    kennismaking_week = models.PositiveSmallIntegerField(_("kennismaking in week"), default=1)
    startgesprek_week = models.PositiveSmallIntegerField(_("startgesprek in week"), default=3)
    tussenevaluatie_week = models.PositiveSmallIntegerField(
        _("tussenevaluatie in week"),
        null=True,
        blank=True,
        help_text=_("Leeg: halverwege de periode."),
    )
    eindbeoordeling_week = models.PositiveSmallIntegerField(
        _("eindbeoordeling in week"),
        null=True,
        blank=True,
        help_text=_("Leeg: de laatste week van de periode."),
    )

    class Meta:
        verbose_name = _("planningsregel")
        verbose_name_plural = _("planningsregels")
        constraints = [
            # One rule per programme and period, per period, and per programme; without either
            # the built-in default applies.
            models.UniqueConstraint(
                fields=["programme", "period"], name="cycle_planning_rule_once"
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(programme__isnull=True),
                name="cycle_planning_rule_once_per_period",
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(period__isnull=True),
                name="cycle_planning_rule_once_per_programme",
            ),
            models.CheckConstraint(
                condition=Q(programme__isnull=False) | Q(period__isnull=False),
                name="cycle_planning_rule_has_scope",
            ),
            models.CheckConstraint(
                condition=Q(kennismaking_week__gte=1) & Q(startgesprek_week__gte=1),
                name="cycle_planning_weeks_positive",
            ),
        ]

    def __str__(self) -> str:
        programme = self.programme or _("alle opleidingen")
        period = self.period or _("alle periodes")
        return f"{programme} / {period}"


class ReminderLog(models.Model):
    """One reminder sent to one person on one day, so the same reminder never goes twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("ontvanger"),
    )
    key = models.CharField(_("herinnering"), max_length=100)
    sent_on = models.DateField(_("verstuurd op"))

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "sent_on"], name="cycle_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.key} {self.sent_on}"


class DossierStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Wordt gemaakt")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


class DossierJob(models.Model):
    """A student's dossier as one PDF, made in the background for the person who asked for it:
    the approved leerplan, every sent form version and the decisions, of one placement or of
    every placement of the student that this person may see. Only they can download it."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    student = models.ForeignKey(
        "placements.StudentProfile",
        on_delete=models.CASCADE,
        related_name="dossier_jobs",
        verbose_name=_("student"),
    )
    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dossier_jobs",
        verbose_name=_("stage"),
        help_text=_("Leeg: alle stages van de student die de aanvrager mag zien."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DossierStatus.choices, default=DossierStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("stappen klaar"), default=0)
    progress_total = models.PositiveIntegerField(_("stappen totaal"), default=0)
    file = models.FileField(_("bestand"), upload_to="dossiers/", blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    updated_at = models.DateTimeField(
        _("laatste voortgang"),
        default=timezone.now,
        help_text=_("Een taak die lang niet verder komt, wordt opnieuw opgepakt."),
    )
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier (pdf)")
        verbose_name_plural = _("dossiers (pdf)")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DossierStatus.values), name="cycle_dossier_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=DossierStatus.DONE) | ~Q(file=""),
                name="cycle_dossier_done_has_file",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")),
                name="cycle_dossier_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Dossier')} {self.student} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        """Queued or running: the progress page keeps refreshing itself."""
        return self.status in (DossierStatus.QUEUED, DossierStatus.RUNNING)

    @property
    def percent(self) -> int:
        """How far the job is, 0–100, for the progress bar."""
        if self.status == DossierStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
