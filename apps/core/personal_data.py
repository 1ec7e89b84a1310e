"""One register of what belongs to a person and a placement.

Every model that holds personal data or data about a placement has one entry here, with its
history table (django-simple-history) included. The entry says
- how it is found: `placement`, the lookup from the model to the placement it belongs to, and
  `person`, the lookup to the person it is about;
- how it is exported in the student export (`export`: the section's name);
- how it is purged when the placement's retention ends (`purge`: with the placement, when it
  has a `placement` lookup; otherwise `Not(reason)`);
- where the dossier shows it (`dossier`: the part's name).
Anything left out is left out on purpose: `Not("why")`.

Apps register their own models in a `personal_data.py` module of the app, one line each:

    register("cycle.GuidanceLog", placement="conversation__placement", export="logboek",
             dossier=Not("werkdocument van de student"))

The register is loaded (every app's `personal_data` module) on first use. Purge
(apps/cycle/records/retention.py), the student export (apps/cycle/records/export.py) and the
dossier (apps/cycle/records/dossier.py) read it; tests/core/test_personal_data.py walks every
model related to a person or a placement and fails when one has no entry.

This module knows no domain model: entries name models by label.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Not:
    """Deliberately not exported, purged or shown, and why."""

    reason: str

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Entry:
    label: str
    placement: str = ""
    person: str = ""
    export: str | Not = ""
    purge: str | Not = ""
    dossier: str | Not = ""
    exclude: tuple[str, ...] = field(default=())
    also: tuple[str, ...] = field(default=())

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def personal(self) -> bool:
        """Whether the model holds personal or placement data (and relations onward count)."""
        return bool(self.placement or self.person or self.export or self.purge)

    @property
    def depth(self) -> int:
        """How far the model is from its placement: the purge removes the deepest first, so
        nothing that protects a row is left when that row goes."""
        return 0 if self.placement == "pk" else self.placement.count("__") + 1


PURGED_WITH_PLACEMENT = "met de stage"

_entries: dict[str, Entry] = {}


def register(
    label: str,
    *,
    placement: str = "",
    person: str = "",
    export: str | Not = "",
    purge: str | Not = "",
    dossier: str | Not = "",
    exclude: Iterable[str] = (),
    also: Iterable[str] = (),
) -> Entry:
    """Add one model to the register (see the module docstring). A model with a `placement`
    lookup is purged with its placement unless `purge` says otherwise; every other entry must
    say what happens to it. `exclude` names fields never exported (secrets); `also` adds
    lookups that make the export readable (such as "school__name")."""
    if label in _entries:
        raise ValueError(f"{label} staat al in het register persoonsgegevens")
    if placement and not purge:
        purge = PURGED_WITH_PLACEMENT
    for what, value in (("export", export), ("purge", purge), ("dossier", dossier)):
        if value == "":
            raise ValueError(f"{label}: zeg hoe '{what}' gaat, of Not('waarom niet')")
    entry = Entry(label, placement, person, export, purge, dossier, tuple(exclude), tuple(also))
    _entries[label] = entry
    return entry


def not_personal(label: str, reason: str) -> Entry:
    """A model that points at a person or placement but holds no personal data of its own
    (reference data, configuration): named so the walk knows, and not walked further."""
    why = Not(reason)
    return register(label, export=why, purge=why, dossier=why)


@cache
def _load() -> None:
    autodiscover_modules("personal_data")


def entries() -> list[Entry]:
    _load()
    return list(_entries.values())


def entry_of(model: type[models.Model]) -> Entry:
    """The entry of a model; KeyError when it has none."""
    _load()
    return _entries[model._meta.label]


def placement_entries() -> list[Entry]:
    """Everything recorded per placement, deepest first (the order a purge deletes in)."""
    return sorted((e for e in entries() if e.placement), key=lambda e: -e.depth)


def history_of(model: type[models.Model]):
    """The history manager of a model with django-simple-history, else None."""
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def ids_reaching(model: type[models.Model], path: str, root_ids: set) -> set:
    """The ids of every row of `model` that reaches one of `root_ids` by the lookup `path`,
    now or in the past: rows that were deleted earlier but left history rows count too, so
    that a purge finds their history. Two queries per step of the path."""
    if path == "pk":
        attname, target_ids = model._meta.pk.attname, set(root_ids)
    else:
        first, _, rest = path.partition("__")
        fk = model._meta.get_field(first)
        target_ids = ids_reaching(fk.related_model, rest, root_ids) if rest else set(root_ids)
        attname = fk.attname
    if not target_ids:
        return set()
    lookup = {f"{attname}__in": target_ids}
    found = set(model._default_manager.filter(**lookup).values_list("pk", flat=True))
    history = history_of(model)
    if history is not None:
        pk_name = model._meta.pk.attname
        found |= set(history.filter(**lookup).values_list(pk_name, flat=True).distinct())
    return found


def history_purge(model: type[models.Model], ids: set) -> int:
    """Delete the history of the rows `ids` of `model`, with the history of its many-to-many
    fields (whose rows point at a history row without a cascade)."""
    history = history_of(model)
    if history is None or not ids:
        return 0
    rows = history.filter(**{f"{model._meta.pk.attname}__in": ids})
    for rel in history.model._meta.related_objects:
        rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": rows}).delete()
    deleted, _ = rows.delete()
    return deleted
