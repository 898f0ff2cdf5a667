"""GET /api/search: full text, facet filters, facet counts, highlighted snippets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ServicesDep
from api.schemas import SearchResponse
from api.services import search as service
from api.views import SEARCH

router = APIRouter(tags=["search"])
SearchQueryDep = SEARCH.dependency()


@router.get("/api/search", response_model=SearchResponse, openapi_extra=SEARCH.openapi())
def search(query: SearchQueryDep, services: ServicesDep) -> dict[str, Any]:
    """Articles matching ``q`` and the filters, a page of them, and the facet counts.

    Each facet is counted with every filter except its own, so ticking a second
    value of a facet shows how many articles it would add.
    """
    return service.search(services, query)
