"""loaddata that also checks rubric integrity before the load is committed.

Django's loaddata runs `self.loaddata()` inside `transaction.atomic()`; the checks run at the
end of that method, so a CommandError rolls the whole load back.
"""

from django.core.management.base import CommandError
from django.core.management.commands.loaddata import Command as LoadDataCommand
from django.db.models import F

from apps.rubrics.models import Descriptor, RubricDimension, RubricLevel, RubricRole

RUBRIC_MODELS = {Descriptor, RubricDimension, RubricLevel, RubricRole}
SHOWN = 5


class Command(LoadDataCommand):
    help = LoadDataCommand.help + " Controleert daarna de samenhang van de rubrics."

    def loaddata(self, fixture_labels):
        super().loaddata(fixture_labels)
        if RUBRIC_MODELS & getattr(self, "models", set()):
            self.check_rubrics()

    def check_rubrics(self) -> None:
        problems = [*self.descriptor_problems(), *self.dimension_problems()]
        if problems:
            raise CommandError(
                "De rubrics kloppen niet; er is niets geladen.\n" + "\n".join(problems)
            )

    def descriptor_problems(self) -> list[str]:
        wrong = (
            Descriptor.objects.using(self.using)
            .exclude(level__rubric=F("dimension__rubric"))
            .select_related("dimension__rubric", "level__rubric")
            .order_by("dimension__rubric__slug", "dimension__position", "level__position")
        )
        return [
            f"- Descriptor bij dimensie ‘{d.dimension}’ (rubric ‘{d.dimension.rubric.slug}’) "
            f"gebruikt niveau ‘{d.level}’ van een andere rubric (‘{d.level.rubric.slug}’)."
            for d in wrong[:SHOWN]
        ]

    def dimension_problems(self) -> list[str]:
        wrong = (
            RubricDimension.objects.using(self.using)
            .filter(role__isnull=False)
            .exclude(role__rubric=F("rubric"))
            .select_related("rubric", "role__rubric")
            .order_by("rubric__slug", "position")
        )
        return [
            f"- Dimensie ‘{d}’ (rubric ‘{d.rubric.slug}’) hoort bij rol ‘{d.role}’ van een "
            f"andere rubric (‘{d.role.rubric.slug}’)."
            for d in wrong[:SHOWN]
        ]
