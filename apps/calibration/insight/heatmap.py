"""The disagreement map as a server-rendered SVG (criterion 29): every cell carries its value
as text, a suppressed cell is hatched and says "–", so nothing is told by colour alone; the
table below the map says the same in words."""

from django.utils.translation import gettext as _

from apps.calibration.templatetags.calibration_insight import format_value

LABEL_WIDTH = 260
CELL_WIDTH = 110
CELL_HEIGHT = 34
HEADER_HEIGHT = 40
# Light fills, dark text on each (contrast above 7:1); the band is also in the cell's text.
BANDS = [(0, "#f7fbff"), (5, "#deebf7"), (10, "#c6dbef"), (20, "#9ecae1"), (40, "#6baed6")]


def band_of(rate: float) -> str:
    fill = BANDS[0][1]
    for bound, colour in BANDS:
        if rate >= bound:
            fill = colour
    return fill


def _short(text: str, size: int = 38) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def heatmap(dmap) -> dict:
    """The geometry of the SVG: column heads, row heads and cells with their text."""
    width = LABEL_WIDTH + CELL_WIDTH * len(dmap.columns)
    heads = [
        {"x": LABEL_WIDTH + CELL_WIDTH * i + CELL_WIDTH / 2, "text": _short(c, 16), "full": c}
        for i, c in enumerate(dmap.columns)
    ]
    rows = []
    for j, row in enumerate(dmap.rows):
        y = HEADER_HEIGHT + CELL_HEIGHT * j
        label = (f"{row.code} " if row.code else "↳ ") + row.label
        cells = []
        for i, figure in enumerate(row.cells):
            shown = figure.shown
            cells.append(
                {
                    "x": LABEL_WIDTH + CELL_WIDTH * i,
                    "fill": band_of(figure.value) if shown else "url(#te-weinig)",
                    "text": format_value(figure.value, "rate") if shown else "–",
                    "title": (
                        _("%(row)s, %(col)s: %(rate)s per 100 oordelen (n = %(n)s)")
                        % {
                            "row": row.label,
                            "col": dmap.columns[i],
                            "rate": format_value(figure.value, "rate"),
                            "n": figure.n,
                        }
                        if shown
                        else _("%(row)s, %(col)s: te weinig gegevens")
                        % {"row": row.label, "col": dmap.columns[i]}
                    ),
                }
            )
        rows.append({"y": y, "label": _short(label), "full": label, "cells": cells})
    return {
        "width": width,
        "height": HEADER_HEIGHT + CELL_HEIGHT * len(dmap.rows) + 4,
        "label_width": LABEL_WIDTH,
        "cell_width": CELL_WIDTH,
        "cell_height": CELL_HEIGHT,
        "heads": heads,
        "rows": rows,
    }
