"""Who may see and change what in the conversation cycle. Views ask here and nowhere else.

Seeing follows the placement (`apps.placements.access`): an outsider gets 404 for every
object of a placement that is not theirs. Changing is decided per object and per role:
someone who may see but not change gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.cycle.models import FormState, FormVersion, SensitiveInfo
from apps.placements.access import placement_for_user, placements_visible_to

VERSION_RELATED = (
    "form__conversation__placement__student__user",
    "form__conversation__placement__student__programme",
    "form__conversation__placement__school",
    "form__conversation__placement__werkplekbegeleider",
    "form__conversation__placement__schoolopleider",
    "form__conversation__placement__instituutsopleider",
    "sent_by",
)


def versions_visible_to(user) -> QuerySet[FormVersion]:
    """Form versions of the placements this person may see."""
    return FormVersion.objects.filter(
        form__conversation__placement__in=placements_visible_to(user)
    ).select_related(*VERSION_RELATED)


def form_version_for_user(user, pk: int) -> FormVersion:
    """The form version, or 404 for anyone who may not see its placement."""
    try:
        return versions_visible_to(user).get(pk=pk)
    except FormVersion.DoesNotExist as exc:
        raise Http404 from exc


def can_write_reflection(user, version: FormVersion) -> bool:
    """The student writes the self-reflection until they submit it to the werkplekbegeleider."""
    placement = version.form.conversation.placement
    return placement.is_student(user) and version.state == FormState.DRAFT


def can_write_feedback(user, version: FormVersion) -> bool:
    """The werkplekbegeleider (or the schoolopleider in their place) writes feedback and the
    judgement on any version that has not been sent."""
    placement = version.form.conversation.placement
    return placement.is_assessor(user) and not version.is_sent


def can_send(user, version: FormVersion) -> bool:
    """Sending follows the student's reflection: only a submitted version can be sent."""
    return can_write_feedback(user, version) and version.state == FormState.SUBMITTED


def can_correct(user, version: FormVersion) -> bool:
    """A sent version is corrected by its assessor through a new version, never in place."""
    placement = version.form.conversation.placement
    return placement.is_assessor(user) and version.is_sent and version.is_latest


def form_version_for_reflection(user, pk: int) -> FormVersion:
    version = form_version_for_user(user, pk)
    if not can_write_reflection(user, version):
        raise PermissionDenied("Je kunt deze zelfreflectie niet (meer) wijzigen.")
    return version


def form_version_for_feedback(user, pk: int) -> FormVersion:
    version = form_version_for_user(user, pk)
    if not can_write_feedback(user, version):
        raise PermissionDenied("Je kunt de feedback op dit formulier niet wijzigen.")
    return version


def form_version_for_send(user, pk: int) -> FormVersion:
    version = form_version_for_user(user, pk)
    if not can_write_feedback(user, version):
        raise PermissionDenied("Je kunt dit formulier niet verzenden.")
    return version


def form_version_for_correction(user, pk: int) -> FormVersion:
    version = form_version_for_user(user, pk)
    if not can_correct(user, version):
        raise PermissionDenied("Alleen de laatste verzonden versie kan worden gecorrigeerd.")
    return version


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
