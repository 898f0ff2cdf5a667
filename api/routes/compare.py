"""GET /api/compare: two or more provinces side by side."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.analytics_schemas import CompareResponse
from api.deps import ServicesDep
from api.services import compare as service
from api.views import COMPARE, compared_provinces

router = APIRouter(tags=["compare"])
CompareQueryDep = COMPARE.dependency()


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
    names = compared_provinces(request.query_params.multi_items())
    return service.compare_provinces(services, query, names)
