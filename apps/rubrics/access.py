"""Who may see and change rubrics, and who may see and take which self-assessment. Every
lookup of a rubric or a self-assessment in a view goes through here.

Rubrics are the institute's published grids (students read the complexe beroepsvaardigheden
table in their leerplan), so everyone who is logged in may view, download and print them.
Only the praktijkbureau loads or corrects them.

A self-assessment is personal: only its person sees it (404 for everyone else). What others
learn of it is the count in a schoolopleider's team heatmap, with a name only by consent.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import Role
from apps.placements.models import School, SchoolRole
from apps.rubrics.models import Rubric, RubricKind, RubricRole, SelfAssessment
from apps.rubrics.services import is_staff_member


def rubrics_visible_to(user) -> QuerySet[Rubric]:
    """Every rubric and version for a logged-in person, nothing for anyone else."""
    if not user.is_authenticated:
        return Rubric.objects.none()
    return Rubric.objects.all()


def rubric_for_user(user, pk: int) -> Rubric:
    """The rubric, or 404."""
    try:
        return rubrics_visible_to(user).get(pk=pk)
    except Rubric.DoesNotExist as exc:
        raise Http404 from exc


def may_change_rubrics(user) -> bool:
    return user.is_authenticated and user.is_praktijkbureau


def rubric_for_change(user, pk: int) -> Rubric:
    """The rubric for the praktijkbureau; 404 when it does not exist, 403 for everyone else
    (they may see it, not change it)."""
    rubric = rubric_for_user(user, pk)
    if not may_change_rubrics(user):
        raise PermissionDenied
    return rubric


def require_staff_member(user) -> None:
    """Role rubrics are for werkplekbegeleiders, schoolopleiders and instituutsopleiders;
    anyone else gets 403."""
    if not is_staff_member(user):
        raise PermissionDenied("Alleen begeleiders en opleiders vullen een rolrubric in.")


def self_assessments_of(user) -> QuerySet[SelfAssessment]:
    """This person's own self-assessments, oldest first."""
    if not user.is_authenticated:
        return SelfAssessment.objects.none()
    return SelfAssessment.objects.filter(person=user).select_related("role")


def self_assessment_for_user(user, pk: int) -> SelfAssessment:
    """One's own self-assessment, or 404 (nobody learns whether someone else's exists)."""
    try:
        return self_assessments_of(user).get(pk=pk)
    except SelfAssessment.DoesNotExist as exc:
        raise Http404 from exc


def role_for_self_assessment(user, pk: int) -> RubricRole:
    """A role of a role rubric, for a staff member (403 others, 404 an unknown role)."""
    require_staff_member(user)
    try:
        return RubricRole.objects.select_related("rubric").get(pk=pk, rubric__kind=RubricKind.ROLE)
    except RubricRole.DoesNotExist as exc:
        raise Http404 from exc


def heatmap_schools(user) -> QuerySet[School]:
    """The schools this schoolopleider is assigned to; 403 for anyone who is no
    schoolopleider."""
    if not (user.is_authenticated and user.has_role(Role.SCHOOLOPLEIDER)):
        raise PermissionDenied("Alleen schoolopleiders zien het teamprofiel.")
    return School.objects.filter(
        assignments__user=user, assignments__role=SchoolRole.SCHOOLOPLEIDER
    ).distinct()
