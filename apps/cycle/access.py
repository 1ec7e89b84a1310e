"""Who may see and change what in the conversation cycle. Views ask here and nowhere else.

Seeing follows the placement (`apps.placements.access`): an outsider gets 404 for every
object of a placement that is not theirs. Changing is decided per object and per role:
someone who may see but not change gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from apps.accounts.models import Role
from apps.cycle.models import (
    CbvPerspective,
    Concern,
    Conversation,
    Disagreement,
    DossierJob,
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
from apps.placements.models import PlacementExtraAccess

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


# --- Exports ----------------------------------------------------------------------------------


def may_export_judgements(user) -> bool:
    """The judgements CSV for the examination board: the praktijkbureau and the
    instituutsopleiders (each only for the placements they may see)."""
    return user.is_authenticated and (
        user.is_praktijkbureau or user.has_role(Role.INSTITUUTSOPLEIDER)
    )


def judgement_export_scope(user) -> QuerySet:
    """The placements whose judgements `user` may export (403 for everyone else)."""
    if not may_export_judgements(user):
        raise PermissionDenied(
            "Alleen het praktijkbureau en de instituutsopleiders exporteren oordelen."
        )
    return placements_visible_to(user)


def may_request_dossier(user, placement) -> bool:
    """A student's dossier: the student their own, the instituutsopleider (or an opleider
    given access to the placement) and the praktijkbureau for students they can see. The
    werkplekbegeleider and schoolopleider already receive every form and need no dossier."""
    from apps.cycle.procedure import is_institute_assessor

    return (
        placement.is_student(user)
        or user.is_praktijkbureau
        or is_institute_assessor(user, placement)
    )


def dossier_placements(user, student) -> QuerySet:
    """The placements of `student` whose dossier `user` may have (the rule above, as one
    queryset)."""
    placements = placements_visible_to(user).filter(student=student)
    if user.is_praktijkbureau or student.user_id == user.pk:
        return placements
    extra = Exists(PlacementExtraAccess.objects.filter(placement=OuterRef("pk"), user=user))
    assessor = Q(instituutsopleider=user)
    if user.has_role(Role.INSTITUUTSOPLEIDER):
        assessor |= extra
    return placements.filter(assessor)


def placement_for_dossier(user, pk: int):
    """The placement whose dossier `user` asks for (404 outsiders, 403 the other guides)."""
    placement = placement_for_user(user, pk)
    if not may_request_dossier(user, placement):
        raise PermissionDenied(
            "Alleen de student, de instituutsopleider en het praktijkbureau vragen een dossier aan."
        )
    return placement


def dossier_jobs_of(user) -> QuerySet[DossierJob]:
    """The dossiers this person asked for, of students they may still see."""
    if not user.is_authenticated:
        return DossierJob.objects.none()
    visible = placements_visible_to(user)
    return DossierJob.objects.filter(
        Exists(visible.filter(student=OuterRef("student"))), requested_by=user
    ).select_related("student__user", "placement__school")


def dossier_job_for_user(user, pk: int) -> DossierJob:
    """A dossier is personal: only who asked for it sees it, and only while they may still see
    the student; 404 for everyone else."""
    try:
        return dossier_jobs_of(user).get(pk=pk)
    except DossierJob.DoesNotExist as exc:
        raise Http404 from exc


# --- Complexe beroepsvaardigheden ---------------------------------------------------------------


def cbv_perspective(user, placement) -> str | None:
    """Which column of the complexe beroepsvaardigheden `user` fills in on this placement: the
    student their own, the werkplekbegeleider (or the schoolopleider in their place) the
    mentor's; None for the readers (instituutsopleider, praktijkbureau)."""
    if placement.is_student(user):
        return CbvPerspective.STUDENT
    if placement.is_assessor(user):
        return CbvPerspective.MENTOR
    return None


def cbv_placement_for_change(user, pk: int):
    """(placement, column) for whoever fills in a column (404 outsiders, 403 the readers)."""
    placement = placement_for_user(user, pk)
    perspective = cbv_perspective(user, placement)
    if perspective is None:
        raise PermissionDenied(
            "Alleen de student en de werkplekbegeleider of schoolopleider vullen dit in."
        )
    return placement, perspective
