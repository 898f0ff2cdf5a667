"""GET /api/regions: province → city → county, with article counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ServicesDep
from api.schemas import RegionsResponse
from api.services import regions as service
from api.views import REGIONS

router = APIRouter(tags=["regions"])
RegionsQueryDep = REGIONS.dependency()


@router.get("/api/regions", response_model=RegionsResponse, openapi_extra=REGIONS.openapi())
def regions(query: RegionsQueryDep, services: ServicesDep) -> dict[str, Any]:
    """Provinces, their cities and counties with the number of articles mentioning each.

    Takes the search filters, so the tree can describe any search; each level is
    counted without its own filter, as in /api/search.
    """
    return service.region_tree(services, query)
