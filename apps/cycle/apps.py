from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "apps.cycle"
    verbose_name = _("Gesprekscyclus")

    def ready(self) -> None:
        # Every way of making or moving a placement plans its conversations and forms.
        from apps.cycle.conversations.bulk import placements_follow_many
        from apps.cycle.conversations.services import placement_follow
        from apps.cycle.procedure.outcome_set import outcome_set_follow
        from apps.placements import lifecycle

        lifecycle.register(placement_follow, many=placements_follow_many)
        # ... and its outcome set follows pilot membership and the year-2 choice.
        lifecycle.register(outcome_set_follow)
