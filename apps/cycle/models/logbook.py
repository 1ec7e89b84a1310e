"""The guidance logbook of the weekly begeleidingsgesprekken and its comments."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.cycle.models.conversations import Conversation


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
