"""GET /api/facets/{facet}: one facet's values, page by page, or those containing a text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import ServicesDep
from api.errors import NOT_FOUND
from api.schemas import FacetValuesResponse
from api.services import facets as service
from api.views import FACET_VALUES, facet_request

router = APIRouter(tags=["search"])
FacetScopeDep = FACET_VALUES.dependency()


@router.get("/api/facets/{facet}", response_model=FacetValuesResponse, responses=NOT_FOUND,
            openapi_extra=FACET_VALUES.openapi())
def facet_values(facet: str, request: Request, query: FacetScopeDep,
                 services: ServicesDep) -> dict[str, Any]:
    """The values of ``facet`` for the search, most frequent first, with exact counts.

    Counted as the search page's sidebar counts them: with every filter but the facet's
    own. ``contains`` keeps the values containing a text (驿站 among the programmes).
    """
    return service.facet_values(services, query, facet_request(facet, request.query_params
                                                                .multi_items()))
