"""Read side of rubrics in use: my self-assessments, growth per dimension, the team heatmap
and the complexe beroepsvaardigheden side by side. Each costs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.placements.models import Placement, School
from apps.rubrics.models import (
    CbvMoment,
    CbvPerspective,
    CbvPlacement,
    HeatmapConsent,
    Rubric,
    RubricDimension,
    RubricKind,
    RubricLevel,
    RubricRole,
    SelfAssessment,
    SelfAssessmentRating,
)
from apps.rubrics.selfassessment.charts import Chart, line_chart

# --- My rubrics -------------------------------------------------------------------------------


def my_rubrics(assessments: QuerySet[SelfAssessment]) -> list[dict]:
    """Every role of the current role rubrics, and of older versions I took, with my
    self-assessments on it (newest first). Two queries: the roles and my self-assessments."""
    mine = defaultdict(list)
    for assessment in assessments.order_by("-created_at", "-pk"):
        mine[assessment.role_id].append(assessment)
    roles = RubricRole.objects.filter(
        Q(rubric__next_version__isnull=True) | Q(pk__in=list(mine)), rubric__kind=RubricKind.ROLE
    ).select_related("rubric")
    return [{"role": role, "assessments": mine.get(role.pk, [])} for role in roles]


def consent_of(user: User) -> HeatmapConsent | None:
    return HeatmapConsent.objects.filter(person=user).first()


# --- Growth per dimension ---------------------------------------------------------------------


@dataclass
class DimensionGrowth:
    dimension: RubricDimension
    rows: list[tuple[SelfAssessment, SelfAssessmentRating | None]]
    chart: Chart


def role_growth(assessments: QuerySet[SelfAssessment], role: RubricRole) -> list[DimensionGrowth]:
    """Per dimension of `role`: my current and target level at each of my self-assessments,
    as a chart and as table rows. Four queries whatever the number of moments."""
    series = list(
        assessments.filter(role=role)
        .order_by("created_at", "pk")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=SelfAssessmentRating.objects.select_related(
                    "current_level", "target_level"
                ),
            )
        )
    )
    levels = [level.name for level in RubricLevel.objects.filter(rubric_id=role.rubric_id)]
    moments = [date_format(a.created_at, "j M Y") for a in series]
    by_moment = [{r.dimension_id: r for r in a.ratings.all()} for a in series]
    growth = []
    for dimension in role.dimensions.order_by("position"):
        ratings = [m.get(dimension.pk) for m in by_moment]
        chart = line_chart(
            x_labels=moments,
            y_labels=levels,
            series=[
                (
                    _("Huidig niveau"),
                    "chart-current",
                    [r.current_level.position if r else None for r in ratings],
                ),
                (
                    _("Streefniveau"),
                    "chart-target",
                    [r.target_level.position if r else None for r in ratings],
                ),
            ],
        )
        growth.append(DimensionGrowth(dimension, list(zip(series, ratings, strict=True)), chart))
    return growth


# --- Team heatmap -----------------------------------------------------------------------------


@dataclass
class HeatCell:
    count: int = 0
    heat: int = 0
    names: list[str] = field(default_factory=list)


@dataclass
class HeatRow:
    role: RubricRole
    dimension: RubricDimension
    cells: list[HeatCell]
    respondents: int


@dataclass
class SchoolHeatmap:
    school: School
    team_size: int
    levels: list[RubricLevel]
    rows: list[HeatRow]

    @property
    def has_answers(self) -> bool:
        """Whether anyone of the team filled in a role; a table of zeros says nothing."""
        return any(row.respondents for row in self.rows)


def heat_of(count: int, respondents: int) -> int:
    """Shade 0 (nobody) to 4 (everyone who filled in the role) for a cell's share."""
    if not count or not respondents:
        return 0
    return min(4, 1 + (count * 4 - 1) // respondents)


def team_heatmap(schools: QuerySet[School]) -> list[SchoolHeatmap]:
    """Per school: the team (the werkplekbegeleiders of its placements) counted per role
    rubric dimension × level, from each person's latest self-assessment on that role. Names
    only of people who consented. Six queries, whatever the number of schools and people."""
    schools = list(schools)
    team_pairs = (
        Placement.objects.filter(school__in=schools, werkplekbegeleider__isnull=False)
        .values_list("school_id", "werkplekbegeleider_id")
        .distinct()
    )
    teams: dict[int, set[int]] = defaultdict(set)
    for school_id, person_id in team_pairs:
        teams[school_id].add(person_id)
    members = Placement.objects.filter(school__in=schools, werkplekbegeleider__isnull=False).values(
        "werkplekbegeleider_id"
    )
    newest = (
        SelfAssessment.objects.filter(person=OuterRef("person"), role=OuterRef("role"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    latest = SelfAssessment.objects.filter(person__in=members, pk=Subquery(newest))
    ratings = SelfAssessmentRating.objects.filter(assessment__in=latest).values_list(
        "assessment__person_id", "assessment__role_id", "dimension_id", "current_level_id"
    )
    named = dict(
        User.objects.filter(pk__in=members, heatmap_consent__given=True).values_list(
            "pk", "full_name"
        )
    )
    level_of: dict[tuple[int, int], int] = {}  # (person, dimension) -> level
    respondents: dict[int, set[int]] = defaultdict(set)  # role -> people who filled it in
    for person_id, role_id, dimension_id, level_id in ratings:
        level_of[(person_id, dimension_id)] = level_id
        respondents[role_id].add(person_id)
    rubrics = list(
        Rubric.objects.current()
        .filter(kind=RubricKind.ROLE)
        .prefetch_related(
            "levels", Prefetch("dimensions", RubricDimension.objects.select_related("role"))
        )
    )
    maps = []
    for school in schools:
        team = teams.get(school.pk, set())
        for rubric in rubrics:
            levels = list(rubric.levels.all())
            rows = []
            for dimension in rubric.dimensions.all():
                cells = {level.pk: HeatCell() for level in levels}
                for person_id in team:
                    level_id = level_of.get((person_id, dimension.pk))
                    if level_id in cells:
                        cells[level_id].count += 1
                        if person_id in named:
                            cells[level_id].names.append(named[person_id])
                answered = len(respondents[dimension.role_id] & team)
                for cell in cells.values():
                    cell.heat = heat_of(cell.count, answered)
                    cell.names.sort()
                rows.append(
                    HeatRow(dimension.role, dimension, [cells[lv.pk] for lv in levels], answered)
                )
            maps.append(SchoolHeatmap(school, len(team), levels, rows))
    return maps


# --- Complexe beroepsvaardigheden side by side ------------------------------------------------


@dataclass
class CbvRow:
    dimension: RubricDimension
    student: CbvPlacement | None
    mentor: CbvPlacement | None

    @property
    def difference(self) -> int | None:
        """How many phases the werkplekbegeleider places the student above (+) or below (−)
        the student's own placement; None while one of them is missing."""
        if self.student is None or self.mentor is None:
            return None
        return self.mentor.level.position - self.student.level.position

    @property
    def gap(self) -> int:
        return abs(self.difference or 0)


@dataclass
class CbvMomentView:
    moment: str
    label: str
    rows: list[CbvRow]

    @property
    def differences(self) -> int:
        return sum(1 for row in self.rows if row.difference)

    @property
    def has_student(self) -> bool:
        return any(row.student for row in self.rows)

    @property
    def has_mentor(self) -> bool:
        return any(row.mentor for row in self.rows)


def cbv_overview(placement: Placement, rubric: Rubric) -> tuple[list[CbvMomentView], Chart]:
    """Per moment the student's and the mentor's placement side by side, and a chart of the
    average phase over the three moments for both. Three queries."""
    levels = [level.name for level in RubricLevel.objects.filter(rubric=rubric)]
    dimensions = list(RubricDimension.objects.filter(rubric=rubric).order_by("position"))
    placed = {
        (row.moment, row.perspective, row.dimension_id): row
        for row in CbvPlacement.objects.filter(placement=placement).select_related("level")
    }
    moments = []
    for moment in CbvMoment:
        rows = [
            CbvRow(
                d,
                placed.get((moment.value, CbvPerspective.STUDENT, d.pk)),
                placed.get((moment.value, CbvPerspective.MENTOR, d.pk)),
            )
            for d in dimensions
        ]
        moments.append(CbvMomentView(moment.value, moment.label, rows))

    def average(view: CbvMomentView, side: str) -> float | None:
        values = [getattr(r, side).level.position for r in view.rows if getattr(r, side)]
        return round(sum(values) / len(values), 2) if values else None

    chart = line_chart(
        x_labels=[str(view.label) for view in moments],
        y_labels=levels,
        series=[
            (_("Student"), "chart-current", [average(v, "student") for v in moments]),
            (_("Werkplekbegeleider"), "chart-target", [average(v, "mentor") for v in moments]),
        ],
    )
    return moments, chart
