"""Facet counts and timelines: the aggregation requests and results both backends share.

tantivy's aggregations take and return Elasticsearch's JSON shape, so one request
builder and one result reader serve both.
"""

from __future__ import annotations

from typing import Any

from indexer.search.query import FACETS, Bucket, FacetValue, SearchQuery

FACET_SLACK = 20  # extra buckets asked for, so ties at the cut are broken by value
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
