"""The complexe beroepsvaardigheden: where a student stands on the phase table at the three
moments of a placement, in the student's own eyes and in the werkplekbegeleider's.

`CbvPlacement` came from rubrics (migrations rubrics 0004 and cycle 0010, state only): its
tables keep their names, `rubrics_cbvplacement` and `rubrics_historicalcbvplacement`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.rubrics.models import RubricDimension, RubricLevel


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
    history = HistoricalRecords(table_name="rubrics_historicalcbvplacement")

    class Meta:
        db_table = "rubrics_cbvplacement"
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
