"""GET /api/search: full text, facet filters, facet counts, highlighted snippets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ServicesDep, ViewParams
from api.schemas import SearchResponse, search_response
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery

router = APIRouter(tags=["search"])
SEARCH = ViewParams()
SearchQueryDep = SEARCH.dependency()


def run_search(backend: SearchBackend, query: SearchQuery) -> dict[str, Any]:
    """The /api/search response for a parsed query; the search page renders it too."""
    return search_response(query, backend.search(query))


@router.get("/api/search", response_model=SearchResponse, openapi_extra=SEARCH.openapi())
def search(
    query: SearchQueryDep,
    services: ServicesDep,
) -> dict[str, Any]:
    """Articles matching ``q`` and the filters, a page of them, and the facet counts.

    Each facet is counted with every filter except its own, so ticking a second
    value of a facet shows how many articles it would add.
    """
    return run_search(services.backend, query)
