"""GET /api/timeline: counts per year or month for any search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.analytics.table_rows import timeline_table
from api.analytics_schemas import TimelineResponse
from api.deps import ServicesDep
from api.downloads import CSV_RESPONSES, csv_download
from api.services import timeline as service
from api.views import TIMELINE, table_format, timeline_options

router = APIRouter(tags=["timeline"])
TimelineQueryDep = TIMELINE.dependency()


@router.get("/api/timeline", response_model=TimelineResponse, responses=CSV_RESPONSES,
            openapi_extra=TIMELINE.openapi())
def timeline_route(request: Request, query: TimelineQueryDep,
                   services: ServicesDep) -> dict[str, Any] | Response:
    """Articles per year or month for the search, split by a facet when asked, as raw
    counts or as a share of all articles in the same scope; ``format=csv`` has a row per
    period and a column per series.
    """
    items = request.query_params.multi_items()
    interval, by, mode = timeline_options(items)
    found = service.timeline(services, query, interval, by, mode)  # type: ignore[arg-type]
    if table_format(items) == "csv":
        return csv_download("timeline", *timeline_table(found))
    return found
