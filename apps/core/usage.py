"""Is a piece of versioned reference data in use? Found by walking the relations that point at it.

Rubrics and learning outcomes are referenced from all over the application (leerplan goal
phases, placement outcomes, indicators seen on a form, self-assessments, and whatever is added
later). Rather than keep a list that goes stale, every foreign key or many-to-many that points
at one of the object's parts counts as use, from whatever app it comes. What does not count:
- the object's own structure (its parts pointing at each other, and the link from a newer
  version to the one before: the `targets` themselves);
- history tables;
- relations named as configuration (a programme's default set is a choice for future
  placements, not a use of the outcome).
"""

from django.db import models
from simple_history.models import HistoricalChanges

Targets = list[tuple[type[models.Model], str]]


def references(
    model: type[models.Model],
    structure: frozenset[type[models.Model]],
    *,
    ignore: frozenset[str] = frozenset(),
) -> list[tuple[type[models.Model], str]]:
    """(other model, field name on it) for every relation to `model` that is a use: not from
    one of the `structure` models, a history table, a many-to-many's hidden through table or a
    model named in `ignore` (model labels such as "placements.Programme": configuration)."""
    found = []
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        other = rel.related_model
        if (
            other in structure
            or other._meta.auto_created  # the hidden through table of a many-to-many
            or issubclass(other, HistoricalChanges)
            or other._meta.label in ignore
        ):
            continue
        found.append((other, rel.field.name))
    return found


def _relations(targets: Targets, ignore: frozenset[str]):
    """(other model, lookup from it to the object's id) for every use of every part."""
    structure = frozenset(model for model, _path in targets)
    for target, path in targets:
        for other, field in references(target, structure, ignore=ignore):
            yield other, f"{field}__{path}"


def referenced_values(targets: Targets, *, ignore: frozenset[str] = frozenset()) -> set[int]:
    """The ids (reached by each target's lookup path) that something points at: one query per
    relation, whatever the number of rows. `targets` is [(part model, path to the object's id)],
    e.g. [(Rubric, "id"), (RubricDimension, "rubric"), (Descriptor, "dimension__rubric")]."""
    ids: set[int] = set()
    for other, lookup in _relations(targets, ignore):
        ids |= set(
            other.objects.filter(**{f"{lookup}__isnull": False})
            .values_list(lookup, flat=True)
            .distinct()
        )
    return ids


def is_referenced(targets: Targets, value: int, *, ignore: frozenset[str] = frozenset()) -> bool:
    """Whether anything points at the object whose id `value` each target reaches by its path:
    one EXISTS query per relation, stopping at the first hit."""
    return any(
        other.objects.filter(**{lookup: value}).exists()
        for other, lookup in _relations(targets, ignore)
    )
