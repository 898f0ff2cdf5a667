"""/facets/{facet}: every value of a facet for a search, page by page, and searchable.

The sidebar of the search page shows each facet's first values; its "更多" link and its
filter box lead here, with the search's own parameters, so a value the sidebar cut
off can still be ticked. Plain links and a GET form: it works without JavaScript.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import ServicesDep
from api.services import NotFound
from api.services import facets as service
from api.views import FACET_VALUES, facet_request
from indexer.search.facets import FACETS
from web.rendering import (
    error_page,
    parse_or_error,
    path_quote,
    render,
    scope_items,
    url_with,
    with_error_page,
)

router = APIRouter(include_in_schema=False)


@router.get("/facets")
def find_in_facet(request: Request) -> Response:
    """The sidebar's one form: on to the chosen facet's page (the 更多 button's facet, else
    the one selected), with the search and the text to find. A redirect, so the page has
    its own URL."""
    items = request.query_params.multi_items()
    chosen = dict(items)
    facet = chosen.get("more") or chosen.get("facet") or ""
    kept = [(n, v) for n, v in items if n not in ("more", "facet") and (n, v) != ("contains", "")]
    if facet not in FACETS:
        return error_page(request, 404, f"没有这个分面 ({facet!r}; 分面有 {', '.join(FACETS)})")
    return RedirectResponse(url_with(f"/facets/{path_quote(facet)}", kept), status_code=303)


@router.get("/facets/{facet}", response_class=HTMLResponse)
@with_error_page
def facet_page(facet: str, request: Request, services: ServicesDep) -> Response:
    query = parse_or_error(request, FACET_VALUES)
    if isinstance(query, HTMLResponse):
        return query
    asked = facet_request(facet, request.query_params.multi_items())
    try:
        page = service.facet_values(services, query, asked)
    except NotFound as exc:
        return error_page(request, 404, f"没有这个分面 ({exc})")
    search_items = scope_items(query)
    here = f"/facets/{path_quote(facet)}"
    extra = [("contains", asked.contains)] if asked.contains else []

    def offset_url(offset: int) -> str:
        return url_with(here, [*search_items, *extra, ("offset", str(offset))])

    return render(request, "facet_values.html", query=query, page=page,
                  search_items=search_items, action=here,
                  prev_url=offset_url(max(0, asked.offset - asked.limit))
                  if asked.offset else None,
                  next_url=offset_url(asked.offset + asked.limit)
                  if asked.offset + asked.limit < page["total"] else None,
                  back_url=url_with("/", search_items),
                  api_url=url_with(f"/api{here}", [*search_items, *extra,
                                                  *([("offset", str(asked.offset))]
                                                    if asked.offset else [])]))
