"""Writes on rubrics."""

from django.db import transaction

from apps.accounts.models import User
from apps.rubrics.models import Descriptor, Rubric, RubricDimension


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
