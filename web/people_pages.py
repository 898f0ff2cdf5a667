"""The person page: what /api/people/{name} returns, with a chart by year and a map."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import ServicesDep
from api.search_params import ParamError, check_only
from api.services import NotFound, people
from web.analytics_pages import province_map
from web.rendering import bad_parameters_page, error_page, path_quote, render
from web.svg import timeline_chart

router = APIRouter(include_in_schema=False)


@router.get("/people/{name:path}", response_class=HTMLResponse)
def person_page(name: str, request: Request, services: ServicesDep) -> HTMLResponse:
    try:
        check_only(request.query_params.multi_items())
        found = people.person(services, name)
    except ParamError as exc:
        return bad_parameters_page(request, exc)
    except NotFound as exc:
        return error_page(request, 404, f"没有文章提到“{name}” ({exc})")
    return render(request, "person.html", p=found, timeline_svg=timeline_chart(_by_year(found)),
                  map=province_map(services, found["by_province"], label=f"{name}出现的省份"),
                  api_url=f"/api/people/{path_quote(name)}")


def _by_year(found: dict[str, Any]) -> dict[str, Any]:
    """The person's articles per year as the timeline chart reads a timeline."""
    years = found["by_year"]
    return {"interval": "year", "by": None, "mode": "count", "groups": [],
            "keys": [y["value"] for y in years],
            "buckets": [{"key": y["value"], "group": None, "count": y["count"]} for y in years]}
