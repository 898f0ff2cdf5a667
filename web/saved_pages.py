"""/saved and /saved/{id}: the saved searches, and one with its newest articles and feed.

Pages only read: saving, renaming and deleting take the admin token, which a browser
form cannot send; the page says how to do them (the API or `unionkb saved`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import ServicesDep
from api.routes.saved_searches import SearchId
from api.search_params import to_items
from api.services import NotFound
from api.services import saved_searches as service
from indexer.saved_searches import SavedSearch
from web.rendering import error_page, render, url_with

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20


@router.get("/saved", response_class=HTMLResponse)
def saved_list_page(request: Request, services: ServicesDep) -> Response:
    listing = service.listing(services)
    return render(request, "saved_searches.html", listing=listing,
                  links={s["id"]: _search_url(service.found(services, s["id"]))
                         for s in listing["saved_searches"]},
                  api_url="/api/saved-searches")


@router.get("/saved/{search_id}", response_class=HTMLResponse)
def saved_page(search_id: SearchId, request: Request, services: ServicesDep) -> Response:
    try:
        newest = service.newest(services, search_id, PAGE_SIZE)
    except NotFound as exc:
        return error_page(request, 404, f"找不到这个保存的检索 ({exc})")
    saved = service.found(services, search_id)
    return render(request, "saved_search.html", saved=newest["saved_search"],
                  result=newest["result"], search_url=_search_url(saved),
                  feed_url=f"/api/saved-searches/{search_id}/feed.atom",
                  api_url=f"/api/saved-searches/{search_id}")


def _search_url(saved: SavedSearch) -> str:
    return url_with("/", to_items(saved.query()))
