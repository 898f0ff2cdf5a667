"""Programme catalogue, one programme's mentions, and similar programmes elsewhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.analytics.table_rows import (
    CATALOGUE_COLUMNS,
    MENTION_COLUMNS,
    SIMILAR_COLUMNS,
    similar_record,
)
from api.analytics_schemas import ProgrammeResponse, ProgrammesResponse, SimilarResponse
from api.deps import ServicesDep
from api.downloads import CSV_RESPONSES, csv_download
from api.errors import NOT_FOUND
from api.services import programmes as service
from api.views import (
    CATALOGUE,
    PROGRAMME_PARAMS,
    SIMILAR,
    catalogue_filters,
    catalogue_order,
    programme_interval,
    table_format,
)

router = APIRouter(tags=["programmes"])
CatalogueQueryDep = CATALOGUE.dependency()
SimilarQueryDep = SIMILAR.dependency()


@router.get("/api/programmes", response_model=ProgrammesResponse, responses=CSV_RESPONSES,
            openapi_extra=CATALOGUE.openapi())
def programmes(request: Request, query: CatalogueQueryDep, services: ServicesDep
               ) -> dict[str, Any] | Response:
    """Every programme named in the articles of a search, most widely reported first.

    Each with its kind, themes, the provinces and counties of the articles that
    mention it (with counts), its first and last mention and its article count.
    ``order`` sorts them, ``page``/``size`` page through them; ``format=csv`` has them all.
    """
    items = request.query_params.multi_items()
    kind, name = catalogue_filters(items)
    order = catalogue_order(items)
    if table_format(items) == "csv":
        return csv_download("programmes", CATALOGUE_COLUMNS,
                            service.catalogue_records(services, query, kind, name, order))
    return service.catalogue(services, query, kind, name, order)


@router.get("/api/programmes/{name:path}/similar", response_model=SimilarResponse,
            responses={**NOT_FOUND, **CSV_RESPONSES}, openapi_extra=SIMILAR.openapi())
def similar(name: str, request: Request, query: SimilarQueryDep, services: ServicesDep
            ) -> dict[str, Any] | Response:
    """Programmes in other provinces that do the same thing, with the shared terms.

    Ranked by TF-IDF cosine over the words around their mentions; the search
    filters limit where candidates are looked for; ``size`` caps the list.
    """
    found = service.similar(services, name, query)
    if table_format(request.query_params.multi_items()) == "csv":
        rows = [similar_record(name, match) for match in found["similar"]]
        return csv_download("similar", SIMILAR_COLUMNS, rows)
    return found


@router.get("/api/programmes/{name:path}", response_model=ProgrammeResponse,
            responses={**NOT_FOUND, **CSV_RESPONSES},
            openapi_extra={"parameters": list(PROGRAMME_PARAMS)})
def programme(name: str, request: Request, services: ServicesDep) -> dict[str, Any] | Response:
    """One programme: catalogue entry, every mention by province, and its timeline;
    ``format=csv`` has every mention (the JSON the newest 20 per province)."""
    items = request.query_params.multi_items()
    interval = programme_interval(items)
    if table_format(items) == "csv":
        return csv_download("mentions", MENTION_COLUMNS, service.mention_records(services, name))
    return service.programme(services, name, interval)
