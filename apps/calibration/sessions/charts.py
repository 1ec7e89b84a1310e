"""The indicator heatmap as server-rendered SVG data (criterion 29): one grid per outcome,
exemplars × indicators, each cell darker with the share who ticked it and always labelled with
the percentage, so nothing is told by colour alone. The table beside it holds the same data."""

from dataclasses import dataclass

from apps.calibration.sessions.selectors import HeatRow

CELL_W, CELL_H, LABEL_W, HEAD_H = 44, 30, 90, 24


@dataclass
class Grid:
    outcome: object
    indicators: list
    rows: list  # (exemplar, y, [(cell, x)])
    width: int
    height: int


def heatmap_grids(rows: list[HeatRow]) -> list[Grid]:
    grids: dict[int, Grid] = {}
    for row in rows:
        outcome = row.exemplar.outcome
        grid = grids.get(outcome.pk)
        if grid is None:
            indicators = [cell.indicator for cell in row.cells]
            grid = grids[outcome.pk] = Grid(
                outcome=outcome,
                indicators=[
                    {"n": i + 1, "x": LABEL_W + i * CELL_W + CELL_W // 2, "text": ind.text}
                    for i, ind in enumerate(indicators)
                ],
                rows=[],
                width=LABEL_W + CELL_W * len(indicators),
                height=HEAD_H,
            )
        y = grid.height
        cells = [
            {
                "x": LABEL_W + i * CELL_W,
                "tx": LABEL_W + i * CELL_W + CELL_W // 2,
                "opacity": round(0.1 + 0.9 * cell.share, 2),
                "dark": cell.share >= 0.5,
                "cell": cell,
            }
            for i, cell in enumerate(row.cells)
        ]
        grid.rows.append({"exemplar": row.exemplar, "y": y, "ty": y + 19, "cells": cells})
        grid.height += CELL_H
    return list(grids.values())
