"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable without either.

The timeline is a bar chart (stacked when split by province); the map of China is a
scatter over longitude and latitude: every county of the gazetteer as a faint dot,
which draws the country's shape, and the places being shown as marks sized by count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

MAX_SERIES = 6  # more groups than this are summed as 其他
OTHER = "其他"

# China spans about 73°–135° E and 18°–54° N; longitude is shrunk by cos(35°) so the
# shape is not stretched sideways.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 73.0, 135.5, 17.5, 54.0
LON_SCALE = math.cos(math.radians(35))
MAP_SCALE = 12.0  # pixels per degree of latitude
LABEL_HEIGHT = 14.0


# -- timeline ------------------------------------------------------------------------------


def timeline_chart(timeline: Mapping[str, Any], width: int = 720, height: int = 220) -> Markup:
    """Bars per period from an /api/timeline response; stacked by group if it is split."""
    keys = list(timeline.get("keys") or [])
    if not keys:
        return Markup("")
    series = _series(timeline)
    totals = {k: sum(values.get(k, 0) for _, values in series) for k in keys}
    top = max(totals.values()) or 1
    left, bottom, plot_h = 36, 28, height - 48
    slot = (width - left - 10) / len(keys)
    bar_w = max(2.0, min(48.0, slot * 0.7))
    parts = [_axes(left, bottom, width, height, top)]
    every = _label_step(keys)
    for i, key in enumerate(keys):
        x = left + i * slot + (slot - bar_w) / 2
        parts.append(_stack(key, x, bar_w, series, height - bottom, plot_h / top))
        if i % every == 0:
            parts.append(_x_label(key, x + bar_w / 2, height - bottom + 16))
    parts.append(_legend(series, left, 12))
    return _svg("timeline-chart", width, height, "".join(parts),
                f"时间分布:{len(keys)} 个时段,最高 {top:g} 篇")


def _series(timeline: Mapping[str, Any]) -> list[tuple[str | None, dict[str, float]]]:
    """(group, {key: value}) in legend order; the smallest groups folded into 其他."""
    value_of = "share" if timeline.get("mode") == "share" and not timeline.get("by") else "count"
    groups = [g["value"] for g in timeline.get("groups") or []]
    shown = groups[:MAX_SERIES] if len(groups) <= MAX_SERIES else groups[:MAX_SERIES - 1]
    series: dict[str | None, dict[str, float]] = {g: {} for g in shown} if groups else {None: {}}
    for bucket in timeline.get("buckets") or []:
        group = bucket.get("group")
        name = group if group in series else (OTHER if groups else None)
        values = series.setdefault(name, {})
        values[bucket["key"]] = values.get(bucket["key"], 0) + (bucket.get(value_of) or 0)
    return list(series.items())


def _axes(left: float, bottom: float, width: float, height: float, top: float) -> str:
    y0 = height - bottom
    return (f'<line class="axis" x1="{left}" y1="{y0}" x2="{width - 8}" y2="{y0}"/>'
            f'<line class="axis" x1="{left}" y1="20" x2="{left}" y2="{y0}"/>'
            f'<text class="axis-label" x="{left - 4}" y="24" text-anchor="end">{top:g}</text>'
            f'<text class="axis-label" x="{left - 4}" y="{y0}" text-anchor="end">0</text>')


def _stack(key: str, x: float, w: float, series: list, base: float, unit: float) -> str:
    rects, y = [], base
    for index, (group, values) in enumerate(series, start=1):
        value = values.get(key, 0)
        if not value:
            continue
        h = value * unit
        y -= h
        label = f"{key} {group}: {value:g}" if group else f"{key}: {value:g}"
        rects.append(
            f'<rect class="bar series-{index}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" data-key="{escape(key)}" data-value="{value:g}">'
            f"<title>{escape(label)}</title></rect>")
    return "".join(rects)


def _label_step(keys: list[str]) -> int:
    return max(1, math.ceil(len(keys) / 12))


