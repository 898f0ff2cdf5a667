"""Counts per year or month for any search, split by a facet when asked.

As a share, each count is divided by all articles of the same period (and the same
group) from the same newspapers, whatever the query: a paper that publishes more,
or a busy month, then does not look more active on a topic than it is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from indexer.search.base import SearchBackend
from indexer.search.query import Bucket, SearchQuery

Interval = Literal["year", "month"]
INTERVALS: tuple[str, ...] = ("year", "month")
MODES: tuple[str, ...] = ("count", "share")


def share_scope(query: SearchQuery) -> SearchQuery:
    """The denominator's articles: same dates and newspapers, no text, no other filter."""
    sources = {k: v for k, v in query.filters.items() if k == "source"}
    return replace(query, text="", filters=sources)


def timeline(
    backend: SearchBackend, query: SearchQuery, interval: Interval = "year",
    by: str | None = None, mode: str = "count",
) -> dict[str, Any]:
    buckets = backend.histogram(query, interval, by)
    totals = _totals(backend, query, interval, by) if mode == "share" else {}
    rows = [_bucket(b, totals, mode) for b in buckets]
    return {
        "interval": interval, "by": by, "mode": mode,
        "buckets": rows,
        "groups": _groups(buckets) if by else [],
        "keys": sorted({b.key for b in buckets}),
    }


def _totals(backend: SearchBackend, query: SearchQuery, interval: Interval,
            by: str | None) -> dict[tuple[str, str | None], int]:
    return {(b.key, b.group): b.count for b in backend.histogram(share_scope(query), interval, by)}


def _bucket(bucket: Bucket, totals: dict[tuple[str, str | None], int], mode: str
            ) -> dict[str, Any]:
    row: dict[str, Any] = {"key": bucket.key, "group": bucket.group, "count": bucket.count}
    if mode == "share":
        total = totals.get((bucket.key, bucket.group), 0)
        row["total"] = total
        row["share"] = round(bucket.count / total, 4) if total else None
    return row


def _groups(buckets: list[Bucket]) -> list[dict[str, Any]]:
    """The series of a split timeline, largest first, as ``{value, count}``."""
    sums: dict[str, int] = {}
    for b in buckets:
        if b.group is not None:
            sums[b.group] = sums.get(b.group, 0) + b.count
    return [{"value": g, "count": n} for g, n in sorted(sums.items(), key=lambda i: (-i[1], i[0]))]
