"""Who may record and read the conversations of a placement: the kennismaking, the sensitive
information, 'held on' and moving a planned date (404 outsiders, 403 others)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.accounts.models import User
from apps.cycle.access import is_institute_assessor
from apps.cycle.models import (
    Conversation,
    SensitiveInfo,
)
from apps.placements.access import placement_for_user, placements_visible_to
from apps.placements.models import Placement


def can_record_kennismaking(user, placement) -> bool:
    return placement.is_student(user) or placement.is_assessor(user)


def kennismaking_placement_for_change(user, pk: int):
    """The placement whose kennismaking report `user` may write: its student and assessors."""
    placement = placement_for_user(user, pk)
    if not can_record_kennismaking(user, placement):
        raise PermissionDenied("Alleen de student en de werkplekbegeleider leggen dit vast.")
    return placement


def sensitive_info_for_user(user, pk: int):
    """(placement, info) for the student, or for someone the student chose; 404 for everyone
    else, so nobody learns whether a student shared anything."""
    placement = placement_for_user(user, pk)
    info = SensitiveInfo.objects.filter(placement=placement).first()
    if placement.is_student(user):
        return placement, info
    if info is None or not info.visible_to.filter(pk=user.pk).exists():
        raise Http404
    return placement, info


def sensitive_info_for_change(user, pk: int):
    placement, info = sensitive_info_for_user(user, pk)
    if not placement.is_student(user):
        raise PermissionDenied("Alleen de student zelf kan deze informatie wijzigen.")
    return placement, info


def conversation_for_held(user, pk: int):
    """A conversation whose 'held on' date `user` may record: the student and the guides of
    its placement (404 outsiders, 403 others such as an extra-access reader)."""
    conversation = (
        Conversation.objects.filter(pk=pk, placement__in=placements_visible_to(user))
        .select_related("placement__student__user")
        .first()
    )
    if conversation is None:
        raise Http404
    placement = conversation.placement
    if not (
        placement.is_student(user)
        or placement.is_assessor(user)
        or placement.is_instituutsopleider(user)
    ):
        raise PermissionDenied(
            "Alleen de mensen van de driehoek leggen vast dat een gesprek is gehouden."
        )
    return conversation


def may_see_contacts(user: User, placement: Placement) -> bool:
    """The e-mail addresses and phone numbers on a placement are for the people named on it
    (student, werkplekbegeleider, schoolopleider, instituutsopleider, the institute's opleider
    and slb'er) and the praktijkbureau; someone given extra access to read one placement
    (such as a vakdidacticus) sees the names only. Outsiders never reach the page (404)."""
    named = {
        placement.student.user_id,
        placement.werkplekbegeleider_id,
        placement.schoolopleider_id,
        placement.instituutsopleider_id,
        placement.opleider_id,
        placement.studieloopbaanbegeleider_id,
    }
    return (user.pk is not None and user.pk in named) or user.is_praktijkbureau


def may_reschedule(user: User, placement: Placement) -> bool:
    """Dates are moved by the people who run the conversations: the werkplekbegeleider and
    schoolopleider, the institute's assessor, and the praktijkbureau; not the student."""
    return (
        placement.is_assessor(user)
        or is_institute_assessor(user, placement)
        or user.is_praktijkbureau
    )


def conversation_for_reschedule(user: User, pk: int) -> Conversation:
    """The conversation for someone who may move its date: 404 for anyone who may not see its
    placement, 403 for someone who may see but not move it."""
    conversation = (
        Conversation.objects.filter(pk=pk, placement__in=placements_visible_to(user))
        .select_related(
            "placement__student__user",
            "placement__student__programme",
            "placement__school",
            "placement__werkplekbegeleider",
            "placement__schoolopleider",
            "placement__instituutsopleider",
        )
        .first()
    )
    if conversation is None:
        raise Http404
    if not may_reschedule(user, conversation.placement):
        raise PermissionDenied("Alleen de begeleiders kunnen een gesprek verplaatsen.")
    return conversation
