"""GET /api/compare: two or more provinces, or named queries, side by side."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.analytics.table_rows import COMPARE_COLUMNS, compare_records
from api.analytics_schemas import CompareResponse
from api.deps import ServicesDep
from api.downloads import CSV_RESPONSES, csv_download
from api.services import compare as service
from api.views import COMPARE, compared_provinces, compared_queries, table_format

router = APIRouter(tags=["compare"])
CompareQueryDep = COMPARE.dependency()


def document_provinces(openapi: dict[str, Any], provinces: list[str]) -> None:
    """List the province names in /api/compare's schema: only they make a column."""
    for param in openapi["paths"]["/api/compare"]["get"]["parameters"]:
        if param["name"] == "province":
            param["schema"] = {"type": "array", "uniqueItems": True,
                               "items": {"type": "string", "enum": provinces}}
            param["description"] = ("The provinces to compare, by full name, each once: "
                                    "two or more (without query=); with query=, a filter.")


@router.get("/api/compare", response_model=CompareResponse, responses=CSV_RESPONSES,
            openapi_extra=COMPARE.openapi())
def compare(request: Request, query: CompareQueryDep,
            services: ServicesDep) -> dict[str, Any] | Response:
    """Per column: its article count and latest articles, programmes, union bodies,
    themes, counties (with map coordinates) and key figures (what they count, ranked by
    the independent reports that repeat them). The columns are the provinces (give
    ``province`` two or more times) or named queries (``query=NAME:WORDS`` two or more
    times). Narrow every column alike with ``theme=``, ``programme=``, ``q`` or dates.
    ``format=csv``: one row per column × item.
    """
    items = request.query_params.multi_items()
    comparison = service.comparison(services, query, compared_provinces(items),
                                    compared_queries(items))
    if table_format(items) == "csv":
        return csv_download("compare", COMPARE_COLUMNS, compare_records(comparison))
    return comparison
