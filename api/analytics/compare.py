"""Provinces, or named queries, side by side: articles, programmes, union bodies, key figures.

The ``province`` parameters name the columns, not a filter; every other filter
(theme, programme, q, dates) narrows each column alike. With ``query=NAME:WORDS``
values the columns are those searches instead, and provinces filter each of them.
Counts come from the backend's facets, figures from the archive's figure table for the
column's articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from api.analytics.figures import NEWEST_FIRST, Selection, figure_rows
from api.analytics.places import RegionIndex
from api.schemas import counts, hit_object
from indexer.archive import Archive
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery
from indexer.tables.figure_totals import ledger_part
from indexer.tables.figures import (
    FigureKey,
    figure_keys,
    in_province,
    named_figures,
    part_selection,
)
from indexer.tables.figures_less import part_but_words, part_less
from indexer.tables.scope import search_scope

TOP = 10  # articles, programmes, bodies and figures shown per column
# The figures a column's key figures are ranked from: the newest articles' first.
KEY_FIGURE_ROWS = 5000
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
    return known_provinces(names, regions)


def known_provinces(names: Sequence[str], regions: RegionIndex) -> list[dict[str, Any]]:
    """The region objects of ``names`` as sent, each a province given once, or why not:
    a blank or unknown name never matches a report, so it is a mistake to report."""
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
    columns = [_column(backend, archive, regions, ColumnScope.of_province(base, province))
               for province in provinces]
    return {"by": "province", "columns": columns, "shared_programmes": _shared(columns)}


def compare_queries(backend: SearchBackend, archive: Archive, regions: RegionIndex,
                    query: SearchQuery, named: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Named queries side by side (``[(name, text)]``), each narrowed by all of ``query``:
    its text and filters, provinces included."""
    if not named:
        raise CompareError("give one or more query= values to compare, "
                           "e.g. query=驿站:工会驿站&query=书屋:职工书屋")
    columns = [_column(backend, archive, regions, ColumnScope.of_query(query, name, text))
               for name, text in named]
    return {"by": "query", "columns": columns, "shared_programmes": _shared(columns)}


@dataclass(frozen=True)
class ColumnScope:
    """What one column counts: its label, its search, and its province if it is one."""

    value: str
    query: SearchQuery
    region: dict[str, Any] | None = None
    text: str | None = None  # a named query's own words

    @classmethod
    def of_province(cls, base: SearchQuery, province: dict[str, Any]) -> ColumnScope:
        filters = {**base.filters, "province": (province["name"],)}
        return cls(province["name"], replace(base, filters=filters), province)

    @classmethod
    def of_query(cls, base: SearchQuery, name: str, text: str) -> ColumnScope:
        words = f"{base.text} {text}".strip()
        return cls(name, replace(base, text=words), text=text)

    @property
    def province(self) -> str | None:
        return self.region["name"] if self.region else None


def _column(backend: SearchBackend, archive: Archive, regions: RegionIndex,
            column: ColumnScope) -> dict[str, Any]:
    scoped = replace(column.query, page=1, size=TOP, facets=COLUMN_FACETS, facet_size=TOP,
                     highlight=False)
    result = backend.search(scoped)
    return {
        "value": column.value,
        "query": column.text,
        "count": result.total,
        "region": column.region,
        "articles": [_brief(hit_object(h)) for h in result.hits],
        "programmes": counts(result.facets.get("programme", [])),
        "orgs": counts(result.facets.get("org", [])),
        "themes": counts(result.facets.get("theme", [])),
        "counties": _counties(result.facets.get("county", []), column.province, regions),
        "figures": key_figures(backend, archive, scoped, column.province),
    }


def _brief(hit: dict[str, Any]) -> dict[str, Any]:
    return {key: hit[key] for key in ("id", "title", "date", "source", "page", "url")}


def _counties(values: list, province: str | None, regions: RegionIndex) -> list[dict[str, Any]]:
    placed = []
    for value in values:
        found = regions.find("county", value.value, province=province)
        if found:
            placed.append({"value": value.value, "count": value.count, "region": found[0]})
    return placed


def key_figures(backend: SearchBackend, archive: Archive, query: SearchQuery,
                province: str | None) -> list[dict[str, Any]]:
    """The column's figures that say what they count, the one most reports repeat first.

    Figures are the same when metric, value, unit and change agree; they are ranked by
    the independent reports that state them (``independent_reports``), then newest first.
    Of each, the newest row is shown, with ``reports`` and the articles that repeat it.
    """
    selection = _figures_of(backend, archive, query, province)
    # Ranked by their keys; only the shown figures' rows are read whole.
    groups: dict[tuple, list[FigureKey]] = {}
    for key in figure_keys(archive, selection, NEWEST_FIRST, limit=KEY_FIGURE_ROWS):
        if key.metric:
            groups.setdefault((key.metric, key.value, key.unit, key.change), []).append(key)
    ranked = sorted(groups.values(), key=lambda keys: -independent_reports(keys))[:TOP]
    shown = [key for keys in ranked for key in keys]
    rows = {row["id"]: row for row in figure_rows(archive, named_figures(shown))}
    return [_key_figure([rows[f"{key.article_id}:{key.seq}"] for key in keys], keys)
            for keys in ranked]


def _figures_of(backend: SearchBackend, archive: Archive, query: SearchQuery,
                province: str | None) -> Selection:
    """The figures of ``query``'s articles about ``province``. A search that is a part of
    the ledger (no words or dates, no filter but this province) is the figures' own
    copies of their article's flags, walked newest first down ``figures_province_newest``
    to the cap; a column of a million articles is not joined to its scope and sorted.
    So is one but for words in most of it, past the articles without them."""
    part = ledger_part(query)
    less = None if part is not None else part_but_words(backend, archive, query)
    if part is not None and part.province in ("", province or ""):
        selection = part_selection(part)
    elif less is not None and less[0].province in ("", province or ""):
        selection = part_less(less[0], less[1].less)
    else:
        selection = Selection(search_scope(backend, query))
    return in_province(selection, province) if province else selection


def independent_reports(keys: Sequence[FigureKey]) -> int:
    """Articles stating a figure, a reprint (the same headline in another paper or on
    another day) counted once."""
    return len({key.title for key in keys})


def _key_figure(rows: list[dict[str, Any]], keys: Sequence[FigureKey]) -> dict[str, Any]:
    articles = list({row["article"]["id"]: row["article"] for row in rows}.values())
    return {**rows[0], "reports": independent_reports(keys), "reported_in": articles}


def _shared(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Programmes reported in more than one of the compared columns."""
    seen = Counter(p["value"] for column in columns for p in column["programmes"])
    shared = sorted((n, c) for n, c in seen.items() if c > 1)
    return [{"value": name, "count": count} for name, count in sorted(shared, key=lambda i: -i[1])]
