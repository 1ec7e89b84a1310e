"""What evidence can hang on: one entry per target. Adding a target is one entry here, plus
its foreign key on Evidence (apps/cycle/models/evidence.py) and a migration.

Each target names its URL slug, the foreign key on Evidence, its model, the path from it to
its placement and to its learning outcome (None: the student picks one), when it still
takes evidence (`open`, a filter on the target), where its page is and the related rows its
page needs. Optional:

- `outcomes`: the path from the target to the several outcomes it concerns (a lesson
  observation: the outcomes of the indicators seen). The student picks none; the overview
  per outcome shows the evidence under each of them.
- `visible`: the target's own access rule (person -> the targets they may see), when the
  target's feature has one: the evidence on it is seen by exactly those who see the target.
  Without it, whoever sees the placement sees the target.
- `where`: how the target is named beside its evidence (overview, export, dossier).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from apps.cycle.models import FormEntry, FormState, GuidanceLog, LeerplanGoal, Observation
from apps.cycle.observations.access import observations_visible_to


@dataclass(frozen=True)
class Target:
    field: str
    model: type
    placement: str
    outcome: str | None
    open: Q
    page: Callable[[object], str]
    related: tuple[str, ...] = ()
    outcomes: str | None = None
    visible: Callable[[object], QuerySet] | None = None
    where: Callable[[object], str] = lambda obj: str(obj)

    @property
    def student_picks_outcome(self) -> bool:
        """Whether the attach form asks the student for an outcome: only when the target
        names none itself."""
        return self.outcome is None and self.outcomes is None


TARGETS: dict[str, Target] = {
    "logboek": Target(
        "log",
        GuidanceLog,
        "conversation__placement",
        None,
        Q(),
        lambda log: reverse("cycle:log", args=[log.pk]),
        ("conversation",),
        where=lambda log: (
            _("logboek, begeleidingsgesprek %(n)s") % {"n": log.conversation.sequence}
        ),
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
        where=lambda goal: _("leerdoel"),
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
        where=lambda entry: _("zelfreflectie"),
    ),
    # A lesson observation of the student's lesson: the student adds the lesson plan, a photo
    # of the board, a clip. Its evidence is seen by whoever sees the observation, and shows
    # under every outcome the observation saw indicators of.
    "lesbezoek": Target(
        "observation",
        Observation,
        "placement",
        None,
        Q(),
        lambda observation: reverse("cycle:observation", args=[observation.pk]) + "#bewijs",
        outcomes="seen__placement_outcome",
        visible=observations_visible_to,
        where=lambda observation: (
            _("lesbezoek van %(date)s")
            % {"date": formats.date_format(observation.observed_on, "j F Y")}
        ),
    ),
}
BY_FIELD = {target.field: (slug, target) for slug, target in TARGETS.items()}


def target_of(evidence) -> tuple[str, Target]:
    """The slug and registry entry of the target a piece of evidence hangs on."""
    for field, (slug, target) in BY_FIELD.items():
        if getattr(evidence, f"{field}_id"):
            return slug, target
    raise ValueError("evidence without a target")


def where(evidence) -> str:
    """How the target of a piece of evidence is named beside it (its target joined in:
    EVIDENCE_RELATED)."""
    _slug, target = target_of(evidence)
    return target.where(getattr(evidence, target.field))
