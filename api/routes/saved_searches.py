"""/api/saved-searches: keep a search under a name and follow it as an Atom feed.

Reads are open; writes (POST, PATCH, DELETE) need the admin token (``api.admin``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.admin import AdminDep
from api.atom import saved_search_feed
from api.deps import ServicesDep
from api.errors import NOT_FOUND, WRITE_REFUSALS
from api.limits import MAX_QUERY_CHARS
from api.parameter_docs import DATE_PATTERN, NOT_BLANK_PATTERN, filters_schema
from api.search_params import check_only
from api.services import saved_searches as service
from indexer.saved_searches import MAX_NAME_CHARS

router = APIRouter(tags=["saved searches"])
# Beyond SQLite's integers no id exists: a 404 is the answer, never an overflow.
SearchId = Annotated[int, Path(ge=1, le=2**63 - 1)]
ATOM_TYPE = "application/atom+xml; charset=utf-8"


class SavedSearchBody(BaseModel):
    """A search to keep: the words and filters of /api/search, and a name.

    The schema states what the search grammar accepts (the filters' and dates' rules of
    /api/search's parameters); the grammar itself checks the body and names what it
    refuses.
    """

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS,
                      json_schema_extra={"pattern": NOT_BLANK_PATTERN})
    query: str = Field("", max_length=MAX_QUERY_CHARS)
    filters: dict[str, list[str]] = Field(default_factory=dict,
                                          json_schema_extra=filters_schema())
    date_from: str | None = Field(None, json_schema_extra={"pattern": DATE_PATTERN})
    date_to: str | None = Field(None, json_schema_extra={"pattern": DATE_PATTERN})


class RenameBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS,
                      json_schema_extra={"pattern": NOT_BLANK_PATTERN})


class SavedSearchModel(BaseModel):
    id: int
    name: str
    query: str
    filters: dict[str, list[str]]
    date_from: str | None
    date_to: str | None
    created_at: str
    updated_at: str


class SavedSearchList(BaseModel):
    total: int
    saved_searches: list[SavedSearchModel]


@router.get("/api/saved-searches", response_model=SavedSearchList)
def list_saved(request: Request, services: ServicesDep) -> dict[str, Any]:
    """Every saved search, oldest first."""
    check_only(request.query_params.multi_items())
    return service.listing(services)


@router.post("/api/saved-searches", response_model=SavedSearchModel, status_code=201,
             responses=WRITE_REFUSALS)
def save(body: SavedSearchBody, _: AdminDep, services: ServicesDep) -> dict[str, Any]:
    """Keep a search (``query`` is /api/search's ``q``; ``filters`` its facet filters)."""
    return service.add(services, body.name, body.query, body.filters, body.date_from,
                       body.date_to)


@router.get("/api/saved-searches/{search_id}", response_model=SavedSearchModel,
            responses=NOT_FOUND)
def get_saved(search_id: SearchId, request: Request, services: ServicesDep) -> dict[str, Any]:
    check_only(request.query_params.multi_items())
    return service.one(services, search_id)


@router.patch("/api/saved-searches/{search_id}", response_model=SavedSearchModel,
              responses={**NOT_FOUND, **WRITE_REFUSALS})
def rename(search_id: SearchId, body: RenameBody, _: AdminDep,
           services: ServicesDep) -> dict[str, Any]:
    """Rename a saved search; its search stays as it was."""
    return service.rename(services, search_id, body.name)


@router.delete("/api/saved-searches/{search_id}", status_code=204,
               responses={**NOT_FOUND, **WRITE_REFUSALS})
def remove(search_id: SearchId, _: AdminDep, services: ServicesDep) -> Response:
    service.remove(services, search_id)
    return Response(status_code=204)


@router.get("/api/saved-searches/{search_id}/feed.atom", response_class=Response,
            responses={**NOT_FOUND, 200: {"description": "An Atom feed",
                                          "content": {"application/atom+xml": {}}}})
def feed(search_id: SearchId, request: Request, services: ServicesDep) -> Response:
    """The newest articles matching the saved search, as an Atom feed (newest first)."""
    check_only(request.query_params.multi_items())
    newest = service.newest(services, search_id)
    body = saved_search_feed(newest["saved_search"], newest["result"]["hits"],
                             page_url=f"/saved/{search_id}",
                             feed_url=f"/api/saved-searches/{search_id}/feed.atom")
    return Response(body, media_type=ATOM_TYPE)
