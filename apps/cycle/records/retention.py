"""How long a placement's records are kept, and removing them when that time is over.

A placement whose eindbeoordeling judged an outcome at final level (eindniveau) is kept
RETENTION_YEARS_FINAL years after its last period ends (7 by default); every other placement
RETENTION_YEARS_OTHER years (2 by default). Both come from the environment.
"""

from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, FileField, Max, OuterRef, QuerySet

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.core import personal_data
from apps.cycle.evidence.personal_data import evidence_purge
from apps.cycle.feedback.integrity import PURGED_ACTION
from apps.cycle.models import DossierJob, FormEntry, FormState, FormVersion, PurgeAllowance
from apps.placements.models import Placement


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


def _files_delete(model, ids: set) -> None:
    """Remove the stored files (form PDFs, dossiers) of the rows about to be deleted, once
    the purge has committed (a purge that fails keeps its files)."""
    file_fields = [f.name for f in model._meta.fields if isinstance(f, FileField)]
    for name in file_fields:
        rows = model._default_manager.filter(pk__in=ids).exclude(**{name: ""}).only("pk", name)
        for stored in [getattr(row, name) for row in rows]:
            transaction.on_commit(partial(stored.storage.delete, stored.name))


@transaction.atomic
def placement_purge(*, by: User | None, placement: Placement) -> None:
    """Remove a placement with everything recorded about it, including its history: every
    model that the register of personal data (apps/core/personal_data.py) has a lookup to
    the placement for, deepest first, and then the history of every row that ever belonged
    to it."""
    pk = placement.pk
    plan = [
        (entry.model, personal_data.ids_reaching(entry.model, entry.placement, {pk}))
        for entry in personal_data.placement_entries()
    ]
    # The "all placements" dossiers of the student hold this placement too; they are made
    # again on request, without it.
    dossiers = DossierJob.objects.filter(placement__isnull=True, student_id=placement.student_id)
    plan.insert(0, (DossierJob, set(dossiers.values_list("pk", flat=True))))
    evidence_purge(pk)  # the rows now, the files once this commits
    allowance = PurgeAllowance.objects.create(reason=f"bewaartermijn stage {pk}")
    for model, ids in plan:
        _files_delete(model, ids)
        model._default_manager.filter(pk__in=ids).delete()
    allowance.delete()
    for model, ids in plan:
        personal_data.history_purge(model, ids)
    # The ids of its form versions, so verify_integrity knows they did not just disappear.
    versions = next((ids for model, ids in plan if model is FormVersion), set())
    audit_record(
        actor=by,
        action=PURGED_ACTION,
        detail={"placement": pk, "formulierversies": sorted(versions)},
    )
