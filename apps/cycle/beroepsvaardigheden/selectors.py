"""The complexe beroepsvaardigheden of a placement read side by side: per moment the student's
and the mentor's phase, and the chart of both over the three moments."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.cycle.models import CbvMoment, CbvPerspective, CbvPlacement
from apps.placements.models import Placement
from apps.rubrics.models import Rubric, RubricDimension, RubricLevel
from apps.rubrics.selfassessment.charts import Chart, line_chart

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
