"""GET /api/regions: province → city → county, with article counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.analytics.table_rows import REGION_COLUMNS, region_records
from api.deps import ServicesDep
from api.downloads import CSV_RESPONSES, csv_download
from api.schemas import RegionsResponse
from api.services import regions as service
from api.views import REGIONS, table_format

router = APIRouter(tags=["regions"])
RegionsQueryDep = REGIONS.dependency()


@router.get("/api/regions", response_model=RegionsResponse, responses=CSV_RESPONSES,
            openapi_extra=REGIONS.openapi())
def regions(request: Request, query: RegionsQueryDep,
            services: ServicesDep) -> dict[str, Any] | Response:
    """Provinces, their cities and counties with the number of articles mentioning each.

    Takes the search filters, so the tree can describe any search; each level is
    counted without its own filter, as in /api/search. ``format=csv``: a row per place,
    depth first.
    """
    tree = service.region_tree(services, query)
    if table_format(request.query_params.multi_items()) == "csv":
        return csv_download("regions", REGION_COLUMNS, region_records(tree["provinces"]))
    return tree
