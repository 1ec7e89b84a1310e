"""Who sees the disagreement map and the agreement dashboard (calibration-design.md §3.5,
§3.6, §3.8): the praktijkbureau, the examencommissie and the instituutsopleiders see the whole
partnership; a schoolopleider sees the aggregates of their own schools only. Everyone else —
students, werkplekbegeleiders — gets 404: for them these pages do not exist. The figures are
aggregates, never a person's."""

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import Role
from apps.placements.access import schools_as_schoolopleider
from apps.placements.models import School


def sees_partnership(user) -> bool:
    return user.is_authenticated and (
        user.is_praktijkbureau
        or user.has_role(Role.EXAMENCOMMISSIE)
        or user.has_role(Role.INSTITUUTSOPLEIDER)
    )


def insight_schools(user) -> QuerySet[School]:
    """The schools whose aggregates `user` sees; 404 for anyone who sees none."""
    if sees_partnership(user):
        return School.objects.all()
    if user.is_authenticated and user.has_role(Role.SCHOOLOPLEIDER):
        schools = schools_as_schoolopleider(user)
        if schools.exists():
            return schools
    raise Http404
