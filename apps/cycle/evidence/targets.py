"""What evidence can hang on: one entry per target. Adding a target (a lesson observation)
is one line here, plus its foreign key on Evidence (apps/cycle/models/evidence.py).

Each target names its URL slug, the foreign key on Evidence, its model, the path from it to
its placement and to its learning outcome (None: the student picks one), when it still
takes evidence (`open`, a filter on the target) and where its page is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from apps.cycle.models import FormEntry, FormState, GuidanceLog, LeerplanGoal


@dataclass(frozen=True)
class Target:
    field: str
    model: type
    placement: str
    outcome: str | None
    open: Q
    page: Callable[[object], str]
    related: tuple[str, ...] = ()


TARGETS: dict[str, Target] = {
    "logboek": Target(
        "log",
        GuidanceLog,
        "conversation__placement",
        None,
        Q(),
        lambda log: reverse("cycle:log", args=[log.pk]),
        ("conversation",),
    ),
    "leerdoel": Target(
        "goal",
        LeerplanGoal,
        "leerplan__placement",
        "placement_outcome",
        Q(),
        lambda goal: (
            reverse("cycle:leerplan", args=[goal.leerplan.placement_id])
            + f"#lu-{goal.placement_outcome_id}"
        ),
        ("leerplan",),
    ),
    # A self-reflection takes evidence while the student may still write it (a draft).
    "reflectie": Target(
        "entry",
        FormEntry,
        "version__form__conversation__placement",
        "placement_outcome",
        Q(version__state=FormState.DRAFT),
        lambda entry: reverse("cycle:form", args=[entry.version_id]) + f"#o{entry.pk}",
        ("version",),
    ),
}
BY_FIELD = {target.field: (slug, target) for slug, target in TARGETS.items()}


def target_of(evidence) -> tuple[str, Target]:
    """The slug and registry entry of the target a piece of evidence hangs on."""
    for field, (slug, target) in BY_FIELD.items():
        if getattr(evidence, f"{field}_id"):
            return slug, target
    raise ValueError("evidence without a target")
