"""Bank hygiene of the exemplar bank (calibration-design.md §3.2): runs beside purge_expired.

- herijken: exemplars whose learning outcome (kijkkader) has a newer version leave the
  published set (state "herijken");
- retention: exemplars past their date (bewaren tot, at most five years after preparing) are
  withdrawn and their text deleted, in the history too.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from apps.calibration.exemplars.services import exemplars_expire, exemplars_recalibrate
from apps.calibration.models import Exemplar, ExemplarState


class Command(BaseCommand):
    help = "Voorbeeldformulieren: herijken na een nieuwe kijkkaderversie en bewaartermijn."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Alleen tellen.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        if dry_run:
            stale = Exemplar.objects.filter(
                state__in=[ExemplarState.DRAFT, ExemplarState.PUBLISHED],
                outcome__next_version__isnull=False,
            ).count()
            expired = (
                Exemplar.objects.filter(expires_on__lt=today)
                .exclude(state=ExemplarState.WITHDRAWN)
                .count()
            )
        else:
            with transaction.atomic():
                stale = len(exemplars_recalibrate(by=None))
                expired = len(exemplars_expire(by=None, today=today))
        self.stdout.write(
            f"herijken: {stale}, bewaartermijn verstreken (ingetrokken): {expired}"
            + (" (proef, niets gewijzigd)" if dry_run else "")
        )
