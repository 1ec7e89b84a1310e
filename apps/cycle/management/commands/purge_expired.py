"""Remove placements whose retention period is over, with their history."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.cycle.records.retention import expired_placements, placement_purge, retention_end


class Command(BaseCommand):
    help = "Verwijdert stages waarvan de bewaartermijn voorbij is (met --dry-run: alleen tonen)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen, niets wissen.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        expired = expired_placements(timezone.localdate())
        for placement in expired:
            self.stdout.write(
                f"stage {placement.pk}: {placement.student.user.full_name} @ {placement.school} "
                f"(bewaren tot {retention_end(placement):%d-%m-%Y})"
            )
            if not dry_run:
                placement_purge(by=None, placement=placement)
        verb = "zouden worden verwijderd" if dry_run else "verwijderd"
        self.stdout.write(self.style.SUCCESS(f"{len(expired)} stages {verb}."))
