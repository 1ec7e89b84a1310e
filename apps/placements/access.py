"""Who may see which placement. Every lookup of a placement goes through here."""

import re

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from apps.placements.models import (
    SCHOOL_YEAR_PATTERN,
    Placement,
    School,
    SchoolAssignment,
    SchoolRole,
)


def placements_visible_to(user) -> QuerySet[Placement]:
    """The placements this person may see: everything for the praktijkbureau, otherwise the
    placements they hold a guardian `view_placement` grant on (one query, no per-row checks)."""
    if not user.is_authenticated:
        return Placement.objects.none()
    if user.is_praktijkbureau:
        return Placement.objects.all()
    return get_objects_for_user(
        user, "placements.view_placement", klass=Placement, accept_global_perms=False
    )


def placement_for_user(user, pk: int) -> Placement:
    """The placement, or 404 for anyone who may not see it (they never learn it exists)."""
    try:
        return placements_visible_to(user).with_people().get(pk=pk)
    except Placement.DoesNotExist as exc:
        raise Http404 from exc


def require_importer(user) -> None:
    """Only the praktijkbureau (admins, superusers) imports students, staff and placements;
    anyone else who is logged in gets 403 (the page is no secret, the data behind it is)."""
    if not (user.is_authenticated and user.is_praktijkbureau):
        raise PermissionDenied


# --- Quality monitor --------------------------------------------------------------------------


def _at_school_as(user, role: SchoolRole, placement_field: str) -> Q:
    """The school (pk) has `user` assigned in `role`, or a placement there names them."""
    return Q(
        Exists(SchoolAssignment.objects.filter(school=OuterRef("pk"), user=user, role=role))
    ) | Q(Exists(Placement.objects.filter(school=OuterRef("pk"), **{placement_field: user})))


def schools_as_schoolopleider(user) -> QuerySet[School]:
    """The schools this person is schoolopleider of: assigned as such, or named on a
    placement there (as the schoolopleider's dashboard counts them)."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(_at_school_as(user, SchoolRole.SCHOOLOPLEIDER, "schoolopleider"))


def schools_as_institute(user) -> QuerySet[School]:
    """The schools this person looks at for the institute: every school for the
    praktijkbureau, otherwise those they are instituutsopleider for (assigned or named)."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_praktijkbureau:
        return School.objects.all()
    return School.objects.filter(
        _at_school_as(user, SchoolRole.INSTITUUTSOPLEIDER, "instituutsopleider")
    )


def quality_schools_visible_to(user) -> QuerySet[School]:
    """The schools whose quality monitor this person sees, as school or as institute."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_praktijkbureau:
        return School.objects.all()
    return School.objects.filter(
        _at_school_as(user, SchoolRole.SCHOOLOPLEIDER, "schoolopleider")
        | _at_school_as(user, SchoolRole.INSTITUUTSOPLEIDER, "instituutsopleider")
    )


def quality_school_for_user(user, pk: int) -> tuple[School, bool]:
    """The school and whether this person sees it for the institute (aggregates of students
    always) rather than as its schoolopleider (aggregates from enough students only); 404 for
    anyone who sees no quality monitor of this school."""
    school = quality_schools_visible_to(user).filter(pk=pk).first()
    if school is None:
        raise Http404
    return school, schools_as_institute(user).filter(pk=pk).exists()


def quality_school_for_review(user, pk: int) -> School:
    """The school, for writing its review: its schoolopleider only. 404 for outsiders, 403
    for the institute (it reads the review but does not write it)."""
    school, _institute = quality_school_for_user(user, pk)
    if not schools_as_schoolopleider(user).filter(pk=pk).exists():
        raise PermissionDenied
    return school


def school_year_or_404(year: str) -> str:
    """A school year from a URL ("2026-2027"): two consecutive years, or 404."""
    if not re.fullmatch(SCHOOL_YEAR_PATTERN, year) or int(year[5:]) != int(year[:4]) + 1:
        raise Http404
    return year


def require_quality_overview(user) -> None:
    """The overview is for who sees at least one school's quality monitor; 403 otherwise."""
    if not quality_schools_visible_to(user).exists():
        raise PermissionDenied


def require_quality_export(user) -> None:
    """The export is for the institute: the praktijkbureau and instituutsopleiders."""
    if not schools_as_institute(user).exists():
        raise PermissionDenied


def placement_for_evaluation(user, pk: int) -> Placement:
    """The placement, for its student to evaluate. 404 for outsiders; 403 for the others of
    the triangle and the praktijkbureau (a student's own answers are for no one else)."""
    placement = placement_for_user(user, pk)
    if not placement.is_student(user):
        raise PermissionDenied
    return placement
