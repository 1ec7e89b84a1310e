"""Who may see, add and remove evidence. Outsiders get 404 on every evidence URL; the others
of the triangle may see but not change (403).

The student sees all their evidence. The guides (werkplekbegeleider, schoolopleider,
instituutsopleider, the institute's assessor, the praktijkbureau) see what the student
attached, except evidence on a self-reflection the student has not yet submitted: like the
draft reflection itself, that is still the student's own. Evidence on a target with its own
access rule (a lesson observation: apps/cycle/observations/access.py) is seen by exactly
those who may see that target.

Only the student attaches evidence, also to a lesson observation. Evidence is the student's
portfolio, "what the student chose to attach" (issue 14): it is listed per outcome as theirs,
goes into their export and only they remove it. What the observer brings has its own place
on the observation: the lesson plan they were given is uploaded with the observation
(`Observation.lesson_plan`, checked by content, private and audited on download), and what
they saw is written down as indicators with examples. A second way for the observer to add
files would give the lesson plan two homes and put files in the student's portfolio that
the student neither chose nor can remove.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from apps.cycle.evidence.targets import TARGETS, Target
from apps.cycle.models import Evidence, FormState
from apps.placements.access import placements_visible_to

EVIDENCE_RELATED = (
    "placement__student__user",
    "placement_outcome__outcome",
    "placement_outcome__subject_outcome",
    "entry__version",
    "log__conversation",
    "goal__leerplan",
    "observation",
)


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Evidence this person may see (one query, no per-row checks)."""
    rows = Evidence.objects.filter(placement__in=placements_visible_to(user)).exclude(
        Q(entry__version__state=FormState.DRAFT) & ~Q(placement__student__user_id=user.pk)
    )
    for target in TARGETS.values():
        if target.visible is not None:
            rows = rows.exclude(
                Q(**{f"{target.field}__isnull": False})
                & ~Q(**{f"{target.field}__in": target.visible(user).values("pk")})
            )
    return rows


def evidence_for_user(user, pk: int) -> Evidence:
    """The evidence, or 404 for anyone who may not see it."""
    evidence = evidence_visible_to(user).filter(pk=pk).select_related(*EVIDENCE_RELATED).first()
    if evidence is None:
        raise Http404
    return evidence


def evidence_for_removal(user, pk: int) -> Evidence:
    """The evidence, for its student to remove while its target still takes evidence (404
    for outsiders, 403 for the guides and for a submitted self-reflection)."""
    evidence = evidence_for_user(user, pk)
    if not evidence.placement.is_student(user):
        raise PermissionDenied("Alleen de student verwijdert eigen bewijs.")
    if evidence.entry_id and evidence.entry.version.state != FormState.DRAFT:
        raise PermissionDenied("Deze zelfreflectie is ingediend; het bewijs blijft staan.")
    return evidence


def target_for_user(user, slug: str, pk: int) -> tuple[Target, object]:
    """The target (log week, goal, self-reflection, observation) this person may see, by the
    target's own access rule if it has one, else by its placement; with its placement joined
    in. 404 for an unknown kind or anyone who may not see it."""
    target = TARGETS.get(slug)
    if target is None:
        raise Http404
    if target.visible is not None:
        rows = target.visible(user)
    else:
        placements = placements_visible_to(user)
        rows = target.model.objects.filter(**{f"{target.placement}__in": placements})
    obj = (
        rows.filter(pk=pk)
        .select_related(
            *target.related,
            f"{target.placement}__student__user",
            f"{target.placement}__school",
        )
        .first()
    )
    if obj is None:
        raise Http404
    return target, obj


def placement_of(target: Target, obj):
    value = obj
    for part in target.placement.split("__"):
        value = getattr(value, part)
    return value


def target_for_adding(user, slug: str, pk: int) -> tuple[Target, object]:
    """The target, for its student to attach evidence to while it is open (404 outsiders,
    403 the guides and a closed target such as a submitted self-reflection)."""
    target, obj = target_for_user(user, slug, pk)
    if not placement_of(target, obj).is_student(user):
        raise PermissionDenied("Alleen de student voegt bewijs toe.")
    if not target.model.objects.filter(target.open, pk=obj.pk).exists():
        raise PermissionDenied("Hier kun je geen bewijs meer aan toevoegen.")
    return target, obj
