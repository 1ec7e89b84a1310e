"""The register of personal data (apps/core/personal_data.py) covers every model that points,
directly or through another personal model, at a person or a placement."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from simple_history.models import HistoricalChanges

from apps.core import personal_data
from apps.placements.models import Placement

ROOTS = ("accounts.User", "placements.Placement")


def owner(model: type[models.Model]) -> type[models.Model]:
    """A history table counts as its model; a many-to-many's hidden table and the history of a
    many-to-many count as the model that declares it."""
    if issubclass(model, HistoricalChanges):
        return model.instance_type
    history = next((f for f in model._meta.fields if f.name == "history" and f.is_relation), None)
    if history is not None and issubclass(history.related_model, HistoricalChanges):
        return history.related_model.instance_type
    return model


def pointing_at(target: type[models.Model]):
    """(model, field) for every foreign key, one-to-one or many-to-many that points at
    `target`. `history_user` (who made a change, on every history table) is left out: the
    history of a personal model is covered by its entry; that of reference data only names
    the member of staff who edited it."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and field.related_model is target
                and field.name != "history_user"
            ):
                yield owner(model), field


def walk() -> dict[str, str]:
    """Every model reached from a person or a placement: label -> how it was reached."""
    registered = {e.label: e for e in personal_data.entries()}
    reached: dict[str, str] = {}
    todo = [apps.get_model(label) for label in ROOTS]
    while todo:
        target = todo.pop()
        for model, field in pointing_at(target):
            label = model._meta.label
            if label in reached or model._meta.auto_created:
                continue
            reached[label] = f"{field.model._meta.label}.{field.name} → {target._meta.label}"
            entry = registered.get(label)
            if entry is None or entry.personal:
                todo.append(model)
    return reached


def test_every_model_related_to_a_person_or_placement_is_in_the_register(db):
    registered = {e.label for e in personal_data.entries()}
    missing = {label: how for label, how in walk().items() if label not in registered}
    assert not missing, "Geen regel in het register persoonsgegevens voor:\n" + "\n".join(
        f"- {label} (via {how}): voeg één regel toe aan personal_data.py van de app, "
        f"bv. register({label!r}, placement='…', export='…', dossier=Not('…'))"
        for label, how in sorted(missing.items())
    )


def test_the_walk_names_the_model_that_lacks_an_entry(db, monkeypatch):
    personal_data.entries()
    without = {k: v for k, v in personal_data._entries.items() if k != "cycle.GuidanceComment"}
    monkeypatch.setattr(personal_data, "_entries", without)
    reached = walk()
    assert "cycle.GuidanceComment" in reached and "cycle.GuidanceComment" not in without


def test_every_lookup_in_the_register_reaches_its_placement_or_person():
    user = get_user_model()
    for entry in personal_data.entries():
        for path, target in ((entry.placement, Placement), (entry.person, user)):
            if not path:
                continue
            model = entry.model
            if path != "pk":
                for step in path.split("__"):
                    model = model._meta.get_field(step).related_model
            assert model is target, f"{entry.label}: {path} leidt naar {model}, niet {target}"


def test_every_entry_says_what_happens_or_why_not():
    for entry in personal_data.entries():
        for value in (entry.export, entry.purge, entry.dossier):
            assert value or (isinstance(value, personal_data.Not) and value.reason), entry


def test_a_placement_entry_is_purged_with_its_placement_and_the_deepest_first():
    depths = [e.depth for e in personal_data.placement_entries()]
    assert depths == sorted(depths, reverse=True) and depths[-1] == 0


def test_every_readable_lookup_of_an_export_resolves(db):
    for entry in personal_data.entries():
        if entry.also:
            entry.model._default_manager.values(*entry.also).first()
