"""GET /api/people/{name}: one person's articles, roles and company."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import ServicesDep
from api.errors import NOT_FOUND
from api.people_schemas import PersonResponse
from api.search_params import check_only
from api.services import people as service

router = APIRouter(tags=["people"])


@router.get("/api/people/{name:path}", response_model=PersonResponse, responses=NOT_FOUND)
def person(name: str, request: Request, services: ServicesDep) -> dict[str, Any]:
    """Everything the archive says about a name: its articles by year and province, the
    roles and titles seen with it, the unions and programmes named beside it, and its
    mentions kept apart by role and place (``possibly_different`` when they differ).

    The articles themselves: ``/api/search?person=NAME`` or ``/api/export?person=NAME``.
    """
    check_only(request.query_params.multi_items())
    return service.person(services, name)
