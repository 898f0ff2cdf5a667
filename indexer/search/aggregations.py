"""Facet counts and timelines: the aggregation requests and results both backends share.

tantivy's aggregations take and return Elasticsearch's JSON shape, so one request
builder and one result reader serve both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indexer.search.query import FACETS, Bucket, FacetValue, SearchQuery

FACET_SLACK = 20  # extra buckets asked for, so ties at the cut are broken by value
# More values than any facet has: a segment's counts of every value merged (exact counts).
ALL_VALUES = 10_000_000
# The number of documents aggregated, counted in the same pass as the facets: every
# document has exactly one id.
DOC_COUNT = "_documents"
DOC_COUNT_AGGREGATION: dict[str, Any] = {"value_count": {"field": "id"}}
HISTOGRAM_FIELDS: dict[str, str] = {"year": "year", "month": "month"}
HISTOGRAM_SIZE = 10_000
GROUP_SIZE = 1_000


def facet_scopes(query: SearchQuery) -> dict[str | None, list[str]]:
    """Facets grouped by the filter they are counted without (None: every filter applies).

    Multi-select facets: a ticked province must not hide the other provinces'
    counts, so each filtered facet is counted with every filter except its own.
    """
    active = query.active_filters()
    scopes: dict[str | None, list[str]] = {}
    for facet in query.facets:
        scopes.setdefault(facet if facet in active else None, []).append(facet)
    return scopes


def facet_aggregation(facet: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": facet, "size": size + FACET_SLACK}}


def facet_values(result: dict[str, Any] | None, size: int) -> list[FacetValue]:
    """Most frequent first, ties by value, whatever order the engine returned."""
    buckets = (result or {}).get("buckets", [])
    ranked = sorted(buckets, key=lambda b: (-b["doc_count"], str(b["key"])))
    return [FacetValue(str(b["key"]), int(b["doc_count"])) for b in ranked[:size]]


def ranked_values(counts: Mapping[str, int], size: int) -> list[FacetValue]:
    """``facet_values``'s order and cut, from counts of every value (zeros left out)."""
    ranked = sorted((item for item in counts.items() if item[1] > 0),
                    key=lambda item: (-item[1], item[0]))
    return [FacetValue(value, count) for value, count in ranked[:size]]


def all_counts(result: dict[str, Any] | None) -> dict[str, int]:
    """Every value's count from a terms aggregation that was to return them all; refuses
    a partial answer (the engine says values or counts were left out), since one is
    subtracted from another and a missing value would silently come out wrong."""
    result = result or {}
    if result.get("sum_other_doc_count", 0) or result.get("doc_count_error_upper_bound", 0):
        raise ValueError("the engine returned partial facet counts")
    return {str(b["key"]): int(b["doc_count"]) for b in result.get("buckets", [])}


def doc_count(result: dict[str, Any]) -> int:
    """The documents an aggregation with ``DOC_COUNT`` ran over."""
    return int((result.get(DOC_COUNT) or {}).get("value") or 0)


def histogram_aggregation(interval: str, by: str | None) -> dict[str, Any]:
    if interval not in HISTOGRAM_FIELDS:
        raise ValueError(f"histogram interval must be year or month, not {interval!r}")
    if by is not None and by not in FACETS:
        raise ValueError(f"cannot split a histogram by {by!r}; use one of {', '.join(FACETS)}")
    agg: dict[str, Any] = {"terms": {"field": HISTOGRAM_FIELDS[interval], "size": HISTOGRAM_SIZE}}
    if by:
        agg["aggs"] = {"group": {"terms": {"field": by, "size": GROUP_SIZE}}}
    return agg


def histogram_buckets(result: dict[str, Any], by: str | None) -> list[Bucket]:
    """Buckets in time order (then by group); periods without documents are absent."""
    buckets: list[Bucket] = []
    for bucket in result.get("buckets", []):
        key = str(bucket.get("key_as_string", bucket["key"]))
        if by is None:
            buckets.append(Bucket(key, int(bucket["doc_count"])))
            continue
        for group in bucket.get("group", {}).get("buckets", []):
            buckets.append(Bucket(key, int(group["doc_count"]), str(group["key"])))
    return sorted(buckets, key=lambda b: (b.key, b.group or ""))
