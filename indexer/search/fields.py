"""The index fields both backends build from, and the values derived for them.

One table: the tantivy schema and the Elasticsearch mapping are both generated from
it, so the two indexes cannot drift apart. The stored document itself is always the
unchanged output of ``indexer.documents.index_document``; the fields below are what
is searched, filtered, sorted and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from indexer.dates import date_key
from indexer.search.analysis import segmented
from indexer.search.query import FACETS, MAX_SIZE, SORTS, SearchQuery

# segmented: jieba tokens separated by spaces (whitespace tokenizer on both sides)
# text:      the raw text, kept for display; Elasticsearch also analyses it (cjk)
# keyword:   exact strings, possibly several per document: filters and facet counts
# integer:   sort and range
# date, geo, object, stored: Elasticsearch only; tantivy keeps them in the stored document
Kind = Literal["segmented", "text", "keyword", "integer", "date", "geo", "object", "stored"]


@dataclass(frozen=True)
class IndexField:
    name: str
    kind: Kind
    boost: float = 1.0  # weight of a match in this field (segmented fields)


# Free text is searched in these raw fields, through their segmented twins; a match
# in the title counts most.
TEXT_BOOSTS: dict[str, float] = {"title": 3.0, "kicker": 1.5, "subtitle": 1.5, "body": 1.0}
SEGMENTED_SUFFIX = "_seg"

FIELDS: tuple[IndexField, ...] = (
    IndexField("id", "keyword"),
    *(IndexField(f"{name}{SEGMENTED_SUFFIX}", "segmented", w) for name, w in TEXT_BOOSTS.items()),
    *(IndexField(name, "text") for name in TEXT_BOOSTS),
    *(IndexField(name, "keyword") for name in FACETS),
    IndexField("month", "keyword"),  # "2025-03"; absent when the date has no month
    IndexField("source_code", "keyword"),
    IndexField("primary_adcode", "keyword"),
    IndexField("people", "keyword"),
    IndexField("date_key", "integer"),
    IndexField("date", "date"),
    IndexField("location", "geo"),
    IndexField("primary_region", "object"),
    IndexField("url", "stored"),
    IndexField("page", "stored"),
    IndexField("page_name", "stored"),
    IndexField("lat", "stored"),
    IndexField("lon", "stored"),
)

# Derived at index time, never part of the stored document.
DERIVED_FIELDS: tuple[str, ...] = (
    *(name + SEGMENTED_SUFFIX for name in TEXT_BOOSTS), "month", "location",
)
SEGMENTED_FIELDS: dict[str, float] = {f.name: f.boost for f in FIELDS if f.kind == "segmented"}
# Deepest hit a page may reach, in both backends (Elasticsearch's max_result_window);
# scan() has no limit.
MAX_WINDOW = 10_000


def derived_values(doc: dict[str, Any]) -> dict[str, Any]:
    """The values of DERIVED_FIELDS for one index document."""
    values: dict[str, Any] = {
        name + SEGMENTED_SUFFIX: segmented(doc.get(name) or "") for name in TEXT_BOOSTS
    }
    values["month"] = _month(doc.get("date"))
    if doc.get("lat") is not None and doc.get("lon") is not None:
        values["location"] = {"lat": float(doc["lat"]), "lon": float(doc["lon"])}
    return values


def _month(date: str | None) -> str | None:
    return date[:7] if date and len(date) >= 7 else None


def keyword_values(value: Any) -> list[str]:
    """A keyword field's value as a list of strings (years arrive as int or str)."""
    if value is None:
        return []
    values = value if isinstance(value, list | tuple | set) else [value]
    return [str(v) for v in values if v is not None and str(v) != ""]


def date_bounds(query: SearchQuery) -> tuple[int | None, int | None]:
    """The inclusive date_key range of a query; a partial date_to covers its whole period."""
    return date_key(query.date_from), date_key(query.date_to, last=True)


def effective_sort(query: SearchQuery, terms: list[str]) -> str:
    """Relevance without query terms ranks nothing: show the newest first instead."""
    if query.sort == "relevance" and not terms:
        return "-date"
    return query.sort


def check_query(query: SearchQuery) -> None:
    """Reject what no backend can answer, with the reason (the API validates first)."""
    unknown = [f for f in (*query.filters, *query.facets) if f not in FACETS]
    if unknown:
        raise ValueError(f"unknown facet {unknown[0]!r}; facets are {', '.join(FACETS)}")
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort {query.sort!r}; use one of {', '.join(SORTS)}")
    if query.page < 1 or not 0 <= query.size <= MAX_SIZE:
        raise ValueError(f"page must be >= 1 and size between 0 and {MAX_SIZE}")
    if query.offset + query.size > MAX_WINDOW:
        raise ValueError(f"pages stop at hit {MAX_WINDOW}: narrow the query, or export it")
    date_bounds(query)
