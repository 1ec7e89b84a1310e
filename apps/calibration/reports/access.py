"""Who reads the reports: the praktijkbureau and the examencommissie; for anyone else the pages
do not exist (404)."""

import re

from django.utils import timezone

from apps.calibration.audit.access import require_read
from apps.placements.models import SCHOOL_YEAR_PATTERN, school_year_of

__all__ = ["require_read", "school_year_asked"]


def school_year_asked(value: str | None) -> str:
    """The school year asked for (?schooljaar=2026-2027), else the current one."""
    if value and re.fullmatch(SCHOOL_YEAR_PATTERN, value) and int(value[5:]) == int(value[:4]) + 1:
        return value
    return school_year_of(timezone.localdate())
