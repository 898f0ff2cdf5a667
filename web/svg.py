"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable without either.

The timeline is a bar chart (stacked when split by province); the map of China is
``web.choropleth``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

MAX_SERIES = 6  # more groups than this are summed as 其他
OTHER = "其他"


# -- timeline ------------------------------------------------------------------------------


def timeline_chart(timeline: Mapping[str, Any], width: int = 720, height: int = 240) -> Markup:
    """Bars per period from an /api/timeline response: stacked by group when it is split
    into counts; side by side when split into shares (shares of different groups do not
    add up). The legend is HTML beside it (``timeline_legend``), readable at any width."""
    keys = list(timeline.get("keys") or [])
    if not keys:
        return Markup("")
    series = chart_series(timeline)
    share = timeline.get("mode") == "share"
    stacked = not (share and timeline.get("by"))
    heights = ({k: sum(values.get(k, 0) for _, values in series) for k in keys} if stacked
               else {k: max(values.get(k, 0) for _, values in series) for k in keys})
    top = max(heights.values()) or 1
    left, bottom, plot_h = 56, 34, height - 58
    slot = (width - left - 10) / len(keys)
    bar_w = max(2.0, min(48.0, slot * 0.7))
    parts = [_axes(left, bottom, width, height, _value_label(top, share))]
    every = _label_step(keys)
    for i, key in enumerate(keys):
        x = left + i * slot + (slot - bar_w) / 2
        draw = _stack if stacked else _side_by_side
        parts.append(draw(key, x, bar_w, series, height - bottom, plot_h / top, share))
        if i % every == 0:
            parts.append(_x_label(key, x + bar_w / 2, height - bottom + 22))
    highest = _value_label(top, share) + ("" if share else " 篇")
    return svg_element("timeline-chart", width, height, "".join(parts),
                f"时间分布:{len(keys)} 个时段,最高 {highest}")


def _value_label(value: float, share: bool) -> str:
    return f"{value:.1%}" if share else f"{value:g}"


def chart_series(timeline: Mapping[str, Any]) -> list[tuple[str | None, dict[str, float]]]:
    """(group, {key: value}) in legend order; the smallest groups folded into 其他 (their
    counts summed; as shares, 其他 is left out: a share of several groups is no one share)."""
    share = timeline.get("mode") == "share"
    value_of = "share" if share else "count"
    groups = [g["value"] for g in timeline.get("groups") or []]
    shown = groups[:MAX_SERIES] if len(groups) <= MAX_SERIES else groups[:MAX_SERIES - 1]
    series: dict[str | None, dict[str, float]] = {g: {} for g in shown} if groups else {None: {}}
    for bucket in timeline.get("buckets") or []:
        group = bucket.get("group")
        name = group if group in series else (OTHER if groups else None)
        if name == OTHER and share:
            continue
        values = series.setdefault(name, {})
        values[bucket["key"]] = values.get(bucket["key"], 0) + (bucket.get(value_of) or 0)
    return list(series.items())


def timeline_legend(timeline: Mapping[str, Any]) -> Markup:
    """The chart's series as an HTML list with their colours (nothing when not split)."""
    items = [Markup('<li><span class="legend-swatch series-{}"></span>{}</li>').format(i, group)
             for i, (group, _) in enumerate(chart_series(timeline), start=1) if group]
    return Markup('<ul class="chart-legend">{}</ul>').format(Markup("").join(items)) \
        if items else Markup("")


def _axes(left: float, bottom: float, width: float, height: float, top: str) -> str:
    y0 = height - bottom
    return (f'<line class="axis" x1="{left}" y1="{y0}" x2="{width - 8}" y2="{y0}"/>'
            f'<line class="axis" x1="{left}" y1="20" x2="{left}" y2="{y0}"/>'
            f'<text class="axis-label" x="{left - 6}" y="28" text-anchor="end">{top}</text>'
            f'<text class="axis-label" x="{left - 6}" y="{y0}" text-anchor="end">0</text>')


def _stack(key: str, x: float, w: float, series: list, base: float, unit: float,
           share: bool) -> str:
    rects, y = [], base
    for index, (group, values) in enumerate(series, start=1):
        value = values.get(key, 0)
        if value:
            y -= value * unit
            rects.append(_bar(key, index, group, value, x, y, w, value * unit, share))
    return "".join(rects)


def _side_by_side(key: str, x: float, w: float, series: list, base: float, unit: float,
                  share: bool) -> str:
    each = w / len(series)
    rects = []
    for index, (group, values) in enumerate(series, start=1):
        value = values.get(key, 0)
        if value:
            h = value * unit
            rects.append(_bar(key, index, group, value, x + (index - 1) * each, base - h, each,
                              h, share))
    return "".join(rects)


def _bar(key: str, index: int, group: str | None, value: float, x: float, y: float, w: float,
         h: float, share: bool) -> str:
    shown = _value_label(value, share)
    label = f"{key} {group}: {shown}" if group else f"{key}: {shown}"
    return (f'<rect class="bar series-{index}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" data-key="{escape(key)}" data-value="{value:g}"'
            f'{f" data-group={_attr(group)}" if group else ""}>'
            f"<title>{escape(label)}</title></rect>")


def _attr(value: str) -> str:
    return f'"{escape(value)}"'


def _label_step(keys: list[str]) -> int:
    return max(1, math.ceil(len(keys) / 10))


def _x_label(key: str, x: float, y: float) -> str:
    return f'<text class="axis-label" x="{x:.1f}" y="{y}" text-anchor="middle">{escape(key)}</text>'


def svg_element(css: str, width: int, height: int, body: str, label: str) -> Markup:
    return Markup(
        f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )
