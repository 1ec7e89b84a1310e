"""Records kept about the cycle: the dossier jobs and the purge allowance that lets retention
delete audited rows."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.placements.models import Placement


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
