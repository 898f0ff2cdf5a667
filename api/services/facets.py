"""A facet's values beyond the sidebar: a page of them, or those containing some text."""

from __future__ import annotations

from typing import Any

from api.schemas import counts
from api.services import NotFound, Services
from indexer.search.facet_pages import FacetRequest
from indexer.search.facets import FACET_LABELS, FACETS
from indexer.search.query import SearchQuery


def facet_values(services: Services, query: SearchQuery, request: FacetRequest
                 ) -> dict[str, Any]:
    """The /api/facets/{facet} response: the page of values, with the request it answers."""
    if request.facet not in FACETS:
        raise NotFound(f"no facet {request.facet!r}; the facets are {', '.join(FACETS)}")
    page = services.backend.facet_page(query, request)
    return {
        "facet": page.facet, "label": FACET_LABELS[page.facet], "contains": request.contains,
        "offset": request.offset, "limit": request.limit, "total": page.total,
        "complete": page.complete, "values": counts(page.values),
    }
