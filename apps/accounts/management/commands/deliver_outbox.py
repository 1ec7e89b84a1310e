"""Send the mail in the outbox that is due, in this process. The worker does this after every
commit; scheduled every few minutes, this command catches a wake-up call that was lost (the
task backend was unreachable at that moment). Safe next to the workers: a mail is claimed
before it is sent, so none goes out twice."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from apps.accounts.models import MailStatus, OutboxMail
from apps.accounts.outbox import outbox_deliver_due


class Command(BaseCommand):
    help = "Verstuurt de e-mail uit de wachtrij die aan de beurt is."

    def handle(self, *args, **options) -> None:
        sent = outbox_deliver_due()
        waiting = dict(
            OutboxMail.objects.filter(status__in=[MailStatus.PENDING, MailStatus.FAILED])
            .values_list("status")
            .annotate(n=Count("id"))
        )
        self.stdout.write(
            f"{sent} e-mail(s) verstuurd; {waiting.get(MailStatus.PENDING, 0)} wachten op een "
            f"nieuwe poging, {waiting.get(MailStatus.FAILED, 0)} mislukt (zie het beheer)."
        )