def _x_label(key: str, x: float, y: float) -> str:
    return f'<text class="axis-label" x="{x:.1f}" y="{y}" text-anchor="middle">{escape(key)}</text>'


def _legend(series: list[tuple[str | None, dict[str, float]]], x: float, y: float) -> str:
    items, at = [], x + 8
    for index, (group, _) in enumerate(series, start=1):
        if group is None:
            continue
        items.append(
            f'<rect class="series-{index}" x="{at:.0f}" y="{y - 9}" width="10" height="10"/>'
            f'<text class="axis-label" x="{at + 14:.0f}" y="{y}">{escape(group)}</text>')
        at += 24 + 12 * len(group)
    return "".join(items)


# -- map -------------------------------------------------------------------------------------


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude to map pixels (equirectangular, north up)."""
    return (lon - LON_MIN) * LON_SCALE * MAP_SCALE, (LAT_MAX - lat) * MAP_SCALE


def map_size() -> tuple[int, int]:
    w, h = project(LON_MAX, LAT_MIN)
    return math.ceil(w), math.ceil(h)


def background_path(points: Iterable[tuple[float, float]]) -> str:
    """One SVG path of small squares, one per distinct pixel: the shape of the country."""
    cells = set()
    for lon, lat in points:
        x, y = project(lon, lat)
        cells.add((round(x * 2) / 2, round(y * 2) / 2))
    return "".join(f"M{x:g} {y:g}h1.6v1.6h-1.6z" for x, y in sorted(cells))


def china_map(marks: list[Mapping[str, Any]], background: str = "",
              small_marks: list[Mapping[str, Any]] = (), label: str = "地图") -> Markup:
    """``marks``: ``{value, count, region}`` (provinces); ``small_marks``: counties."""
    width, height = map_size()
    top = max((m["count"] for m in marks), default=1) or 1
    parts = [f'<path class="map-dot" d="{background}"/>' if background else ""]
    parts += [_mark(m, top, "map-mark", 6, 16) for m in marks]
    parts += [_mark(m, top, "map-county", 2.5, 5) for m in small_marks]
    parts += _labels(marks)
    return _svg("china-map", width, height, "".join(parts), label)


def _located(mark: Mapping[str, Any]) -> tuple[float, float] | None:
    region = mark.get("region") or {}
    if region.get("lon") is None or region.get("lat") is None:
        return None
    return project(float(region["lon"]), float(region["lat"]))


def _mark(mark: Mapping[str, Any], top: float, css: str, r_min: float, r_max: float) -> str:
    at = _located(mark)
    if at is None:
        return ""
    r = r_min + (r_max - r_min) * math.sqrt((mark.get("count") or 0) / top)
    return (f'<circle class="{css}" cx="{at[0]:.1f}" cy="{at[1]:.1f}" r="{r:.1f}" '
            f'data-name="{escape(mark["value"])}" data-count="{mark.get("count") or 0}">'
            f'<title>{escape(mark["value"])}: {mark.get("count") or 0}</title></circle>')


def _labels(marks: list[Mapping[str, Any]]) -> list[str]:
    """Names beside their marks; a name that would cover one already placed moves down."""
    placed: list[tuple[float, float, float]] = []  # x, y, width
    out = []
    for mark in sorted(marks, key=lambda m: _located(m) or (0.0, 0.0)):
        at = _located(mark)
        if at is None:
            continue
        x, y, w = at[0] + 10, at[1] + 4, 12.5 * len(mark["value"])
        while any(abs(y - py) < LABEL_HEIGHT and x < px + pw and px < x + w
                  for px, py, pw in placed):
            y += LABEL_HEIGHT
        placed.append((x, y, w))
        name = escape(mark["value"])
        out.append(f'<text class="map-label" x="{x:.1f}" y="{y:.1f}">{name}</text>')
    return out


def _svg(css: str, width: int, height: int, body: str, label: str) -> Markup:
    return Markup(
        f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )
