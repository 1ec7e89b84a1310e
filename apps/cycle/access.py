"""Who may see and change what in the conversation cycle. Views ask here and nowhere else.

Seeing follows the placement (`apps.placements.access`): an outsider gets 404 for every
object of a placement that is not theirs. Changing is decided per object and per role:
someone who may see but not change gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.cycle.models import (
    Concern,
    Conversation,
    Disagreement,
    FormEntry,
    FormState,
    FormVersion,
    GuidanceLog,
    Leerplan,
    LeerplanStatus,
    SensitiveInfo,
    TerminationProposal,
)
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


def is_guide(user, placement) -> bool:
    """The guides of a placement (not its student): werkplekbegeleider, schoolopleider,
    instituutsopleider, an opleider given extra access, and the praktijkbureau."""
    return not placement.is_student(user)


def entry_for_doubt(user, pk: int):
    """A sent entry the institute's assessor may put in doubt (404 outsiders, 403 others)."""
    from apps.cycle.procedure import is_institute_assessor

    try:
        entry = FormEntry.objects.select_related(
            "placement_outcome__outcome", *(f"version__{r}" for r in VERSION_RELATED)
        ).get(pk=pk, version__in=versions_visible_to(user))
    except FormEntry.DoesNotExist as exc:
        raise Http404 from exc
    if not is_institute_assessor(user, entry.version.form.conversation.placement):
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
            "placement_outcome__placement__student__user",
            "placement_outcome__placement__school",
        ),
        "placement_outcome__placement",
    )


def termination_for_user(user, pk: int):
    return _guide_object(
        user,
        TerminationProposal.objects.filter(pk=pk).select_related(
            "placement__student__user", "placement__school", "proposed_by", "decided_by"
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
    from apps.cycle.procedure import is_institute_assessor

    placement = placement_for_user(user, pk)
    if not (is_institute_assessor(user, placement) or user.is_praktijkbureau):
        raise PermissionDenied("Alleen de instituutsopleider regelt maatwerk.")
    return placement


def guidance_log_for_user(user, pk: int):
    """A weekly log of a placement this person may see (404 otherwise)."""
    log = (
        GuidanceLog.objects.filter(pk=pk, conversation__placement__in=placements_visible_to(user))
        .select_related(
            "conversation__placement__student__user",
            "conversation__placement__school",
            "conversation__placement__werkplekbegeleider",
        )
        .first()
    )
    if log is None:
        raise Http404
    return log


def can_edit_leerplan(user, placement, leerplan: Leerplan | None) -> bool:
    """The student writes their leerplan while it is a draft or returned with comments; a
    submitted plan waits for the decision and an approved plan is read-only."""
    editable = (LeerplanStatus.DRAFT, LeerplanStatus.RETURNED)
    return placement.is_student(user) and (leerplan is None or leerplan.status in editable)


def can_decide_leerplan(user, placement, leerplan: Leerplan | None) -> bool:
    """The werkplekbegeleider (or the schoolopleider in their place) decides on a submitted
    leerplan."""
    return (
        placement.is_assessor(user)
        and leerplan is not None
        and leerplan.status == LeerplanStatus.SUBMITTED
    )


def can_answer_leerplan(user, placement, leerplan: Leerplan | None) -> bool:
    """The werkplekbegeleider or schoolopleider answers the student's guidance wishes, until
    the plan is approved."""
    return (
        placement.is_assessor(user)
        and leerplan is not None
        and leerplan.status != LeerplanStatus.APPROVED
    )


def leerplan_placement_for_edit(user, pk: int):
    """The placement whose leerplan `user` may write: its student, while the plan is open
    (404 outsiders, 403 the guides and a student whose plan is submitted or approved)."""
    placement = placement_for_user(user, pk)
    if not placement.is_student(user):
        raise PermissionDenied("Alleen de student schrijft het persoonlijk leerplan.")
    leerplan = Leerplan.objects.filter(placement=placement).only("status").first()
    if not can_edit_leerplan(user, placement, leerplan):
        raise PermissionDenied("Je leerplan is ingediend of goedgekeurd en kan nu niet wijzigen.")
    return placement


def leerplan_placement_for_assessor(user, pk: int):
    """The placement whose leerplan `user` may approve or answer: its werkplekbegeleider or
    schoolopleider (404 outsiders, 403 the others). The services check the plan's status."""
    placement = placement_for_user(user, pk)
    if not placement.is_assessor(user):
        raise PermissionDenied(
            "Alleen de werkplekbegeleider of de schoolopleider keurt het leerplan goed."
        )
    return placement


def may_see_reflection(user, version: FormVersion) -> bool:
    """A draft self-reflection is the student's own until they submit it."""
    return version.form.conversation.placement.is_student(user) or version.state != FormState.DRAFT


def may_see_feedback(user, version: FormVersion) -> bool:
    """Feedback and judgement are the assessor's work in progress until the form is sent."""
    return version.is_sent or version.form.conversation.placement.is_assessor(user)


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
