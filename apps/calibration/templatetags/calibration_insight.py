"""Formatting of calibration figures: a share as a percentage, a coefficient with two
decimals, a rate per 100 with one, always in the active language's number format."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_value(value, kind: str) -> str:
    """`kind`: "pct" (a share shown as a percentage), "coef" (κ, AC1, α) or "rate" (per 100)."""
    if value is None:
        return ""
    if kind == "pct":
        return f"{number_format(_rounded(value * 100, 0), 0)}%"
    if kind == "rate":
        return number_format(_rounded(value, 1), 1)
    return number_format(_rounded(value, 2), 2)


def _rounded(value: float, places: int) -> Decimal:
    """Rounded half up on the shortest decimal form of `value`: number_format cuts a float's
    digits off (2/3 would read 0,66 and 66%)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@register.filter
def as_figure(value, kind: str = "coef") -> str:
    return format_value(value, kind)
