"""Who may see and record lesson observations. Views ask here and nowhere else.

Seeing follows the placement (`apps.placements.access`): an outsider gets 404 for every
observation and every lesson plan of a placement that is not theirs. Recording is for the
observers of the placement (werkplekbegeleider, schoolopleider, instituutsopleider, an opleider
given access); responding and asking for an observation are the student's. Someone who may see
but not do gets 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.cycle.access import is_institute_assessor
from apps.cycle.models import Observation, ObservationInstrument
from apps.placements.access import placement_for_user, placements_visible_to
from apps.placements.models import Placement

OBSERVATION_RELATED = (
    "placement__student__user",
    "placement__school",
    "observer",
    "instrument",
    "request",
)


def may_observe(user, placement: Placement) -> bool:
    """The werkplekbegeleider, schoolopleider, instituutsopleider and an opleider of the
    institute given access record observations (the handbook's several observers)."""
    return placement.is_assessor(user) or is_institute_assessor(user, placement)


def observations_visible_to(user) -> QuerySet[Observation]:
    """Observations of the placements this person may see."""
    return Observation.objects.filter(placement__in=placements_visible_to(user)).select_related(
        *OBSERVATION_RELATED
    )


def observation_for_user(user, pk: int) -> Observation:
    """The observation, or 404 for anyone who may not see its placement."""
    try:
        return observations_visible_to(user).get(pk=pk)
    except Observation.DoesNotExist as exc:
        raise Http404 from exc


def observation_for_response(user, pk: int) -> Observation:
    """The observation for its student to respond to (403 for the others who may see it)."""
    observation = observation_for_user(user, pk)
    if not observation.placement.is_student(user):
        raise PermissionDenied("Alleen de student reageert op een lesbezoek.")
    return observation


def placement_for_observing(user, pk: int) -> Placement:
    """The placement for recording an observation: 404 for outsiders, 403 for the student and
    anyone else who may see it but does not observe."""
    placement = placement_for_user(user, pk)
    if not may_observe(user, placement):
        raise PermissionDenied("Alleen begeleiders en opleiders leggen een lesbezoek vast.")
    return placement


def placement_for_request(user, pk: int) -> Placement:
    """The placement for its student to ask for an observation (403 for the others)."""
    placement = placement_for_user(user, pk)
    if not placement.is_student(user):
        raise PermissionDenied("Alleen de student vraagt om een lesbezoek.")
    return placement


def instrument_for_loading(user, pk: int):
    """An own observation instrument for the praktijkbureau to load a CSV onto; 404 for a
    missing one, 403 for everyone else (instruments are no secret, changing them is theirs)."""
    if not user.is_praktijkbureau:
        raise PermissionDenied("Alleen het praktijkbureau laadt observatie-instrumenten.")
    try:
        return ObservationInstrument.objects.get(pk=pk)
    except ObservationInstrument.DoesNotExist as exc:
        raise Http404 from exc
