"""The conversations of a placement's cycle: the conversations themselves, the handbook's
agenda points, the kennismaking record, sensitive information, and the planning of the
conversations (rules and reminders)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.placements.models import Placement


class ConversationKind(models.TextChoices):
    KENNISMAKING = "kennismaking", _("Kennismakingsgesprek")
    STARTGESPREK = "startgesprek", _("Startgesprek")
    BEGELEIDING = "begeleidingsgesprek", _("Begeleidingsgesprek")
    TUSSENEVALUATIE = "tussenevaluatie", _("Tussenevaluatie")
    EINDBEOORDELING = "eindbeoordeling", _("Eindbeoordeling")


FORM_KINDS = (ConversationKind.TUSSENEVALUATIE, ConversationKind.EINDBEOORDELING)
# The conversations of the cycle held in the triangle (handbook ch.3: "De gesprekken vinden
# plaats in de driehoek: student – werkplek – instituut."); the weekly begeleidingsgesprekken
# are the student's and the werkplekbegeleider's.
TRIANGLE_KINDS = (
    ConversationKind.KENNISMAKING,
    ConversationKind.STARTGESPREK,
    ConversationKind.TUSSENEVALUATIE,
    ConversationKind.EINDBEOORDELING,
)


class Participant(models.TextChoices):
    """Who took part in a held conversation: the four of the triangle, named as the roles of
    `Placement.people()`. A conversation has a field `with_<role>` for each."""

    STUDENT = "student", _("student")
    WERKPLEKBEGELEIDER = "werkplekbegeleider", _("werkplekbegeleider")
    SCHOOLOPLEIDER = "schoolopleider", _("schoolopleider")
    INSTITUUTSOPLEIDER = "instituutsopleider", _("instituutsopleider")


# Pre-ticked when a conversation is marked held; the so and the io are ticked when they came.
DEFAULT_PARTICIPANTS = (Participant.STUDENT, Participant.WERKPLEKBEGELEIDER)


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
    # Who took part, recorded when it is marked held (none ticked: not recorded, as for the
    # conversations held before this was asked).
    with_student = models.BooleanField(_("student was erbij"), default=False)
    with_werkplekbegeleider = models.BooleanField(_("werkplekbegeleider was erbij"), default=False)
    with_schoolopleider = models.BooleanField(_("schoolopleider was erbij"), default=False)
    with_instituutsopleider = models.BooleanField(_("instituutsopleider was erbij"), default=False)
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

    @property
    def participants(self) -> list[str]:
        """The roles that took part (empty: not recorded), in the order of the triangle."""
        return [role for role in Participant.values if getattr(self, f"with_{role}")]

    @property
    def participants_label(self) -> str:
        """ "student, werkplekbegeleider, schoolopleider" ("" when not recorded)."""
        return ", ".join(str(Participant(role).label) for role in self.participants)


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
    # Handbook ch.1: a student with year-1 outcomes still open "moeten ... dit kenbaar maken
    # tijdens het kennismakingsgesprek. Neem in dit geval contact op met de instituutsopleider."
    open_year1_outcomes = models.BooleanField(
        _("er staan nog leeruitkomsten uit jaar 1 open"),
        default=False,
        help_text=_("De instituutsopleider krijgt bericht en regelt een maatwerktraject."),
    )
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
