"""Server-rendered chart of plan versus actual: one horizontal bar per target, so the page needs no JavaScript."""

from dataclasses import dataclass

from lantoa.formats import percent as percent_text

WIDTH = 720
ROW_HEIGHT = 30
BAR_HEIGHT = 18
PAD_LEFT = 260
PAD_RIGHT = 64
PAD_TOP = 22
# Bars stop at 150 %: a target passed threefold would otherwise squash every other bar.
SCALE_MAX = 150


@dataclass
class Bar:
    label: str
    percent: float | None
    y: int
    text_y: int
    width: str
    css_class: str
    percent_text: str = "—"


def achievement_bars(rows) -> dict:
    """Bars of % achieved for rows with `label` and `percent` (None: no result yet)."""
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT

    def x(percent: float) -> float:
        return PAD_LEFT + plot_w * min(percent, SCALE_MAX) / SCALE_MAX

    bars = []
    for n, row in enumerate(rows):
        percent = row.percent
        y = PAD_TOP + n * ROW_HEIGHT
        css = "none" if percent is None else "met" if percent >= 100 else "short"
        bars.append(
            Bar(
                label=row.label,
                percent=percent,
                y=y,
                text_y=y + BAR_HEIGHT // 2,
                width=f"{x(percent or 0) - PAD_LEFT:.1f}",
                css_class=css,
                percent_text="—" if percent is None else percent_text(percent),
            )
        )
    height = PAD_TOP + max(len(rows), 1) * ROW_HEIGHT + 8
    grid = [{"x": f"{x(p):.1f}", "label": percent_text(p)} for p in (0, 50, 100, 150)]
    return {
        "width": WIDTH,
        "height": height,
        "left": PAD_LEFT,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
        "grid": grid,
        "hundred": f"{x(100):.1f}",
        "value_x": WIDTH - 4,
    }
