"""Server-rendered SVG for the reports dashboard: bars by period and a schematic map of the 34 provinces."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from lantoa.analytics.charts import figure_text, nice_ticks

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


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    css_class: str
    label: str
    value: Decimal | None
    value_text: str


def bar_chart(*, labels: list[str], series: list[tuple[str, str, list[Decimal | None]]]) -> dict:
    """Grouped bars: one group per label, one bar per series (name, css class, values aligned on labels)."""
    ticks_y = nice_ticks(float(max((v for _n, _c, values in series for v in values if v is not None), default=0)))
    top = ticks_y[-1]
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
                    value_text="–" if value is None else figure_text(value),
                )
            )
    grid = [{"y": f"{PAD_TOP + plot_h - plot_h * t / top:.1f}", "value": figure_text(t)} for t in ticks_y]
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


MAX_RADIUS = 22
MIN_RADIUS = 5


def province_map(*, provinces: list[tuple[str, str, Decimal | None, str]]) -> dict:
    """Proportional symbols: a circle at each province's centroid, its area proportional to the value and its
    shade giving the value's fifth, so both size and colour read without the codes that no one could read.
    Provinces are (code, name, value, link); names show on hover and keyboard focus."""
    data = centroids()
    values = [value for _c, _n, value, _l in provinces if value is not None]
    bounds = _classes(values)
    largest = float(max(values, default=0)) or 1.0
    points = []
    for code, name, value, link in provinces:
        position = data["provinces"].get(code)
        if position is None:
            continue
        x, y = _xy(*position)
        if value is None:
            fill, shade, radius = NO_DATA, -1, MIN_RADIUS
        else:
            shade = next((k for k, bound in enumerate(bounds) if value <= bound), len(SHADES) - 1)
            fill = SHADES[shade]
            radius = max(MIN_RADIUS, MAX_RADIUS * math.sqrt(max(float(value), 0) / largest))
        points.append(
            {
                "code": code,
                "name": name,
                "value": value,
                "value_text": "–" if value is None else figure_text(value),
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "r": f"{radius:.1f}",
                "label_y": f"{y - radius - 6:.1f}",
                "fill": fill,
                "link": link,
            }
        )
    # Large circles first, so a small neighbour stays on top and can be pointed at.
    points.sort(key=lambda p: -float(p["r"]))
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
        legend.append(
            {
                "color": color,
                "low": "0" if low is None else figure_text(low),
                "high": None if high is None else figure_text(high),
            }
        )
        low = high
    sizes = []
    if values:
        for share in (1.0, 0.25):
            sizes.append({"r": f"{MAX_RADIUS * math.sqrt(share):.1f}", "value": figure_text(round(largest * share))})
    return {
        "width": f"{width:.0f}",
        "height": f"{height:.0f}",
        "points": points,
        "islands": islands,
        "legend": legend,
        "sizes": sizes,
    }
