"""Reads of lesson observations, each in a fixed number of queries whatever the count."""

from django.db.models import Exists, Prefetch, Q, QuerySet, Subquery

from apps.cycle.models import (
    FormState,
    FormVersion,
    Observation,
    ObservationInstrument,
    ObservedIndicator,
)
from apps.outcomes.models import KijkkaderDimension
from apps.placements.models import Placement, PlacementOutcome, outcome_order


def seen_choices(
    placement: Placement, instrument: ObservationInstrument
) -> list[tuple[PlacementOutcome, list[tuple[str, str]]]]:
    """Per outcome of the placement what an observer can tick: with the kijkkaders every
    indicator of the outcome's kijkkader except the indicative dimensions ("i<id>"), with an
    own instrument its items for that outcome's code ("t<id>"). Three queries."""
    outcomes = list(
        placement.outcomes.select_related("outcome", "subject_outcome")
        .prefetch_related(
            Prefetch(
                "outcome__dimensions",
                queryset=KijkkaderDimension.objects.prefetch_related("indicators"),
            )
        )
        .order_by(*outcome_order())
    )
    if instrument.uses_kijkkaders:
        choices = [
            (
                po,
                [
                    (f"i{indicator.pk}", indicator.text)
                    for dimension in (po.outcome.dimensions.all() if po.outcome else [])
                    if not dimension.is_indicative
                    for indicator in dimension.indicators.all()
                ],
            )
            for po in outcomes
        ]
    else:
        items = list(instrument.items.all())
        choices = [
            (
                po,
                [
                    (f"t{item.pk}", f"{item.section}: {item.text}")
                    for item in items
                    if po.outcome is not None and item.outcome_code == po.outcome.code
                ],
            )
            for po in outcomes
        ]
    return [(po, options) for po, options in choices if options]


def observations_of_placement(placement: Placement) -> QuerySet[Observation]:
    """The placement's observations, newest first, with what was seen (two queries)."""
    return (
        placement.observations.select_related("observer", "instrument", "request")
        .prefetch_related(
            Prefetch(
                "seen",
                queryset=ObservedIndicator.objects.select_related(
                    "placement_outcome__outcome",
                    "placement_outcome__subject_outcome",
                    "indicator",
                    "item",
                ),
            )
        )
        .order_by("-observed_on", "-id")
    )


def observed_for_form(version: FormVersion) -> dict[int, list[ObservedIndicator]]:
    """Per placement outcome the kijkkader indicators seen in the observations recorded since
    the placement's previous form was sent (the latest sent version of another form; all
    observations for the first form), with who, when and the example. One query."""
    previous = (
        FormVersion.objects.filter(
            form__conversation__placement_id=version.form.conversation.placement_id,
            state=FormState.SENT,
        )
        .exclude(form_id=version.form_id)
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    marks = (
        ObservedIndicator.objects.filter(
            observation__placement_id=version.form.conversation.placement_id,
            indicator__isnull=False,
        )
        .filter(Q(observation__created_at__gt=Subquery(previous)) | ~Exists(previous))
        .select_related("observation__observer", "indicator")
        .order_by("observation__observed_on", "observation_id", "id")
    )
    by_outcome: dict[int, list[ObservedIndicator]] = {}
    for mark in marks:
        by_outcome.setdefault(mark.placement_outcome_id, []).append(mark)
    return by_outcome


def observations_of_version(version: FormVersion) -> list[Observation]:
    """The observations a form version rests on (one query)."""
    return list(
        Observation.objects.filter(form_links__version=version)
        .select_related("observer")
        .order_by("observed_on", "id")
    )
