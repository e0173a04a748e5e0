"""Server-rendered SVG for the reports dashboard: bars by period and a schematic map of the 34 provinces."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from lantoa.formats import figure

DATA = Path(__file__).resolve().parent / "data" / "province_centroids.json"
# Five shades of one blue, light to dark (ColorBrewer "Blues"): readable in grey too.
SHADES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#e0e0e0"

BAR_WIDTH = 720
BAR_HEIGHT = 220
PAD_LEFT = 64
PAD_BOTTOM = 28
PAD_TOP = 12


@cache
def centroids() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _nice_max(value: float) -> float:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    css_class: str
    label: str
    value: Decimal | None

    @property
    def value_text(self) -> str:
        return figure(self.value)


def bar_chart(*, labels: list[str], series: list[tuple[str, str, list[Decimal | None]]]) -> dict:
    """Grouped bars: one group per label, one bar per series (name, css class, values aligned on labels)."""
    top = _nice_max(float(max((v for _n, _c, values in series for v in values if v is not None), default=0)))
    plot_w = BAR_WIDTH - PAD_LEFT - 8
    plot_h = BAR_HEIGHT - PAD_TOP - PAD_BOTTOM
    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.7 / max(len(series), 1)
    bars = []
    for s, (name, css, values) in enumerate(series):
        for i, value in enumerate(values):
            height = plot_h * float(value or 0) / top
            x = PAD_LEFT + group_w * i + group_w * 0.15 + bar_w * s
            bars.append(
                Bar(
                    x=f"{x:.1f}",
                    y=f"{PAD_TOP + plot_h - height:.1f}",
                    width=f"{bar_w:.1f}",
                    height=f"{height:.1f}",
                    css_class=css,
                    label=f"{name} · {labels[i]}",
                    value=value,
                )
            )
    grid = [
        {"y": f"{PAD_TOP + plot_h - plot_h * k / 4:.1f}", "value": int(top * k / 4), "text": figure(int(top * k / 4))}
        for k in range(5)
    ]
    ticks = [{"x": f"{PAD_LEFT + group_w * (i + 0.5):.1f}", "label": label} for i, label in enumerate(labels)]
    return {
        "width": BAR_WIDTH,
        "height": BAR_HEIGHT,
        "bars": bars,
        "grid": grid,
        "ticks": ticks,
        "left": PAD_LEFT,
        "right": BAR_WIDTH - 8,
        "label_y": BAR_HEIGHT - 8,
        "series": [(name, css) for name, css, _values in series],
    }


MAP_SCALE = 52  # pixels per degree
MAP_WEST, MAP_EAST, MAP_NORTH, MAP_SOUTH = 102.0, 115.0, 23.6, 8.4


def _xy(lat: float, lon: float) -> tuple[float, float]:
    return (lon - MAP_WEST) * MAP_SCALE + 10, (MAP_NORTH - lat) * MAP_SCALE + 10


def _classes(values: list[Decimal]) -> list[Decimal]:
    """Upper bounds of five classes by quantile, so each shade holds about as many provinces."""
    ordered = sorted(values)
    if not ordered:
        return []
    return [ordered[min(len(ordered) - 1, (len(ordered) * k) // 5)] for k in range(1, 5)]


def province_map(*, provinces: list[tuple[str, str, Decimal | None, str]]) -> dict:
    """Circles at each province's centroid shaded by its value: provinces are (code, name, value, link)."""
    data = centroids()
    bounds = _classes([value for _c, _n, value, _l in provinces if value is not None])
    points = []
    for code, name, value, link in provinces:
        position = data["provinces"].get(code)
        if position is None:
            continue
        x, y = _xy(*position)
        if value is None:
            fill, shade = NO_DATA, -1
        else:
            shade = next((k for k, bound in enumerate(bounds) if value <= bound), len(SHADES) - 1)
            fill = SHADES[shade]
        points.append(
            {
                "code": code,
                "name": name,
                "value": value,
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "fill": fill,
                "dark": shade >= 3,
                "link": link,
            }
        )
    islands = []
    for name, (lat, lon) in data["archipelagos"].items():
        x, y = _xy(lat, lon)
        islands.append({"name": name, "x": f"{x:.1f}", "y": f"{y:.1f}"})
    width = (MAP_EAST - MAP_WEST) * MAP_SCALE + 20
    height = (MAP_NORTH - MAP_SOUTH) * MAP_SCALE + 20
    legend = []
    low = None
    for k, color in enumerate(SHADES):
        high = bounds[k] if k < len(bounds) else None
        legend.append({"color": color, "low": low, "high": high})
        low = high
    return {"width": f"{width:.0f}", "height": f"{height:.0f}", "points": points, "islands": islands, "legend": legend}
