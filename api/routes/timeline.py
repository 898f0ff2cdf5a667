"""GET /api/timeline: counts per year or month for any search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.analytics.timeline import INTERVALS, MODES, timeline
from api.analytics_schemas import TimelineResponse
from api.deps import SCOPE_CONTROLS, ServicesDep, ViewParams, choice_parameter
from api.search_params import extra_choice
from indexer.search.query import FACETS

router = APIRouter(tags=["timeline"])

TIMELINE_PARAMS = (
    choice_parameter("interval", "Bucket size.", INTERVALS, "year"),
    choice_parameter("by", "Split each bucket by this facet, e.g. province.", FACETS),
    choice_parameter("mode", "count: articles; share: articles ÷ all articles of the same "
                             "period, group and newspapers.", MODES, "count"),
)
TIMELINE = ViewParams(SCOPE_CONTROLS, TIMELINE_PARAMS)
TimelineQueryDep = TIMELINE.dependency()


def timeline_options(items: list[tuple[str, str]]) -> tuple[str, str | None, str]:
    interval = extra_choice(items, "interval", INTERVALS, "year") or "year"
    by = extra_choice(items, "by", FACETS, None)
    mode = extra_choice(items, "mode", MODES, "count") or "count"
    return interval, by, mode


@router.get("/api/timeline", response_model=TimelineResponse,
            openapi_extra=TIMELINE.openapi())
def timeline_route(request: Request, query: TimelineQueryDep,
                   services: ServicesDep) -> dict[str, Any]:
    """Articles per year or month for the search, split by a facet when asked, as raw
    counts or as a share of all articles in the same scope.
    """
    interval, by, mode = timeline_options(request.query_params.multi_items())
    return timeline(services.backend, query, interval, by, mode)  # type: ignore[arg-type]
