"""Who may take part in the assessment procedure: doubt, the dialogue between the guides,
concerns, termination and maatwerk (404 outsiders, 403 others)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.cycle.access import is_guide, is_institute_assessor
from apps.cycle.feedback.access import VERSION_RELATED, versions_visible_to
from apps.cycle.models import (
    Concern,
    Disagreement,
    FormEntry,
    TerminationProposal,
)
from apps.cycle.procedure.selectors import may_raise_doubt
from apps.placements.access import placement_for_user, placements_visible_to


def entry_for_doubt(user, pk: int):
    """A sent entry the opleider of the institute or the instituutsopleider may put in doubt
    (404 outsiders, 403 others)."""
    try:
        entry = FormEntry.objects.select_related(
            "placement_outcome__outcome", *(f"version__{r}" for r in VERSION_RELATED)
        ).get(pk=pk, version__in=versions_visible_to(user))
    except FormEntry.DoesNotExist as exc:
        raise Http404 from exc
    if not may_raise_doubt(user, entry.version.form.conversation.placement):
        raise PermissionDenied("Alleen de beoordelaar van het instituut kan twijfel inbrengen.")
    return entry


def _guide_object(user, queryset, placement_path: str):
    """An object of a placement this person may see, for its guides only (students 403)."""
    obj = queryset.filter(**{f"{placement_path}__in": placements_visible_to(user)}).first()
    if obj is None:
        raise Http404
    placement = obj
    for part in placement_path.split("__"):
        placement = getattr(placement, part)
    if not is_guide(user, placement):
        raise PermissionDenied("Dit gesprek is tussen de begeleiders.")
    return obj, placement


def disagreement_for_user(user, pk: int):
    return _guide_object(
        user,
        Disagreement.objects.filter(pk=pk).select_related(
            "entry__placement_outcome__outcome",
            "raised_by",
            "resolved_by",
            "escalated_by",
            "entry__version__form__conversation__placement__opleider",
            *(f"entry__version__{r}" for r in VERSION_RELATED),
        ),
        "entry__version__form__conversation__placement",
    )


def concern_for_user(user, pk: int):
    return _guide_object(
        user,
        Concern.objects.filter(pk=pk).select_related(
            "placement_outcome__outcome",
            "placement_outcome__subject_outcome",
            "raised_by",
            "acknowledged_by",
            "handed_to",
            "placement_outcome__placement__opleider",
            "placement_outcome__placement__student__user",
            "placement_outcome__placement__school",
        ),
        "placement_outcome__placement",
    )


def termination_for_user(user, pk: int):
    return _guide_object(
        user,
        TerminationProposal.objects.filter(pk=pk).select_related(
            "placement__student__user",
            "placement__school",
            "placement__schoolopleider",
            "placement__instituutsopleider",
            "placement__studieloopbaanbegeleider",
            "proposed_by",
            "decided_by",
            "intended_by",
        ),
        "placement",
    )


def placement_for_assessor(user, pk: int):
    """The placement, for its werkplekbegeleider or schoolopleider (concern, termination)."""
    placement = placement_for_user(user, pk)
    if not placement.is_assessor(user):
        raise PermissionDenied("Alleen de werkplekbegeleider of schoolopleider doet dit.")
    return placement


def placement_for_maatwerk(user, pk: int):
    """The placement, for the institute's assessor or the praktijkbureau (maatwerk)."""
    placement = placement_for_user(user, pk)
    if not (is_institute_assessor(user, placement) or user.is_praktijkbureau):
        raise PermissionDenied("Alleen de instituutsopleider regelt maatwerk.")
    return placement
