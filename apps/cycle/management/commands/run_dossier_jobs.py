"""Make the dossier PDFs that are waiting: queued jobs whose task was lost, and running jobs
that stopped moving (their worker was killed). The task worker makes every dossier as it is
asked for; this is the scheduled safety net. Safe to run often and next to the workers: a job
is claimed before it is made, so no two processes make the same dossier."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from apps.cycle.records.dossier import STALE_AFTER, dossier_run_pending


class Command(BaseCommand):
    help = "Maakt de dossiers (pdf) die in de wachtrij staan of zijn blijven hangen."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
            help="Na hoeveel minuten zonder voortgang een taak opnieuw wordt opgepakt.",
        )

    def handle(self, *args, stale_minutes: int, **options) -> None:
        count = dossier_run_pending(stale_after=timedelta(minutes=stale_minutes))
        self.stdout.write(self.style.SUCCESS(f"{count} dossier(s) verwerkt."))
