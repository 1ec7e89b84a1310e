"""The apps form layers, and a model may point only down:

    home | demo  →  calibration  →  cycle  →  placements  →  rubrics | outcomes
                                                                →  accounts  →  core

A foreign key, one-to-one or many-to-many (of a model, of its simple-history model and of the
hidden through table of a many-to-many) may point at a model of its own app or of a lower
layer; never up, and never sideways at a sibling of the same layer. String references
("placements.Placement") are invisible to an import contract, hence this test. Targets
outside apps.* (contenttypes, guardian, …) are allowed.
"""

from django.apps import apps

LAYERS = [
    ("home", "demo"),
    ("calibration",),
    ("cycle",),
    ("placements",),
    ("rubrics", "outcomes"),
    ("accounts",),
    ("core",),
]
RANK = {label: len(LAYERS) - n for n, layer in enumerate(LAYERS) for label in layer}


def own_apps() -> list:
    return [config for config in apps.get_app_configs() if config.name.startswith("apps.")]


def allowed(source: str, target: str) -> bool:
    """May a model of app `source` point at a model of app `target` (both app labels)?"""
    if source == target or target not in RANK:
        return True
    return RANK[source] > RANK[target]


def relations():
    """(model label, field name, target label) for every relation a model of ours declares."""
    for config in own_apps():
        for model in config.get_models(include_auto_created=True):
            for field in [*model._meta.fields, *model._meta.many_to_many]:
                if field.is_relation and field.related_model is not None:
                    yield model._meta.label, field.name, field.related_model._meta.label


def test_every_app_of_ours_has_its_layer():
    assert {config.label for config in own_apps()} == set(RANK)


def test_the_rule_forbids_up_and_sideways_and_allows_down():
    assert allowed("cycle", "placements") and allowed("cycle", "accounts")
    assert allowed("placements", "contenttypes") and allowed("rubrics", "rubrics")
    assert not allowed("rubrics", "placements") and not allowed("accounts", "cycle")
    assert not allowed("rubrics", "outcomes") and not allowed("home", "demo")


def test_no_model_points_at_a_higher_layer():
    upward = [
        f"{model}.{field} → {target}"
        for model, field, target in relations()
        if not allowed(model.split(".")[0], target.split(".")[0])
    ]
    assert upward == []


def test_the_walk_sees_history_and_through_tables():
    seen = {model for model, _, _ in relations()}
    assert "cycle.HistoricalConversation" in seen
    assert "cycle.KennismakingRecord_agenda_done" in seen
