"""GET /api/timeline: counts per year or month for any search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.analytics_schemas import TimelineResponse
from api.deps import ServicesDep
from api.services import timeline as service
from api.views import TIMELINE, timeline_options

router = APIRouter(tags=["timeline"])
TimelineQueryDep = TIMELINE.dependency()


@router.get("/api/timeline", response_model=TimelineResponse,
            openapi_extra=TIMELINE.openapi())
def timeline_route(request: Request, query: TimelineQueryDep,
                   services: ServicesDep) -> dict[str, Any]:
    """Articles per year or month for the search, split by a facet when asked, as raw
    counts or as a share of all articles in the same scope.
    """
    interval, by, mode = timeline_options(request.query_params.multi_items())
    return service.timeline(services, query, interval, by, mode)  # type: ignore[arg-type]
