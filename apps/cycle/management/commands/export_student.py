"""Export everything about one student (AVG right of access) as a ZIP."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.services import audit_record
from apps.cycle.records.export import student_export_zip
from apps.placements.models import StudentProfile


class Command(BaseCommand):
    help = "Exporteert alle gegevens van één student als ZIP (JSON en pdf's)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("student_number", help="Studentnummer")
        parser.add_argument("--output", help="Bestand (standaard: export-<studentnummer>.zip)")

    def handle(self, *args, student_number: str, output: str | None = None, **options) -> None:
        profile = (
            StudentProfile.objects.select_related("user", "programme")
            .filter(student_number=student_number)
            .first()
        )
        if profile is None:
            raise CommandError(f"Geen student met studentnummer {student_number}.")
        path = Path(output or f"export-{student_number}.zip")
        path.write_bytes(student_export_zip(profile))
        audit_record(actor=None, action="student.exported", target=profile, detail={"via": "cli"})
        self.stdout.write(self.style.SUCCESS(f"Export geschreven naar {path}."))
