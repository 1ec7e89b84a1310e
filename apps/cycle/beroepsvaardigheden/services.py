"""Placing the student on the complexe beroepsvaardigheden table (the phase rubric), in the
student's or the werkplekbegeleider's column, at the three moments."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.cycle.models import CbvMoment, CbvPerspective, CbvPlacement
from apps.rubrics.services import RubricError, phase_rubric


@dataclass(frozen=True)
class PhaseChoice:
    level_id: int
    note: str = ""


@transaction.atomic
def cbv_place(
    *,
    by: User,
    placement,
    moment: CbvMoment,
    perspective: CbvPerspective,
    choices: dict[int, PhaseChoice],
) -> int:
    """Place the student of `placement` on every dimension of the complexe
    beroepsvaardigheden table at `moment`, in the student's or the werkplekbegeleider's column.

    The student writes the student's column; the werkplekbegeleider (or the schoolopleider in
    their place) the mentor's. Each dimension needs a phase; a note is optional. Placing again
    at the same moment replaces the earlier choice (the history keeps it). Returns the number
    of dimensions placed."""
    if perspective == CbvPerspective.STUDENT and not placement.is_student(by):
        raise RubricError(_("Alleen de student vult de kolom van de student in."))
    if perspective == CbvPerspective.MENTOR and not placement.is_assessor(by):
        raise RubricError(
            _("Alleen de werkplekbegeleider of de schoolopleider vult deze kolom in.")
        )
    if moment not in CbvMoment.values:
        raise RubricError(_("Onbekend moment."))
    rubric = phase_rubric()
    dimensions = list(rubric.dimensions.order_by("position"))
    levels = set(rubric.levels.values_list("pk", flat=True))
    if set(choices) != {d.pk for d in dimensions}:
        raise RubricError(_("Kies bij elke dimensie een fase."))
    for dimension in dimensions:
        if choices[dimension.pk].level_id not in levels:
            raise RubricError(
                _("Kies bij ‘%(name)s’ een fase uit de tabel.") % {"name": dimension.name}
            )
    existing = {
        row.dimension_id: row
        for row in CbvPlacement.objects.select_for_update().filter(
            placement=placement, moment=moment, perspective=perspective
        )
    }
    now = timezone.now()
    for dimension in dimensions:
        choice = choices[dimension.pk]
        row = existing.get(dimension.pk) or CbvPlacement(
            placement=placement, moment=moment, perspective=perspective, dimension=dimension
        )
        row.level_id = choice.level_id
        row.note = choice.note.strip()
        row.placed_by = by
        row.placed_at = now
        row._history_user = by
        row.full_clean()
        row.save()
    return len(dimensions)
