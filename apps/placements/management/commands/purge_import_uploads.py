"""Delete uploaded import files whose time to be confirmed is up (also done on every upload);
for a daily cron job beside purge_expired."""

from django.core.management.base import BaseCommand

from apps.placements.importing.services import import_uploads_purge


class Command(BaseCommand):
    help = "Verwijdert geüploade importbestanden die niet op tijd zijn bevestigd."

    def handle(self, *args, **options) -> None:
        count = import_uploads_purge()
        self.stdout.write(f"{count} verlopen importbestand(en) verwijderd.")
