from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.versioning import VersionedManager, split_key


class RubricKind(models.TextChoices):
    ROLE = "rol", _("Rolrubric praktijkleren")
    PHASES = "fasen", _("Ontwikkelingsfasen (complexe beroepsvaardigheden)")


class RubricManager(VersionedManager):
    key_field = "slug"


class Rubric(models.Model):
    """A grid of descriptors: dimensions (optionally grouped in roles) × ordered levels."""

    slug = models.SlugField(_("sleutel"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=16, choices=RubricKind.choices)
    description = models.TextField(_("beschrijving"), blank=True)
    source = models.CharField(
        _("bron"), max_length=300, blank=True, help_text=_("Het brondocument van deze rubric.")
    )
    # A rubric in use is never changed in place: a change makes version n+1, linked to n.
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

    objects = RubricManager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="rubrics_rubric_slug_version"),
            models.CheckConstraint(
                condition=models.Q(kind__in=RubricKind.values), name="rubrics_rubric_kind_known"
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


class LevelManager(models.Manager["RubricLevel"]):
    def get_by_natural_key(self, *key) -> "RubricLevel":
        """(rubric slug, [rubric version,] position)."""
        slug, version, (position,) = split_key(key, 2)
        return self.get(rubric__slug=slug, rubric__version=version, position=position)


class RubricLevel(models.Model):
    """One column of a rubric: Volgend … Creërend, or Beginfase … Vergevorderde fase."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="levels", verbose_name=_("rubric")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=80)

    objects = LevelManager()

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")
        ordering = ["rubric", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "position"], name="rubrics_level_position_unique"
            ),
            models.UniqueConstraint(fields=["rubric", "name"], name="rubrics_level_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple:
        return (*self.rubric.natural_key(), self.position)

    natural_key.dependencies = ["rubrics.rubric"]


class RoleManager(models.Manager["RubricRole"]):
    def get_by_natural_key(self, *key) -> "RubricRole":
        """(rubric slug, [rubric version,] position)."""
        slug, version, (position,) = split_key(key, 2)
        return self.get(rubric__slug=slug, rubric__version=version, position=position)


class RubricRole(models.Model):
    """A role a role rubric describes (Accountmanager, Beoordelaar, …)."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="roles", verbose_name=_("rubric")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)

    objects = RoleManager()

    class Meta:
        verbose_name = _("rol in rubric")
        verbose_name_plural = _("rollen in rubric")
        ordering = ["rubric", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "position"], name="rubrics_role_position_unique"
            ),
            models.UniqueConstraint(fields=["rubric", "name"], name="rubrics_role_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple:
        return (*self.rubric.natural_key(), self.position)

    natural_key.dependencies = ["rubrics.rubric"]


class DimensionManager(models.Manager["RubricDimension"]):
    def get_by_natural_key(self, *key) -> "RubricDimension":
        """(rubric slug, [rubric version,] position)."""
        slug, version, (position,) = split_key(key, 2)
        return self.get(rubric__slug=slug, rubric__version=version, position=position)


class RubricDimension(models.Model):
    """One row of a rubric. In a role rubric it belongs to a role; in a phase table it does not.

    `position` runs over the whole rubric so that the natural key is (rubric, position).
    """

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("rubric")
    )
    role = models.ForeignKey(
        RubricRole,
        on_delete=models.CASCADE,
        related_name="dimensions",
        null=True,
        blank=True,
        verbose_name=_("rol"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=200)

    objects = DimensionManager()

    class Meta:
        verbose_name = _("dimensie")
        verbose_name_plural = _("dimensies")
        ordering = ["rubric", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "position"], name="rubrics_dimension_position_unique"
            ),
            models.UniqueConstraint(
                fields=["rubric", "role", "name"], name="rubrics_dimension_name_unique_in_role"
            ),
            models.UniqueConstraint(
                fields=["rubric", "name"],
                condition=models.Q(role__isnull=True),
                name="rubrics_dimension_name_unique_without_role",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple:
        return (*self.rubric.natural_key(), self.position)

    natural_key.dependencies = ["rubrics.rubric", "rubrics.rubricrole"]

    def clean(self) -> None:
        """A dimension's role must belong to the same rubric."""
        if self.role_id and self.rubric_id and self.role.rubric_id != self.rubric_id:
            raise ValidationError({"role": _("Deze rol hoort bij een andere rubric.")})


class DescriptorManager(models.Manager["Descriptor"]):
    def get_by_natural_key(self, *key) -> "Descriptor":
        """(rubric slug, [rubric version,] dimension position, level position)."""
        slug, version, (dimension_position, level_position) = split_key(key, 3)
        return self.get(
            dimension__rubric__slug=slug,
            dimension__rubric__version=version,
            dimension__position=dimension_position,
            level__position=level_position,
        )


class Descriptor(models.Model):
    """The text in one cell: what a dimension looks like at one level of the same rubric."""

    dimension = models.ForeignKey(
        RubricDimension,
        on_delete=models.CASCADE,
        related_name="descriptors",
        verbose_name=_("dimensie"),
    )
    level = models.ForeignKey(
        RubricLevel, on_delete=models.PROTECT, related_name="descriptors", verbose_name=_("niveau")
    )
    text = models.TextField(_("omschrijving"))
    history = HistoricalRecords()

    objects = DescriptorManager()

    class Meta:
        verbose_name = _("descriptor")
        verbose_name_plural = _("descriptoren")
        ordering = ["dimension", "level__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "level"], name="rubrics_descriptor_once_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} / {self.level}"

    def natural_key(self) -> tuple:
        return (*self.dimension.natural_key(), self.level.position)

    natural_key.dependencies = ["rubrics.rubricdimension", "rubrics.rubriclevel"]

    def clean(self) -> None:
        """A descriptor may only use a level of its own rubric."""
        if self.dimension_id and self.level_id and self.dimension.rubric_id != self.level.rubric_id:
            raise ValidationError({"level": _("Dit niveau hoort bij een andere rubric.")})


# --- Rubrics in use ---------------------------------------------------------------------------


class SelfAssessment(models.Model):
    """A staff member's self-assessment on one role of a role rubric, at one moment.

    Saved once and never changed in place: a new moment is a new self-assessment, so the
    series shows growth over time.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("persoon"),
    )
    role = models.ForeignKey(
        RubricRole, on_delete=models.PROTECT, related_name="self_assessments", verbose_name=_("rol")
    )
    created_at = models.DateTimeField(_("ingevuld op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("zelfbeoordeling")
        verbose_name_plural = _("zelfbeoordelingen")
        ordering = ["person", "role", "created_at", "pk"]
        indexes = [models.Index(fields=["person", "role", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.role} – {self.created_at:%Y-%m-%d}"

    def clean(self) -> None:
        """Only the roles of a role rubric are taken as a self-assessment."""
        if self.role_id and self.role.rubric.kind != RubricKind.ROLE:
            raise ValidationError({"role": _("Kies een rol uit een rolrubric.")})


class SelfAssessmentRating(models.Model):
    """One dimension of a self-assessment: where I am (with a concrete example) and where I
    aim to be."""

    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("zelfbeoordeling"),
    )
    dimension = models.ForeignKey(
        RubricDimension, on_delete=models.PROTECT, related_name="+", verbose_name=_("dimensie")
    )
    current_level = models.ForeignKey(
        RubricLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("huidig niveau")
    )
    example = models.TextField(_("voorbeeld"))
    target_level = models.ForeignKey(
        RubricLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("streefniveau")
    )

    class Meta:
        verbose_name = _("score in zelfbeoordeling")
        verbose_name_plural = _("scores in zelfbeoordeling")
        ordering = ["assessment", "dimension__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="rubrics_rating_once_per_dimension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.current_level}"


class HeatmapConsent(models.Model):
    """Whether a staff member's name may appear in the schoolopleider's team heatmap.

    Without consent they are only counted. Given and withdrawn by the person themself; the
    history keeps who changed it and when.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="heatmap_consent",
        verbose_name=_("persoon"),
    )
    given = models.BooleanField(_("naam tonen"), default=False)
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemming voor naam in teamoverzicht")
        verbose_name_plural = _("toestemmingen voor naam in teamoverzicht")

    def __str__(self) -> str:
        return f"{self.person}: {self.given}"


