"""Who may see and change a feedback- en beoordelingsformulier. Views ask here and nowhere else.

Seeing follows the placement (`apps.placements.access`): an outsider gets 404 for every
object of a placement that is not theirs. Changing is decided per object and per role:
someone who may see but not change gets 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.cycle.models import (
    FormState,
    FormVersion,
)
from apps.placements.access import placements_visible_to

VERSION_RELATED = (
    "form__conversation__placement__student__user",
    "form__conversation__placement__student__programme",
    "form__conversation__placement__school",
    "form__conversation__placement__werkplekbegeleider",
    "form__conversation__placement__schoolopleider",
    "form__conversation__placement__instituutsopleider",
    "sent_by",
)


# What a stored PDF needs: the placement's people (ids) and the student's name for the file.
# Fewer joins matter here: PostgreSQL spent 10 ms planning the 13-table join of
# VERSION_RELATED for a query that runs in under 1 ms.
PDF_RELATED = ("form__conversation__placement__student__user",)


def versions_visible_to(user, related: tuple[str, ...] = VERSION_RELATED) -> QuerySet[FormVersion]:
    """Form versions of the placements this person may see, with `related` joined in."""
    return FormVersion.objects.filter(
        form__conversation__placement__in=placements_visible_to(user)
    ).select_related(*related)


def form_version_for_user(user, pk: int, related: tuple[str, ...] = VERSION_RELATED) -> FormVersion:
    """The form version, or 404 for anyone who may not see its placement."""
    try:
        return versions_visible_to(user, related).get(pk=pk)
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


def _version_for(user, pk: int, may, refusal: str) -> FormVersion:
    """The form version, 404 for anyone who may not see it, 403 when `may` says no."""
    version = form_version_for_user(user, pk)
    if not may(user, version):
        raise PermissionDenied(refusal)
    return version


def form_version_for_reflection(user, pk: int) -> FormVersion:
    return _version_for(
        user, pk, can_write_reflection, "Je kunt deze zelfreflectie niet (meer) wijzigen."
    )


def form_version_for_feedback(user, pk: int) -> FormVersion:
    return _version_for(
        user, pk, can_write_feedback, "Je kunt de feedback op dit formulier niet wijzigen."
    )


def form_version_for_send(user, pk: int) -> FormVersion:
    return _version_for(user, pk, can_write_feedback, "Je kunt dit formulier niet verzenden.")


def form_version_for_correction(user, pk: int) -> FormVersion:
    return _version_for(
        user, pk, can_correct, "Alleen de laatste verzonden versie kan worden gecorrigeerd."
    )


def may_see_reflection(user, version: FormVersion) -> bool:
    """A draft self-reflection is the student's own until they submit it."""
    return version.form.conversation.placement.is_student(user) or version.state != FormState.DRAFT


def may_see_feedback(user, version: FormVersion) -> bool:
    """Feedback and judgement are the assessor's work in progress until the form is sent."""
    return version.is_sent or version.form.conversation.placement.is_assessor(user)
