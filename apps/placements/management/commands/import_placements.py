"""Import students, staff and placements from a CSV or XLSX file (the same rules as the
import page): without --commit it only shows what would happen."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.placements.importing.selectors import ImportFileError, build_plan, read_table
from apps.placements.importing.services import placements_import
from apps.placements.services import PlacementError


class Command(BaseCommand):
    help = (
        "Toont per rij wat de import van stages zou doen; met --commit wordt alles "
        "geïmporteerd (alles of niets)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV- of XLSX-bestand, één rij per stage")
        parser.add_argument("--commit", action="store_true", help="Echt importeren.")
        parser.add_argument("--by", help="E-mailadres van de admin die importeert (voor de log)")

    def handle(self, *args, file: str, commit: bool, by: str | None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand {file} bestaat niet.")
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by).first()
            if actor is None or not actor.is_praktijkbureau:
                raise CommandError(f"{by} is geen admin van het praktijkbureau.")
        try:
            rows = read_table(path.name, path.read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        plan = build_plan(rows)
        for line in plan.lines():
            self.stdout.write(line)
        counts = plan.counts
        self.stdout.write(
            f"Nieuwe stages: {counts['nieuw']}, wijzigt: {counts['wijzigen']}, "
            f"ongewijzigd: {counts['ongewijzigd']}, rijen met fouten: {counts['fout']}, "
            f"rijen zonder volledige driehoek: {plan.warning_rows}."
        )
        if plan.has_errors:
            raise CommandError(f"{plan.error_count} fout(en); er is niets geïmporteerd.")
        if not commit:
            self.stdout.write("Niets opgeslagen. Gebruik --commit om te importeren.")
            return
        try:
            # No request here: the invitation links point at SITE_URL.
            result = placements_import(
                by=actor,
                rows=rows,
                expected_digest=plan.digest,
                source=f"cli:{path.name}",
                base_url=settings.SITE_URL,
            )
        except PlacementError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Geïmporteerd; {len(result.invited)} uitnodiging(en) verstuurd.")
        )
