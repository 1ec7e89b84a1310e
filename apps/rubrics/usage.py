"""Is a piece of seed content in use? Found by walking the relations that point at it.

Rubrics and learning outcomes are referenced from other apps (leerplan goal phases, placement
outcomes, indicators seen on a form, and whatever is added later). Rather than keep a list
that goes stale, every foreign key or many-to-many from a model of another app counts as use;
history tables do not, and neither do relations named as configuration (a programme's default
set is a choice for future placements, not a use of the outcome).
"""

from django.db import models
from simple_history.models import HistoricalChanges


def references(
    model: type[models.Model], own_app: str, *, ignore: frozenset[str] = frozenset()
) -> list[tuple[type[models.Model], str]]:
    """(other model, field name on it) for every relation from outside `own_app` to `model`.
    `ignore` holds model labels ("placements.Programme") whose relations are configuration."""
    found = []
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        other = rel.related_model
        if (
            other._meta.app_label == own_app
            or other._meta.auto_created  # the hidden through table of a many-to-many
            or issubclass(other, HistoricalChanges)
            or other._meta.label in ignore
        ):
            continue
        found.append((other, rel.field.name))
    return found


def referenced_values(
    targets: list[tuple[type[models.Model], str]], own_app: str, **ignore
) -> set[int]:
    """The ids (reached by each target's lookup path) that something outside points at: one
    query per relation, whatever the number of rows. `targets` is [(model, path to the id)]."""
    ids: set[int] = set()
    for target, path in targets:
        for other, field in references(target, own_app, **ignore):
            lookup = f"{field}__{path}"
            ids |= set(
                other.objects.filter(**{f"{lookup}__isnull": False})
                .values_list(lookup, flat=True)
                .distinct()
            )
    return ids


def is_referenced(
    targets: list[tuple[type[models.Model], str]], own_app: str, value: int, **ignore
) -> bool:
    """Whether anything outside `own_app` points at the object whose id `value` each target
    reaches by its path: one EXISTS query per relation, stopping at the first hit."""
    for target, path in targets:
        for other, field in references(target, own_app, **ignore):
            if other.objects.filter(**{f"{field}__{path}": value}).exists():
                return True
    return False
