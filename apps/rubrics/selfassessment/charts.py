"""Growth charts as plain SVG geometry: the template draws them, no JavaScript needed.

A chart has ordered moments along the x-axis and the ordered levels of a rubric along the
y-axis (level 1 at the bottom). Every series is a line through the moments it has a value for.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 140, 60, 16, 44


@dataclass
class Point:
    x: float
    y: float
    label: str


@dataclass
class Series:
    name: str
    css: str
    points: list[Point] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: list[Point]
    y_ticks: list[Point]
    series: list[Series]
    description: str

    @property
    def legend_y(self) -> int:
        return self.height - 8


def line_chart(
    *,
    x_labels: list[str],
    y_labels: list[str],
    series: list[tuple[str, str, list[float | None]]],
) -> Chart:
    """Geometry for `series` = [(name, css class, one value per x label or None)], values on
    the scale 1..len(y_labels). The description says in words what the lines show, for the
    SVG's <desc>."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    steps = max(len(x_labels) - 1, 1)
    levels = max(len(y_labels) - 1, 1)

    def x_at(i: int) -> float:
        return LEFT + (plot_w * i / steps if len(x_labels) > 1 else plot_w / 2)

    def y_at(value: float) -> float:
        return TOP + plot_h - plot_h * (value - 1) / levels

    x_ticks = [Point(x_at(i), HEIGHT - BOTTOM + 22, label) for i, label in enumerate(x_labels)]
    y_ticks = [Point(LEFT - 8, y_at(i + 1), label) for i, label in enumerate(y_labels)]
    drawn, words = [], []
    for name, css, values in series:
        line = Series(name=name, css=css)
        told = []
        for i, value in enumerate(values):
            if value is None:
                continue
            label = _level_label(value, y_labels)
            line.points.append(Point(x_at(i), y_at(value), f"{x_labels[i]}: {label}"))
            told.append(f"{x_labels[i]} {label}")
        drawn.append(line)
        words.append(f"{name}: {', '.join(told) if told else '—'}.")
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        series=drawn,
        description=" ".join(words),
    )


def _level_label(value: float, y_labels: list[str]) -> str:
    """A whole value is a level's name; an average is shown as a number with its nearest
    level."""
    if float(value).is_integer():
        return y_labels[int(value) - 1]
    nearest = y_labels[min(max(round(value), 1), len(y_labels)) - 1]
    return f"{value:.1f} (≈ {nearest})"
