"""Writes on rubrics."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.rubrics.models import (
    CbvMoment,
    CbvPerspective,
    CbvPlacement,
    Descriptor,
    HeatmapConsent,
    Rubric,
    RubricDimension,
    RubricKind,
    RubricRole,
    SelfAssessment,
    SelfAssessmentRating,
)

STAFF_ROLES = (Role.WERKPLEKBEGELEIDER, Role.SCHOOLOPLEIDER, Role.INSTITUUTSOPLEIDER)
# An example is concrete when it tells what happened; a few words ("gaat wel goed") do not.
MIN_EXAMPLE_LENGTH = 20
PHASE_TABLE_SLUG = "complexe-beroepsvaardigheden"


class RubricError(Exception):
    """A domain error with a message that can be shown to the user."""


@transaction.atomic
def rubric_update_cells(*, by: User, rubric: Rubric, cells: dict[tuple[int, int], str]) -> int:
    """Correct descriptor texts of a rubric in one go: {(dimension_id, level_id): text}.

    Cells of another rubric are refused; an empty cell is refused (every dimension has a
    descriptor at every level). Returns the number of cells changed; history keeps who.
    """
    dimensions = set(rubric.dimensions.values_list("pk", flat=True))
    levels = set(rubric.levels.values_list("pk", flat=True))
    for (dimension_id, level_id), text in cells.items():
        if dimension_id not in dimensions or level_id not in levels:
            raise RubricError("Een cel hoort niet bij deze rubric.")
        if not text.strip():
            raise RubricError("Een cel mag niet leeg zijn.")
    existing = {
        (d.dimension_id, d.level_id): d for d in Descriptor.objects.filter(dimension__rubric=rubric)
    }
    changed = 0
    for key, text in cells.items():
        descriptor = existing.get(key) or Descriptor(dimension_id=key[0], level_id=key[1])
        if descriptor.pk and descriptor.text == text.strip():
            continue
        descriptor.text = text.strip()
        descriptor._history_user = by
        descriptor.full_clean()
        descriptor.save()
        changed += 1
    return changed


def rubric_grid(rubric: Rubric) -> list[dict]:
    """The rubric as rows for a grid: per dimension (grouped by role) its cell per level."""
    levels = list(rubric.levels.all())
    cells = {
        (d.dimension_id, d.level_id): d.text
        for d in Descriptor.objects.filter(dimension__rubric=rubric)
    }
    rows = []
    for dimension in RubricDimension.objects.filter(rubric=rubric).select_related("role"):
        rows.append(
            {
                "dimension": dimension,
                "role": dimension.role,
                "cells": [
                    {"level": level, "text": cells.get((dimension.pk, level.pk), "")}
                    for level in levels
                ],
            }
        )
    return rows


def is_staff_member(user: User) -> bool:
    """Werkplekbegeleiders, schoolopleiders and instituutsopleiders take role rubrics as a
    self-assessment."""
    return user.is_authenticated and any(user.has_role(role) for role in STAFF_ROLES)


@dataclass(frozen=True)
class Rating:
    """What a person fills in for one dimension of a role."""

    current_level_id: int
    example: str
    target_level_id: int


@transaction.atomic
def self_assessment_create(
    *, by: User, role: RubricRole, ratings: dict[int, Rating]
) -> SelfAssessment:
    """Save a dated self-assessment of `by` on `role`: per dimension of the role the current
    level with a concrete example and the target level, all required. The target is never
    below the current level. A saved self-assessment is never changed; a new moment is a new
    one. Raises RubricError with a message for the person."""
    if not is_staff_member(by):
        raise RubricError("Alleen begeleiders en opleiders vullen een rolrubric in.")
    if role.rubric.kind != RubricKind.ROLE:
        raise RubricError("Kies een rol uit een rolrubric.")
    dimensions = list(role.dimensions.order_by("position"))
    levels = {level.pk: level for level in role.rubric.levels.all()}
    if set(ratings) != {d.pk for d in dimensions}:
        raise RubricError("Vul elke dimensie van deze rol in.")
    for dimension in dimensions:
        rating = ratings[dimension.pk]
        current = levels.get(rating.current_level_id)
        target = levels.get(rating.target_level_id)
        if current is None or target is None:
            raise RubricError(f"Kies bij ‘{dimension.name}’ een niveau uit deze rubric.")
        if len(rating.example.strip()) < MIN_EXAMPLE_LENGTH:
            raise RubricError(f"Geef bij ‘{dimension.name}’ een concreet voorbeeld.")
        if target.position < current.position:
            raise RubricError(f"Het streefniveau bij ‘{dimension.name}’ ligt onder je huidige.")
    assessment = SelfAssessment(person=by, role=role)
    assessment.full_clean()
    assessment.save()
    rows = [
        SelfAssessmentRating(
            assessment=assessment,
            dimension=dimension,
            current_level_id=ratings[dimension.pk].current_level_id,
            example=ratings[dimension.pk].example.strip(),
            target_level_id=ratings[dimension.pk].target_level_id,
        )
        for dimension in dimensions
    ]
    for row in rows:
        row.full_clean(exclude=["assessment"])
    SelfAssessmentRating.objects.bulk_create(rows)
    return assessment


@transaction.atomic
def heatmap_consent_set(*, by: User, given: bool) -> HeatmapConsent:
    """Give or withdraw consent to show `by`'s name in a schoolopleider's team heatmap. The
    history keeps who changed it and when."""
    consent = HeatmapConsent.objects.select_for_update().filter(
        person=by
    ).first() or HeatmapConsent(person=by)
    consent.given = given
    consent.changed_at = timezone.now()
    consent._history_user = by
    consent.full_clean()
    consent.save()
    return consent


def phase_rubric() -> Rubric:
    """The complexe beroepsvaardigheden table: the seeded one (the slug the leerplan uses too),
    otherwise the newest phase table."""
    seeded = ExpressionWrapper(Q(slug=PHASE_TABLE_SLUG), output_field=BooleanField())
    rubric = (
        Rubric.objects.filter(kind=RubricKind.PHASES)
        .annotate(seeded=seeded)
        .order_by("-seeded", "-pk")
        .first()
    )
    if rubric is None:
        raise RubricError("De tabel complexe beroepsvaardigheden is nog niet geladen.")
    return rubric


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
        raise RubricError("Alleen de student vult de kolom van de student in.")
    if perspective == CbvPerspective.MENTOR and not placement.is_assessor(by):
        raise RubricError("Alleen de werkplekbegeleider of de schoolopleider vult deze kolom in.")
    if moment not in CbvMoment.values:
        raise RubricError("Onbekend moment.")
    rubric = phase_rubric()
    dimensions = list(rubric.dimensions.order_by("position"))
    levels = set(rubric.levels.values_list("pk", flat=True))
    if set(choices) != {d.pk for d in dimensions}:
        raise RubricError("Kies bij elke dimensie een fase.")
    for dimension in dimensions:
        if choices[dimension.pk].level_id not in levels:
            raise RubricError(f"Kies bij ‘{dimension.name}’ een fase uit de tabel.")
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
