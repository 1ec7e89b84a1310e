"""Lesson observations (lesbezoek): the instruments they use, the observation with its
indicators seen and their examples, the student's request for one, and the forms that rest on
them. Evidence (apps/cycle/evidence) attaches to `Observation`; keep that name stable."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.versioning import VersionedManager, split_key
from apps.cycle.models.feedback import FormVersion
from apps.outcomes.models import Indicator
from apps.placements.models import Placement, PlacementOutcome


class InstrumentKind(models.TextChoices):
    # The outcomes' own kijkkaders (apps.outcomes Indicator): the default, and the only kind
    # whose indicators the feedback form can take over.
    KIJKKADER = "kijkkader", _("Kijkkaders van de leeruitkomsten")
    # A school's own lesobservatieformulier or a subject's observatieformulier, from CSV.
    OWN = "eigen", _("Eigen observatie-instrument")


class InstrumentManager(VersionedManager):
    key_field = "slug"


class ObservationInstrument(models.Model):
    """An observation instrument. Versioned like a rubric: one in use is never changed in
    place; loading a new file onto it makes version n+1 (apps.core.versioning)."""

    slug = models.SlugField(_("sleutel"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=16, choices=InstrumentKind.choices)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("vorige versie"),
    )
    history = HistoricalRecords()

    objects = InstrumentManager()

    class Meta:
        verbose_name = _("observatie-instrument")
        verbose_name_plural = _("observatie-instrumenten")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"], name="cycle_instrument_slug_version"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InstrumentKind.values), name="cycle_instrument_kind_known"
            ),
        ]

    def __str__(self) -> str:
        if self.version > 1:
            return f"{self.name} ({_('versie')} {self.version})"
        return self.name

    def natural_key(self) -> tuple[str, int]:
        return (self.slug, self.version)

    @property
    def is_current(self) -> bool:
        """Whether this is the newest version (no version was made from it)."""
        return not hasattr(self, "next_version")

    @property
    def uses_kijkkaders(self) -> bool:
        """The kijkkader instrument has no items of its own: it shows the outcomes' indicators."""
        return self.kind == InstrumentKind.KIJKKADER


class InstrumentItemManager(models.Manager["InstrumentItem"]):
    def get_by_natural_key(self, *key) -> "InstrumentItem":
        """(instrument slug, [version,] position)."""
        slug, version, (position,) = split_key(key, 2)
        return self.get(instrument__slug=slug, instrument__version=version, position=position)


class InstrumentItem(models.Model):
    """One observable item of an own instrument, in a section (the CSV's "onderdeel")."""

    instrument = models.ForeignKey(
        ObservationInstrument,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("instrument"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    section = models.CharField(_("onderdeel"), max_length=200)
    # The learning outcome the item shows, by code (a code is data, stable over versions).
    outcome_code = models.CharField(_("leeruitkomst"), max_length=32)
    text = models.TextField(_("item"))

    objects = InstrumentItemManager()

    class Meta:
        verbose_name = _("item van observatie-instrument")
        verbose_name_plural = _("items van observatie-instrument")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "position"], name="cycle_instrument_item_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def natural_key(self) -> tuple:
        return (*self.instrument.natural_key(), self.position)

    natural_key.dependencies = ["cycle.observationinstrument"]


class ObservationRequest(models.Model):
    """The student asks for a lesson observation on a focus of their choice."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="observation_requests",
        verbose_name=_("stageplaats"),
    )
    focus = models.TextField(_("focus"))
    created_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verzoek om lesbezoek")
        verbose_name_plural = _("verzoeken om lesbezoek")
        ordering = ["placement", "-created_at"]

    def __str__(self) -> str:
        return self.focus[:80]


def lesson_plan_path(observation: "Observation", filename: str) -> str:
    """Private and unguessable: never under a path the web server serves, and a random name
    (the original name is kept in `lesson_plan_name`)."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"private/observations/{observation.placement_id}/{uuid.uuid4().hex}{suffix}"


class Observation(models.Model):
    """A lesson observation (lesbezoek) by the werkplekbegeleider, schoolopleider,
    instituutsopleider or an opleider of the institute; the student reads and responds."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("stageplaats"),
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("observator"),
    )
    instrument = models.ForeignKey(
        ObservationInstrument,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("instrument"),
    )
    request = models.OneToOneField(
        ObservationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observation",
        verbose_name=_("op verzoek"),
    )
    observed_on = models.DateField(_("datum"))
    group = models.CharField(_("klas of groep"), max_length=80)
    subject = models.CharField(_("vak"), max_length=120)
    topic = models.CharField(_("onderwerp"), max_length=200)
    lesson_plan = models.FileField(
        _("lesvoorbereiding"), upload_to=lesson_plan_path, blank=True, max_length=200
    )
    lesson_plan_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    strengths = models.TextField(_("sterke punten"), blank=True)
    feed_forward = models.TextField(_("feed-forward"), blank=True)
    student_response = models.TextField(_("reactie van de student"), blank=True)
    responded_at = models.DateTimeField(_("gereageerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["lesson_plan"])

    class Meta:
        verbose_name = _("lesbezoek")
        verbose_name_plural = _("lesbezoeken")
        ordering = ["placement", "-observed_on", "-id"]
        indexes = [models.Index(fields=["placement", "created_at"])]

    def __str__(self) -> str:
        return f"{self.observed_on:%d-%m-%Y} {self.group} {self.subject}"


class ObservedIndicator(models.Model):
    """One indicator (or own-instrument item) seen in an observation, under the outcome it
    shows, with the concrete example: what the student did and what the effect was."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="seen", verbose_name=_("lesbezoek")
    )
    placement_outcome = models.ForeignKey(
        PlacementOutcome,
        on_delete=models.PROTECT,
        related_name="observed",
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
    item = models.ForeignKey(
        InstrumentItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item"),
    )
    example = models.TextField(_("voorbeeld"))

    class Meta:
        verbose_name = _("geziene indicator")
        verbose_name_plural = _("geziene indicatoren")
        ordering = ["observation", "placement_outcome", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=False, item__isnull=True)
                | Q(indicator__isnull=True, item__isnull=False),
                name="cycle_observed_indicator_or_item",
            ),
            models.UniqueConstraint(
                fields=["observation", "indicator"],
                condition=Q(indicator__isnull=False),
                name="cycle_observed_indicator_once",
            ),
            models.UniqueConstraint(
                fields=["observation", "item"],
                condition=Q(item__isnull=False),
                name="cycle_observed_item_once",
            ),
        ]

    def __str__(self) -> str:
        return self.example[:80]

    @property
    def text(self) -> str:
        return (self.indicator or self.item).text


class FormObservation(models.Model):
    """A form version rests on this observation: its indicators were taken over into it."""

    version = models.ForeignKey(
        FormVersion,
        on_delete=models.CASCADE,
        related_name="observation_links",
        verbose_name=_("formulierversie"),
    )
    observation = models.ForeignKey(
        Observation,
        on_delete=models.PROTECT,
        related_name="form_links",
        verbose_name=_("lesbezoek"),
    )

    class Meta:
        verbose_name = _("lesbezoek onder formulier")
        verbose_name_plural = _("lesbezoeken onder formulieren")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "observation"], name="cycle_form_observation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.observation}"
