"""Provinces side by side: their articles, programmes, union bodies and key figures.

The ``province`` parameters name the columns, not a filter; every other filter
(theme, programme, q, dates) narrows each column alike. Counts come from the
backend's facets, figures from the archive's figure table for the column's articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from api.analytics.figures import NEWEST_FIRST, Selection, figure_rows
from api.analytics.places import RegionIndex
from api.schemas import counts, hit_object
from indexer.archive import Archive
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery
from indexer.tables.figures import in_province
from indexer.tables.scope import search_scope

TOP = 10  # articles, programmes, bodies and figures shown per province
COLUMN_FACETS = ("programme", "org", "theme", "county")


class CompareError(ValueError):
    """Not a comparison: fewer than two provinces, or a name that is no province."""


def check_provinces(names: Sequence[str], regions: RegionIndex) -> list[dict[str, Any]]:
    """The region objects of the compared provinces, or why they cannot be compared.

    ``names`` are the ``province=`` values as sent: each one is a column, so an empty
    or repeated one is a mistake, not a filter value to drop.
    """
    if len(names) < 2:
        raise CompareError("give two or more province= values to compare, "
                           "e.g. province=甘肃省&province=青海省")
    repeated = [name for name, n in Counter(names).items() if n > 1]
    if repeated:
        raise CompareError(f"{repeated[0]!r} is given twice; give each province once")
    found = []
    for name in names:
        region = regions.province(name)
        if region is None:
            raise CompareError(f"unknown province {name!r}{_suggestion(name, regions)}")
        found.append(region)
    return found


def _suggestion(name: str, regions: RegionIndex) -> str:
    full = [r["name"] for r in regions.provinces() if r["name"].startswith(name)]
    return f"; did you mean {full[0]}?" if full else "; use the full name, e.g. 内蒙古自治区"


def compare(backend: SearchBackend, archive: Archive, regions: RegionIndex,
            query: SearchQuery, names: Sequence[str]) -> dict[str, Any]:
    """The provinces ``names`` (as sent) side by side, each narrowed by the rest of ``query``."""
    provinces = check_provinces(names, regions)
    base = query.without_filter("province")
    columns = [_column(backend, archive, regions, base, province) for province in provinces]
    return {"provinces": columns, "shared_programmes": _shared(columns)}


def _column(backend: SearchBackend, archive: Archive, regions: RegionIndex,
            base: SearchQuery, province: dict[str, Any]) -> dict[str, Any]:
    name = province["name"]
    scoped = replace(base, filters={**base.filters, "province": (name,)}, page=1, size=TOP,
                     facets=COLUMN_FACETS, facet_size=TOP, highlight=False)
    result = backend.search(scoped)
    return {
        "value": name,
        "count": result.total,
        "region": province,
        "articles": [_brief(hit_object(h)) for h in result.hits],
        "programmes": counts(result.facets.get("programme", [])),
        "orgs": counts(result.facets.get("org", [])),
        "themes": counts(result.facets.get("theme", [])),
        "counties": _counties(result.facets.get("county", []), name, regions),
        "figures": key_figures(backend, archive, scoped, name),
    }


def _brief(hit: dict[str, Any]) -> dict[str, Any]:
    return {key: hit[key] for key in ("id", "title", "date", "source", "page", "url")}


def _counties(values: list, province: str, regions: RegionIndex) -> list[dict[str, Any]]:
    placed = []
    for value in values:
        found = regions.find("county", value.value, province=province)
        if found:
            placed.append({"value": value.value, "count": value.count, "region": found[0]})
    return placed


def key_figures(backend: SearchBackend, archive: Archive, query: SearchQuery,
                province: str) -> list[dict[str, Any]]:
    """The province's figures that say what is counted, newest articles first."""
    selection = in_province(Selection(search_scope(backend, query)), province)
    return list(figure_rows(archive, selection, NEWEST_FIRST, limit=TOP))


def _shared(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Programmes reported in more than one of the compared provinces."""
    seen = Counter(p["value"] for column in columns for p in column["programmes"])
    shared = sorted((n, c) for n, c in seen.items() if c > 1)
    return [{"value": name, "count": count} for name, count in sorted(shared, key=lambda i: -i[1])]
