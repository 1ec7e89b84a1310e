"""The cycle's part in creating many placements at once (the import of a year).

`placements_follow_many` does for a batch of new placements exactly what `placement_follow`
(`conversations_plan` and `form_version_start`) does for one: the main conversations on the
dates the planning rule gives, and for the tussenevaluatie and eindbeoordeling a form with a
first working version holding one entry per outcome of the placement. It writes in bulk, in a
fixed number of queries however many placements there are, with the same history rows. It is
registered with `apps.placements.lifecycle` next to `placement_follow` (CycleConfig.ready).

"""

from django.db import transaction
from django.db.models import prefetch_related_objects
from simple_history.utils import bulk_create_with_history

from apps.accounts.models import User
from apps.cycle.conversations.selectors import planned_dates_for
from apps.cycle.models import (
    FORM_KINDS,
    Conversation,
    FeedbackForm,
    FormEntry,
    FormVersion,
    PlanningRule,
)
from apps.placements.models import Placement, PlacementOutcome


@transaction.atomic
def placements_follow_many(*, by: User | None, placements: list[Placement]) -> None:
    """Plan the conversations and forms of `placements`, all new (see the module docstring).
    About ten queries, plus one per thousand rows written."""
    prefetch_related_objects(placements, "periods")
    rules = list(PlanningRule.objects.all())
    conversations = [
        Conversation(placement=placement, kind=kind, planned_date=when)
        for placement in placements
        for kind, when in planned_dates_for(placement, rules).items()
    ]
    conversations = bulk_create_with_history(
        conversations, Conversation, batch_size=1000, default_user=by
    )
    forms = FeedbackForm.objects.bulk_create(
        [FeedbackForm(conversation=c) for c in conversations if c.kind in FORM_KINDS],
        batch_size=1000,
    )
    versions = bulk_create_with_history(
        [FormVersion(form=form, number=1) for form in forms],
        FormVersion,
        batch_size=1000,
        default_user=by,
    )
    outcomes: dict[int, list[PlacementOutcome]] = {}
    for outcome in PlacementOutcome.objects.filter(placement__in=placements):
        outcomes.setdefault(outcome.placement_id, []).append(outcome)
    FormEntry.objects.bulk_create(
        [
            FormEntry(version=version, placement_outcome=outcome)
            for version in versions
            for outcome in outcomes.get(version.form.conversation.placement_id, [])
        ],
        batch_size=1000,
    )
