from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.versioning import VersionedManager, split_key


class Assessment(models.TextChoices):
    SUMMATIEF = "summatief", _("Summatief")
    FORMATIEF = "formatief", _("Formatief")
    PER_VAK = "per_vak", _("Per vak")


class WpbPart(models.TextChoices):
    """What the werkplekbegeleider does for an outcome."""

    BEOORDELEN_EN_BEGELEIDEN = "beoordelen_en_begeleiden", _("Beoordelen en begeleiden")
    BEGELEIDEN_EN_FEEDBACK = "begeleiden_en_feedback", _("Begeleiden en feedback geven")
    FACILITEREN = "faciliteren", _("Faciliteren, begeleiden en feedback geven")
    GEEN = "geen", _("Geen rol")


class OutcomeManager(VersionedManager):
    key_field = "code"


class LearningOutcome(models.Model):
    """A leeruitkomst. Its code is data (the seed numbers PPI and ict both ways), never logic."""

    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    study_year = models.PositiveSmallIntegerField(
        _("studiejaar"), default=2, help_text=_("Het studiejaar waarin deze leeruitkomst hoort.")
    )
    assessment = models.CharField(_("beoordeling"), max_length=16, choices=Assessment.choices)
    assessment_description = models.TextField(
        _("hoe wordt beoordeeld"), blank=True, help_text=_("Zoals het handboek het beschrijft.")
    )
    level = models.CharField(
        _("niveau"), max_length=80, blank=True, help_text=_("Bijvoorbeeld: tussenniveau.")
    )
    level_expectations = models.TextField(_("verwachtingen op dit niveau"), blank=True)
    wpb_part = models.CharField(_("rol werkplekbegeleider"), max_length=32, choices=WpbPart.choices)
    wpb_part_description = models.TextField(_("toelichting rol werkplekbegeleider"), blank=True)
    summative_year = models.PositiveSmallIntegerField(
        _("jaar van summatieve beoordeling"), null=True, blank=True
    )
    teaching_unit = models.CharField(
        _("onderwijseenheid"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Afstemmen en creëren 1."),
    )
    asks_confidence = models.BooleanField(
        _("vraagt vertrouwen in afronding"),
        default=False,
        help_text=_(
            "Bij het tussenniveau: hebben de begeleiders voldoende vertrouwen dat de student "
            "de leeruitkomst in jaar 3 afrondt?"
        ),
    )
    is_maatwerk = models.BooleanField(
        _("maatwerkleeruitkomst"),
        default=False,
        help_text=_("Geen onderdeel van de standaardset; alleen via een maatwerktraject."),
    )
    maatwerk_route = models.TextField(_("maatwerktraject"), blank=True)
    wpb_judgement_needed = models.BooleanField(
        _("beoordeling werkplekbegeleider nodig"), default=True
    )
    # An outcome in use is never changed in place: a new version n+1 is made, linked to n.
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

    objects = OutcomeManager()

    class Meta:
        verbose_name = _("leeruitkomst")
        verbose_name_plural = _("leeruitkomsten")
        ordering = ["study_year", "position", "code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="outcomes_code_version"),
            models.CheckConstraint(
                condition=models.Q(assessment__in=Assessment.values),
                name="outcomes_assessment_known",
            ),
            models.CheckConstraint(
                condition=models.Q(wpb_part__in=WpbPart.values), name="outcomes_wpb_part_known"
            ),
        ]

    def __str__(self) -> str:
        if self.version > 1:
            return f"{self.code} {self.title} ({_('versie')} {self.version})"
        return f"{self.code} {self.title}"

    def natural_key(self) -> tuple[str, int]:
        return (self.code, self.version)

    @property
    def is_current(self) -> bool:
        """Whether this is the newest version (no version was made from it)."""
        return not hasattr(self, "next_version")

    @property
    def is_summative(self) -> bool:
        """Summative outcomes get a judgement (voldaan / niet voldaan) at the eindbeoordeling."""
        return self.assessment == Assessment.SUMMATIEF


class KijkkaderDimensionManager(models.Manager["KijkkaderDimension"]):
    def get_by_natural_key(self, *key) -> "KijkkaderDimension":
        """(outcome code, [outcome version,] position)."""
        code, version, (position,) = split_key(key, 2)
        return self.get(outcome__code=code, outcome__version=version, position=position)


class KijkkaderDimension(models.Model):
    """A named group of indicators in an outcome's kijkkader."""

    outcome = models.ForeignKey(
        LearningOutcome,
        on_delete=models.CASCADE,
        related_name="dimensions",
        verbose_name=_("leeruitkomst"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=200)
    is_indicative = models.BooleanField(
        _("indicatief, niet om te beoordelen"),
        default=False,
        help_text=_("Wordt getoond, maar telt nooit mee in een oordeel."),
    )

    objects = KijkkaderDimensionManager()

    class Meta:
        verbose_name = _("kijkkaderdimensie")
        verbose_name_plural = _("kijkkaderdimensies")
        ordering = ["outcome", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "position"], name="outcomes_dimension_position_unique"
            ),
            models.UniqueConstraint(
                fields=["outcome", "name"], name="outcomes_dimension_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple:
        return (*self.outcome.natural_key(), self.position)

    natural_key.dependencies = ["outcomes.learningoutcome"]


class IndicatorManager(models.Manager["Indicator"]):
    def get_by_natural_key(self, *key) -> "Indicator":
        """(outcome code, [outcome version,] dimension position, position)."""
        code, version, (dimension_position, position) = split_key(key, 3)
        return self.get(
            dimension__outcome__code=code,
            dimension__outcome__version=version,
            dimension__position=dimension_position,
            position=position,
        )


class Indicator(models.Model):
    """Observable behaviour in a kijkkader dimension."""

    dimension = models.ForeignKey(
        KijkkaderDimension,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("dimensie"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.TextField(_("indicator"))

    objects = IndicatorManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["dimension", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "position"], name="outcomes_indicator_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def natural_key(self) -> tuple:
        return (*self.dimension.natural_key(), self.position)

    natural_key.dependencies = ["outcomes.kijkkaderdimension"]


class Subject(models.TextChoices):
    AK = "AK", _("Aardrijkskunde")
    BI = "BI", _("Biologie")
    DU_FR = "DU/FR", _("Duits / Frans")
    EC = "EC", _("Economie")
    EN = "EN", _("Engels")
    GS = "GS", _("Geschiedenis")
    NA_SK = "NA/SK", _("Natuurkunde / Scheikunde")
    NE = "NE", _("Nederlands")
    WI = "WI", _("Wiskunde")


class SubjectOutcomeManager(models.Manager["SubjectOutcome"]):
    def get_by_natural_key(self, subject: str, title: str) -> "SubjectOutcome":
        return self.get(subject=subject, title=title)


class SubjectOutcome(models.Model):
    """A vakdidactische leeruitkomst (5.6) of one subject."""

    subject = models.CharField(_("vak"), max_length=8, choices=Subject.choices)
    title = models.CharField(_("leeruitkomst"), max_length=200)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    ects = models.DecimalField(_("ECTS"), max_digits=4, decimal_places=1)
    contact = models.CharField(_("contactpersoon"), max_length=300, blank=True)
    wpb_judges = models.BooleanField(
        _("werkplekbegeleider beoordeelt"),
        default=False,
        help_text=_("Bij biologie en in de pilots NaSk en Engels beoordeelt de wpb ook."),
    )
    institute_only = models.BooleanField(
        _("volledig op het instituut"),
        default=False,
        help_text=_("Begeleiding en beoordeling op het instituut; de wpb heeft geen rol."),
    )
    pilot = models.BooleanField(_("pilot"), default=False)
    split_over_years = models.BooleanField(
        _("verdeeld over jaar 2 en 3"),
        default=False,
        help_text=_("Studenten tonen 2 luk's aan in jaar 2 en de overige in jaar 3."),
    )

    objects = SubjectOutcomeManager()

    class Meta:
        verbose_name = _("vakdidactische leeruitkomst")
        verbose_name_plural = _("vakdidactische leeruitkomsten")
        ordering = ["subject", "position"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "title"], name="outcomes_subject_title"),
            models.CheckConstraint(
                condition=models.Q(subject__in=Subject.values), name="outcomes_subject_known"
            ),
            models.CheckConstraint(condition=models.Q(ects__gt=0), name="outcomes_ects_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.title}"

    def natural_key(self) -> tuple[str, str]:
        return (self.subject, self.title)


class DecisionRule(models.Model):
    """A beslisregel: an agreement of a calibration session about how an indicator or an
    outcome's cut-off is read, shown beside it in the live feedback form
    (calibration-design.md §3.3, "closing the loop"). Versioned: a new text is a new row whose
    `previous` is the old one, which is retired; sent forms record the versions they showed."""

    outcome = models.ForeignKey(
        LearningOutcome,
        on_delete=models.PROTECT,
        related_name="decision_rules",
        verbose_name=_("leeruitkomst"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_rules",
        verbose_name=_("indicator"),
        help_text=_("Leeg: de regel gaat over de cesuur van de hele leeruitkomst."),
    )
    text = models.TextField(_("beslisregel"))
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("vorige versie"),
    )
    scope_label = models.CharField(_("geldt voor"), max_length=200)
    source_label = models.CharField(_("afgesproken in"), max_length=200)
    source_date = models.DateField(_("afgesproken op"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gepubliceerd door"),
    )
    published_at = models.DateTimeField(_("gepubliceerd op"))
    retired_at = models.DateTimeField(_("vervallen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("beslisregel")
        verbose_name_plural = _("beslisregels")
        ordering = ["outcome", "indicator", "-version"]

    def __str__(self) -> str:
        return f"{self.text[:60]} (v{self.version})"