class CbvMoment(models.TextChoices):
    """The three moments a student and mentor place the student on the phase table."""

    START = "start", _("Start")
    TUSSENEVALUATIE = "tussenevaluatie", _("Tussenevaluatie")
    EINDBEOORDELING = "eindbeoordeling", _("Eindbeoordeling")


class CbvPerspective(models.TextChoices):
    STUDENT = "student", _("Student")
    MENTOR = "werkplekbegeleider", _("Werkplekbegeleider")


class CbvPlacement(models.Model):
    """Where a student stands on one dimension of the complexe beroepsvaardigheden table at
    one moment of a placement, in the eyes of the student or of the werkplekbegeleider."""

    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.CASCADE,
        related_name="cbv_placements",
        verbose_name=_("stage"),
    )
    moment = models.CharField(_("moment"), max_length=16, choices=CbvMoment.choices)
    perspective = models.CharField(_("door"), max_length=24, choices=CbvPerspective.choices)
    dimension = models.ForeignKey(
        RubricDimension, on_delete=models.PROTECT, related_name="+", verbose_name=_("dimensie")
    )
    level = models.ForeignKey(
        RubricLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("fase")
    )
    note = models.TextField(_("toelichting"), blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingevuld door"),
    )
    placed_at = models.DateTimeField(_("ingevuld op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plaatsing op complexe beroepsvaardigheden")
        verbose_name_plural = _("plaatsingen op complexe beroepsvaardigheden")
        ordering = ["placement", "moment", "perspective", "dimension__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "moment", "perspective", "dimension"],
                name="rubrics_cbv_once_per_dimension",
            ),
            models.CheckConstraint(
                condition=models.Q(moment__in=CbvMoment.values), name="rubrics_cbv_moment_known"
            ),
            models.CheckConstraint(
                condition=models.Q(perspective__in=CbvPerspective.values),
                name="rubrics_cbv_perspective_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement} – {self.moment} – {self.dimension}: {self.level}"
