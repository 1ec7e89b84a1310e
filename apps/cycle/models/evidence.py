"""Evidence (bewijs): files and links the student attaches to their work — a week of the
logbook, a leerplan goal, a lesson observation or a self-reflection on one outcome — to show
what they did.

Where a piece of evidence hangs is one of a few nullable foreign keys with a check that
exactly one is set (EVIDENCE_TARGETS). Adding a target is one foreign key below and its name
in EVIDENCE_TARGETS, its entry in apps/cycle/evidence/targets.py, plus a migration; no generic
relation, so the database keeps every link whole and a deleted target takes its evidence
with it.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cycle.models.feedback import FormEntry
from apps.cycle.models.leerplan import LeerplanGoal
from apps.cycle.models.logbook import GuidanceLog
from apps.cycle.models.observations import Observation
from apps.placements.models import Placement, PlacementOutcome

# The foreign keys a piece of evidence can hang on; exactly one is set.
EVIDENCE_TARGETS = ("log", "goal", "entry", "observation")


def private_storage():
    """The storage of private files (settings.STORAGES["private"]): no URL, never served."""
    return storages["private"]


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """A name that tells nothing about the content: the placement and a random id, with the
    extension of the type found in the content (the service passes it as `filename`)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bewijs/{instance.placement_id}/{uuid.uuid4().hex}.{extension}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Lesvoorbereiding of document")
    PHOTO = "foto", _("Foto")
    VIDEO = "video", _("Video")
    LINK = "link", _("Link")


def _exactly_one(fields: tuple[str, ...]) -> Q:
    condition = Q()
    for field in fields:
        only = Q(**{f"{field}__isnull": False})
        for other in fields:
            if other != field:
                only &= Q(**{f"{other}__isnull": True})
        condition |= only
    return condition


class Evidence(models.Model):
    """One file or link, with a title and what it shows. `placement` is the target's
    placement (set by the service), so access and retention never walk the target."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("stage")
    )
    placement_outcome = models.ForeignKey(
        PlacementOutcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("leeruitkomst"),
    )
    log = models.ForeignKey(
        GuidanceLog,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_items",
        verbose_name=_("logboekweek"),
    )
    goal = models.ForeignKey(
        LeerplanGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_items",
        verbose_name=_("leerdoel"),
    )
    entry = models.ForeignKey(
        FormEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_items",
        verbose_name=_("zelfreflectie"),
    )
    observation = models.ForeignKey(
        Observation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_items",
        verbose_name=_("lesbezoek"),
    )
    kind = models.CharField(_("soort"), max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("wat laat het zien"), blank=True)
    file = models.FileField(
        _("bestand"),
        storage=private_storage,
        upload_to=evidence_upload_to,
        max_length=255,
        blank=True,
    )
    thumbnail = models.FileField(
        _("miniatuur"),
        storage=private_storage,
        upload_to=evidence_upload_to,
        max_length=255,
        blank=True,
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    content_type = models.CharField(_("bestandstype"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("grootte in bytes"), default=0)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    added_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bewijs")
        verbose_name_plural = _("bewijzen")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(EVIDENCE_TARGETS), name="cycle_evidence_one_target"
            ),
            models.CheckConstraint(
                condition=(Q(kind=EvidenceKind.LINK) & ~Q(url="") & Q(file=""))
                | (~Q(kind=EvidenceKind.LINK) & Q(url="") & ~Q(file="")),
                name="cycle_evidence_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return self.kind == EvidenceKind.LINK

    @property
    def target(self):
        """The log week, goal, self-reflection or lesson observation this hangs on."""
        return next(getattr(self, f) for f in EVIDENCE_TARGETS if getattr(self, f"{f}_id"))
