"""Who may export judgements and have a student's dossier (404 outsiders, 403 others)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from apps.accounts.models import Role
from apps.cycle.access import may_request_dossier
from apps.cycle.models import (
    DossierJob,
)
from apps.placements.access import placement_for_user, placements_visible_to
from apps.placements.models import PlacementExtraAccess


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
