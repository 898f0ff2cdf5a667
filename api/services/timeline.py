"""Articles per year or month for any search."""

from __future__ import annotations

from typing import Any

from api.analytics.timeline import Interval
from api.analytics.timeline import timeline as counted_timeline
from api.services import Services
from api.services.answers import kept
from indexer.search.query import SearchQuery


@kept
def timeline(services: Services, query: SearchQuery, interval: Interval = "year",
             by: str | None = None, mode: str = "count") -> dict[str, Any]:
    """The /api/timeline response: buckets split by the facet ``by``, counts or shares."""
    return counted_timeline(services.backend, query, interval, by, mode)


def search_timeline(services: Services, query: SearchQuery) -> dict[str, Any]:
    """The search's articles by year, or by month when every hit falls in one year."""
    by_year = timeline(services, query, "year")
    if len(by_year["keys"]) == 1:
        return timeline(services, query, "month")
    return by_year
