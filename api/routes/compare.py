"""GET /api/compare: two or more provinces side by side."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.analytics.compare import CompareError, compare
from api.analytics_schemas import CompareResponse
from api.deps import SCOPE_CONTROLS, Services, ServicesDep, ViewParams
from api.search_params import ParamError
from indexer.search.query import SearchQuery

router = APIRouter(tags=["compare"])
COMPARE = ViewParams(SCOPE_CONTROLS)
CompareQueryDep = COMPARE.dependency()


def compare_response(services: Services, query: SearchQuery,
                     items: list[tuple[str, str]]) -> dict[str, Any]:
    names = [value for name, value in items if name == "province"]
    try:
        return compare(services.backend, services.archive, services.regions, query, names)
    except CompareError as exc:
        raise ParamError([("province", str(exc))]) from exc


def document_provinces(openapi: dict[str, Any], provinces: list[str]) -> None:
    """List the province names in /api/compare's schema: only they make a column."""
    for param in openapi["paths"]["/api/compare"]["get"]["parameters"]:
        if param["name"] == "province":
            param["required"] = True
            param["schema"] = {"type": "array", "minItems": 2, "uniqueItems": True,
                               "items": {"type": "string", "enum": provinces}}
            param["description"] = ("The provinces to compare, by full name, each once: "
                                    "two or more.")


@router.get("/api/compare", response_model=CompareResponse, openapi_extra=COMPARE.openapi())
def compare_provinces(request: Request, query: CompareQueryDep,
                      services: ServicesDep) -> dict[str, Any]:
    """Per province (give ``province`` two or more times): its article count and latest
    articles, programmes, union bodies, themes, counties (with map coordinates) and key
    figures. Narrow every column alike with ``theme=``, ``programme=``, ``q`` or dates.
    """
    return compare_response(services, query, request.query_params.multi_items())
