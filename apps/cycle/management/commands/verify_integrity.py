"""Check every sent form version: its rows against its fingerprint, its stored PDF against the
sha256 recorded when it was stored, and that no sent version has disappeared."""

from django.core.management.base import BaseCommand, CommandError

from apps.cycle.feedback.integrity import integrity_report


class Command(BaseCommand):
    help = (
        "Controleert alle verzonden formulierversies: vingerafdruk, opgeslagen pdf en of er "
        "geen verdwenen is."
    )

    def handle(self, *args, **options) -> None:
        report = integrity_report()
        for problem in report.problems:
            self.stdout.write(
                self.style.ERROR(f"AFWIJKING: formulierversie {problem.version_id}: {problem.text}")
            )
        if report.pdfs_without_hash:
            self.stdout.write(
                f"{report.pdfs_without_hash} opgeslagen pdf's zonder vastgelegde sha256 (van "
                "voor de controle op pdf's): ze worden bij de volgende download opnieuw gemaakt."
            )
        if report.problems:
            bad = {p.version_id for p in report.problems}
            missing = sum(p.missing for p in report.problems)
            raise CommandError(
                f"{len(bad)} van {report.checked + missing} verzonden versies wijken af "
                "of ontbreken."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.checked} verzonden versies gecontroleerd: in orde "
                f"({report.pdfs_checked} opgeslagen pdf's)."
            )
        )
