"""Server-rendered charts: the points of an inline SVG line chart, so the dashboard needs no JavaScript library."""

import math
from dataclasses import dataclass
from datetime import date

from lantoa.formats import figure

WIDTH = 720
HEIGHT = 220
PAD_LEFT = 56
PAD_RIGHT = 12
PAD_BOTTOM = 28
PAD_TOP = 12
MAX_DATE_LABELS = 6


@dataclass
class Line:
    name: str
    css_class: str
    points: str
    total: int


def nice_ticks(largest: float, *, most: int = 6) -> list[float]:
    """Axis ticks from 0 in a 1-2-5 step (0, 1, 2, 3, 4, 5 or 0, 200, 400…), covering `largest` in at most
    `most` intervals, so every gap between two labels is the same."""
    if largest <= 0:
        return [0, 1, 2, 3, 4, 5]
    rough = largest / most
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    if step < 1:
        step = 1
    count = max(math.ceil(largest / step), 1)
    return [k * step for k in range(count + 1)]


def figure_text(value: float) -> str:
    """A chart figure in the active language's form (lantoa.formats.figure): 1.759.995, whole numbers without
    a decimal part."""
    return figure(int(value) if float(value).is_integer() else value)


def line_chart(*, days: list[date], lines: list[tuple[str, str, list[int]]]) -> dict:
    """Polylines for `lines` (name, css class, values per day, aligned on the first series' days)."""
    count = max(len(days), 1)
    ticks_y = nice_ticks(max((max(values, default=0) for _n, _c, values in lines), default=0))
    top = ticks_y[-1]
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(i: int) -> float:
        return PAD_LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return PAD_TOP + plot_h - plot_h * v / top

    drawn = [
        Line(
            name=name,
            css_class=css,
            points=" ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values[:count])),
            total=sum(values),
        )
        for name, css, values in lines
    ]
    grid = [{"y": f"{y(value):.1f}", "value": figure_text(value)} for value in ticks_y]
    ticks = []
    if days:
        labels = min(count, MAX_DATE_LABELS)
        positions = sorted({round((count - 1) * k / (labels - 1)) for k in range(labels)}) if labels > 1 else [0]
        for i in positions:
            # The first label starts at the axis and the last ends at the edge, so neither is cut.
            anchor = "start" if i == 0 and count > 1 else "end" if i == count - 1 and count > 1 else "middle"
            ticks.append({"x": f"{x(i):.1f}", "label": days[i].strftime("%d/%m/%Y"), "anchor": anchor})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": drawn,
        "grid": grid,
        "ticks": ticks,
        "left": PAD_LEFT,
        "right": WIDTH - PAD_RIGHT,
        "baseline": f"{y(0):.1f}",
        "label_y": HEIGHT - 8,
    }
