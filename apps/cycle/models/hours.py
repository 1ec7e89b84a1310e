"""Hours and lessons (handbook ch.4, Randvoorwaarden): per placement and week the lessons the
student gave and the werkplekbegeleider's guidance time, confirmed by the werkplekbegeleider.

The handbook: "Aantal lessen per student: 40 – 50 lessen en/of onderwijsactiviteiten met
groepen leerlingen" and "Begeleidingstijd 30 uur per student voor de werkplekbegeleider". It
counts lessons and educational activities together, so a week has one count of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.placements.models import Placement


class WeekHours(models.Model):
    """One week of a placement: the lessons the student gave and the werkplekbegeleider's
    guidance time, as the student registered them. The student changes the week until the
    werkplekbegeleider confirms it; a confirmed week is not changed in place: a correction
    reopens it (apps.cycle.hours.services.week_hours_reopen, with a reason, audited), after
    which the student corrects it and it is confirmed again. The history keeps every state.

    `week` is the Monday of the calendar week (apps.cycle.hours.weeks)."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="week_hours", verbose_name=_("stage")
    )
    week = models.DateField(_("week (maandag)"))
    lessons = models.PositiveSmallIntegerField(_("lessen en/of onderwijsactiviteiten"), default=0)
    guidance_minutes = models.PositiveSmallIntegerField(
        _("begeleidingstijd werkplekbegeleider (minuten)"), default=0
    )
    note = models.TextField(_("toelichting"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    registered_at = models.DateTimeField(_("geregistreerd op"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    # The last reopening: who asked for a correction, when and why (also in the audit log).
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("heropend door"),
    )
    reopened_at = models.DateTimeField(_("heropend op"), null=True, blank=True)
    reopen_reason = models.TextField(_("reden heropenen"), blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("week: lessen en begeleidingstijd")
        verbose_name_plural = _("weken: lessen en begeleidingstijd")
        ordering = ["placement", "week"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "week"], name="cycle_week_hours_once"),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="cycle_week_hours_confirmed_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement} – {self.week:%d-%m-%Y}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def guidance_hours(self) -> float:
        return self.guidance_minutes / 60
