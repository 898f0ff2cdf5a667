"""GET /api/compare: two or more provinces side by side."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.analytics.compare import CompareError, compare
from api.analytics_schemas import CompareResponse
from api.deps import SCOPE_CONTROLS, Services, ServicesDep, ViewParams
from api.search_params import ParamError
from indexer.search.query import SearchQuery

router = APIRouter(tags=["compare"])
COMPARE = ViewParams(SCOPE_CONTROLS)
CompareQueryDep = COMPARE.dependency()


def compare_response(services: Services, query: SearchQuery) -> dict[str, Any]:
    try:
        return compare(services.backend, services.archive, services.regions, query)
    except CompareError as exc:
        raise ParamError([("province", str(exc))]) from exc


@router.get("/api/compare", response_model=CompareResponse, openapi_extra=COMPARE.openapi())
def compare_provinces(query: CompareQueryDep, services: ServicesDep) -> dict[str, Any]:
    """Per province (give ``province`` two or more times): its article count and latest
    articles, programmes, union bodies, themes, counties (with map coordinates) and key
    figures. Narrow every column alike with ``theme=``, ``programme=``, ``q`` or dates.
    """
    return compare_response(services, query)
