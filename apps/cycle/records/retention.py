"""How long a placement's records are kept, and removing them when that time is over.

A placement whose eindbeoordeling judged an outcome at final level (eindniveau) is kept
RETENTION_YEARS_FINAL years after its last period ends (7 by default); every other placement
RETENTION_YEARS_OTHER years (2 by default). Both come from the environment.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.cycle.models import (
    Conversation,
    Disagreement,
    DossierJob,
    FormEntry,
    FormState,
    FormVersion,
    KennismakingRecord,
    Leerplan,
    LeerplanGoal,
    Observation,
    ObservationRequest,
    PurgeAllowance,
)
from apps.placements.models import Placement, PlacementOutcome


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def with_retention_facts(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """Annotate each placement with its last day and whether it had a final-level judgement."""
    final_level = FormEntry.objects.filter(
        version__form__conversation__placement=OuterRef("pk"),
        version__state=FormState.SENT,
        placement_outcome__outcome__level__iexact="eindniveau",
    ).exclude(judgement="")
    return placements.annotate(last_day=Max("periods__end"), final_level=Exists(final_level))


def retention_end(placement) -> date | None:
    """The day after which the placement may be removed (needs `with_retention_facts`)."""
    if placement.last_day is None:
        return None
    final = placement.final_level
    years = settings.RETENTION_YEARS_FINAL if final else settings.RETENTION_YEARS_OTHER
    return add_years(placement.last_day, years)


def expired_placements(today: date) -> list[Placement]:
    """Placements whose retention period is over on `today`."""
    rows = with_retention_facts(Placement.objects.select_related("student__user", "school"))
    return [p for p in rows if (end := retention_end(p)) is not None and end < today]


@transaction.atomic
def placement_purge(*, by: User | None, placement: Placement) -> None:
    """Remove a placement with everything recorded about it, including its history."""
    pk = placement.pk
    versions = list(
        FormVersion.objects.filter(form__conversation__placement_id=pk).values_list("pk", flat=True)
    )
    leerplannen = list(Leerplan.objects.filter(placement_id=pk).values_list("pk", flat=True))
    for version in FormVersion.objects.filter(pk__in=versions).exclude(pdf=""):
        version.pdf.delete(save=False)
    # Dossiers that hold this placement: its own, and every "all placements" dossier of the
    # student (those are made again on request, without it).
    dossiers = DossierJob.objects.filter(
        Q(placement_id=pk) | Q(placement__isnull=True, student_id=placement.student_id)
    )
    for job in dossiers.exclude(file=""):
        job.file.delete(save=False)
    dossiers.delete()
    observations = Observation.objects.filter(placement_id=pk)
    observation_ids = list(observations.values_list("pk", flat=True))
    for observation in observations.exclude(lesson_plan=""):
        observation.lesson_plan.delete(save=False)
    allowance = PurgeAllowance.objects.create(reason=f"bewaartermijn stage {pk}")
    # Children first: form entries and leerplan goals protect the placement's outcomes.
    Disagreement.objects.filter(entry__version_id__in=versions).delete()
    Conversation.objects.filter(placement_id=pk).delete()
    Leerplan.objects.filter(placement_id=pk).delete()
    # After the forms (which rest on observations); what was seen protects the outcomes.
    Observation.objects.filter(pk__in=observation_ids).delete()
    Placement.objects.filter(pk=pk).delete()
    allowance.delete()
    FormEntry.history.filter(version_id__in=versions).delete()
    FormVersion.history.filter(id__in=versions).delete()
    for model in (
        Conversation,
        KennismakingRecord,
        Leerplan,
        PlacementOutcome,
        Observation,
        ObservationRequest,
    ):
        model.history.filter(placement_id=pk).delete()
    LeerplanGoal.history.filter(leerplan_id__in=leerplannen).delete()
    Placement.history.filter(id=pk).delete()
    audit_record(actor=by, action="placement.purged", detail={"placement": pk})
