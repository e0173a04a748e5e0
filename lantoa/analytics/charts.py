"""Server-rendered charts: the points of an inline SVG line chart, so the dashboard needs no JavaScript library."""

from dataclasses import dataclass
from datetime import date

from lantoa.formats import figure

WIDTH = 720
HEIGHT = 220
PAD_LEFT = 56
PAD_BOTTOM = 28
PAD_TOP = 12


@dataclass
class Line:
    name: str
    css_class: str
    points: str
    total: int


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return value


def line_chart(*, days: list[date], lines: list[tuple[str, str, list[int]]]) -> dict:
    """Polylines for `lines` (name, css class, values per day, aligned on the first series' days)."""
    count = max(len(days), 1)
    top = _nice_max(max((max(values, default=0) for _n, _c, values in lines), default=0))
    plot_w = WIDTH - PAD_LEFT - 8
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(i: int) -> float:
        return PAD_LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: int) -> float:
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
    grid = [
        {"y": f"{y(top * k / 4):.1f}", "value": int(top * k / 4), "text": figure(int(top * k / 4))} for k in range(5)
    ]
    ticks = []
    if days:
        for i in sorted({0, (count - 1) // 2, count - 1}):
            ticks.append({"x": f"{x(i):.1f}", "label": days[i].strftime("%d/%m/%Y")})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": drawn,
        "grid": grid,
        "ticks": ticks,
        "left": PAD_LEFT,
        "right": WIDTH - 8,
        "baseline": f"{y(0):.1f}",
        "label_y": HEIGHT - 8,
    }
