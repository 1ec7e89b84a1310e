"""Formatting of calibration figures: a share as a percentage, a coefficient with two
decimals, a rate per 100 with one, always in the active language's number format."""

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_value(value, kind: str) -> str:
    """`kind`: "pct" (a share shown as a percentage), "coef" (κ, AC1, α) or "rate" (per 100)."""
    if value is None:
        return ""
    if kind == "pct":
        return f"{number_format(value * 100, 0)}%"
    if kind == "rate":
        return number_format(value, 1)
    return number_format(value, 2)


@register.filter
def as_figure(value, kind: str = "coef") -> str:
    return format_value(value, kind)
