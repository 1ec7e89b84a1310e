"""A rubric as a landscape PDF grid: one section per role, dimension rows × level columns.

Rendered like the form PDF (apps/cycle/feedback/pdf.py) through apps/core/pdf.py: an ordinary
template with the print CSS, and a URL fetcher that reads nothing but our own static files.
"""

from itertools import groupby

from apps.core.pdf import render_template_pdf
from apps.rubrics.models import Rubric
from apps.rubrics.services import rubric_grid

TEMPLATE = "rubrics/pdf/rubric.html"


def rubric_sections(rubric: Rubric) -> list[dict]:
    """The grid's rows grouped per role, in order (one section without a role for a phase
    table). Three queries: levels, descriptors, dimensions with their roles."""
    rows = rubric_grid(rubric)
    return [
        {"role": role, "rows": list(group)}
        for role, group in groupby(rows, key=lambda r: r["role"])
    ]


def render_rubric_pdf(rubric: Rubric) -> bytes:
    context = {
        "rubric": rubric,
        "levels": list(rubric.levels.all()),
        "sections": rubric_sections(rubric),
    }
    return render_template_pdf(TEMPLATE, context)
