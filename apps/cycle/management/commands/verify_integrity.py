"""Recompute the fingerprint of every sent form version and report any mismatch."""

from django.core.management.base import BaseCommand, CommandError

from apps.cycle.feedback.integrity import mismatched_versions


class Command(BaseCommand):
    help = "Controleert de vingerafdrukken van alle verzonden formulierversies."

    def handle(self, *args, **options) -> None:
        checked, bad = mismatched_versions()
        for version in bad:
            self.stdout.write(
                self.style.ERROR(
                    f"AFWIJKING: formulierversie {version.pk} ({version}) komt niet overeen "
                    f"met de opgeslagen vingerafdruk {version.fingerprint[:16]}…"
                )
            )
        if bad:
            raise CommandError(f"{len(bad)} van {checked} verzonden versies wijken af.")
        self.stdout.write(
            self.style.SUCCESS(f"{checked} verzonden versies gecontroleerd: in orde.")
        )
