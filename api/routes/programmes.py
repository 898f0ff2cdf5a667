"""Programme catalogue, one programme's mentions, and similar programmes elsewhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.analytics_schemas import ProgrammeResponse, ProgrammesResponse, SimilarResponse
from api.deps import ServicesDep
from api.errors import NOT_FOUND
from api.services import programmes as service
from api.views import (
    CATALOGUE,
    INTERVAL_PARAM,
    SIMILAR,
    catalogue_filters,
    programme_interval,
)

router = APIRouter(tags=["programmes"])
CatalogueQueryDep = CATALOGUE.dependency()
SimilarQueryDep = SIMILAR.dependency()


@router.get("/api/programmes", response_model=ProgrammesResponse,
            openapi_extra=CATALOGUE.openapi())
def programmes(request: Request, query: CatalogueQueryDep, services: ServicesDep
               ) -> dict[str, Any]:
    """Every programme named in the articles of a search, most widely reported first.

    Each with its kind, themes, the provinces and counties of the articles that
    mention it (with counts), its first and last mention and its article count.
    ``page``/``size`` page through the programmes.
    """
    kind, name = catalogue_filters(request.query_params.multi_items())
    return service.catalogue(services, query, kind, name)


@router.get("/api/programmes/{name:path}/similar", response_model=SimilarResponse,
            responses=NOT_FOUND, openapi_extra=SIMILAR.openapi())
def similar(name: str, query: SimilarQueryDep, services: ServicesDep
                       ) -> dict[str, Any]:
    """Programmes in other provinces that do the same thing, with the shared terms.

    Ranked by TF-IDF cosine over the words around their mentions; the search
    filters limit where candidates are looked for; ``size`` caps the list.
    """
    return service.similar(services, name, query)


@router.get("/api/programmes/{name:path}", response_model=ProgrammeResponse,
            responses=NOT_FOUND, openapi_extra={"parameters": [INTERVAL_PARAM]})
def programme(name: str, request: Request, services: ServicesDep) -> dict[str, Any]:
    """One programme: catalogue entry, every mention by province, and its timeline."""
    return service.programme(services, name, programme_interval(request.query_params.multi_items()))
