"""Mail everyone what is due within a few days or overdue, after bringing in the
instituutsopleider wherever the dialogue about a doubted judgement passed its deadline. Run
daily (see docs/DEPLOYMENT.md)."""

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.cycle.conversations.reminders import reminders_send
from apps.cycle.procedure.services import disagreements_escalate_overdue


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ongeldige datum {value!r}: gebruik JJJJ-MM-DD") from exc


class Command(BaseCommand):
    help = (
        "Stuurt herinneringen voor wat binnen --days dagen moet gebeuren of te laat is; "
        "dezelfde herinnering gaat nooit twee keer op één dag naar dezelfde persoon."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=3, help="Hoeveel dagen vooruit (standaard 3)."
        )
        parser.add_argument(
            "--today", type=_day, default=None, help="Doe alsof het deze dag is (JJJJ-MM-DD)."
        )

    def handle(self, *args, days: int = 3, today: date | None = None, **options) -> None:
        if days < 0:
            raise CommandError("--days kan niet negatief zijn.")
        today = today or timezone.localdate()
        escalated = disagreements_escalate_overdue(today=today)
        if escalated:
            self.stdout.write(
                f"{today:%Y-%m-%d}: {escalated} dialoog/dialogen over een oordeel voorbij de "
                "termijn; de instituutsopleider is ingeschakeld."
            )
        result = reminders_send(today=today, days=days)
        self.stdout.write(
            f"{today:%Y-%m-%d}: {result.mails} e-mails verstuurd met {result.reminders} "
            f"herinneringen; {result.skipped} overgeslagen (vandaag al verstuurd)."
        )
