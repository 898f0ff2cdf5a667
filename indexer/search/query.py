"""The backend-neutral search request and result.

The API parses request arguments into a ``SearchQuery`` (no backend in it), which
``validation`` checks; each backend translates it into its own query language and
returns a ``SearchResult``. Every backend runs the same behaviour suite on these objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from indexer.dates import date_key
from indexer.search.facets import FACETS

SORTS: tuple[str, ...] = ("relevance", "date", "-date")
# What a search counts and lists: each report once (its lead printing), or every printing.
COUNTS: tuple[str, ...] = ("stories", "printings")
MAX_SIZE = 100
# Deepest hit a page may reach, in every backend (Elasticsearch refuses deeper pages by
# default, and they cost every engine more than they are worth): whoever needs every
# hit scans them (/api/export streams them).
MAX_WINDOW = 10_000

Sort = Literal["relevance", "date", "-date"]
Count = Literal["stories", "printings"]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # facet -> accepted values; values of one facet are ORed, facets are ANDed.
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str | None = None  # inclusive, YYYY-MM-DD
    date_to: str | None = None  # inclusive, YYYY-MM-DD
    sort: Sort = "relevance"
    page: int = 1
    size: int = 20
    facets: tuple[str, ...] = FACETS
    facet_size: int = 20
    highlight: bool = True
    # Every document unless asked; the API asks for stories unless told (api.search_params).
    count: Count = "printings"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def without_filter(self, facet: str) -> SearchQuery:
        """The same query minus one facet's filter: the scope for that facet's counts."""
        rest = {k: v for k, v in self.filters.items() if k != facet}
        return _replace(self, filters=rest)

    def active_filters(self) -> dict[str, tuple[str, ...]]:
        return {k: tuple(v) for k, v in self.filters.items() if v}


def _replace(query: SearchQuery, **changes: Any) -> SearchQuery:
    return replace(query, **changes)


def date_bounds(query: SearchQuery) -> tuple[int | None, int | None]:
    """The inclusive date_key range of a query; a partial date_to covers its whole period."""
    return date_key(query.date_from), date_key(query.date_to, last=True)


def effective_sort(query: SearchQuery, ranked: bool) -> str:
    """Relevance without words looked for ranks nothing: show the newest first instead."""
    if query.sort == "relevance" and not ranked:
        return "-date"
    return query.sort


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass
class Hit:
    id: str
    score: float
    doc: dict[str, Any]
    snippet: str | None = None  # body excerpt with matches wrapped in <mark>…</mark>


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]


@dataclass(frozen=True)
class Bucket:
    """One bar of a timeline: ``key`` is "2025" or "2025-03"; ``group`` a province when split."""

    key: str
    count: int
    group: str | None = None


@dataclass
class IndexReport:
    indexed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (doc id, reason)
