"""The search page and the article page: templates over the objects /api returns.

Each page calls the use case its /api twin calls (``api.services``) and renders the result.
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.analytics.table_rows import timeline_table
from api.deps import ServicesDep
from api.search_params import DEFAULT_SIZE, ParamError, to_items
from api.services import NotFound, articles, search, timeline
from api.views import SEARCH, TIMELINE, timeline_options
from indexer.search.query import SearchQuery
from web.highlight import highlighted_article
from web.rendering import (
    bad_parameters_page,
    error_page,
    page_count,
    parse_or_error,
    path_quote,
    render,
    url_with,
    with_error_page,
)
from web.svg import timeline_chart, timeline_legend

TIMELINE_CAPTIONS = {"year": "按年统计的文章数", "month": "按月统计的文章数"}

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, services: ServicesDep) -> Response:
    if "drop" in request.query_params:
        return drop_filters(request)
    query = parse_or_error(request, SEARCH)
    if isinstance(query, HTMLResponse):
        return query
    result = search.search(services, query)
    chart = timeline.search_timeline(services, query)
    # An empty page on a first visit means nothing is archived yet: say how to fill it.
    archive_empty = result["total"] == 0 and services.archive.count() == 0
    return render(request, "search.html", query=query, result=result, archive_empty=archive_empty,
                  pages=page_count(result["total"], query.size),
                  timeline_svg=timeline_chart(chart),
                  timeline_caption=TIMELINE_CAPTIONS[chart["interval"]],
                  timeline_url=url_with("/timeline", scope_items(query)
                                        + [("interval", chart["interval"])]),
                  map_url=url_with("/map", scope_items(query)),
                  api_url=url_with("/api/search", to_items(query)))


# The facets a timeline can be split by, as the page offers them.
TIMELINE_GROUPS = {"": "不分组", "province": "按省份", "city": "按城市", "theme": "按主题",
                   "programme": "按项目", "source": "按报纸"}
TIMELINE_MODES = {"count": "文章篇数", "share": "占同期全部文章的比例"}


@router.get("/timeline", response_class=HTMLResponse)
@with_error_page
def timeline_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """/api/timeline as a page: the chart, its legend, the numbers as a table, and the
    controls (interval, split, count or share, dates)."""
    query = parse_or_error(request, TIMELINE)
    if isinstance(query, HTMLResponse):
        return query
    interval, by, mode = timeline_options(request.query_params.multi_items())
    found = timeline.timeline(services, query, interval, by, mode)  # type: ignore[arg-type]
    options = [(k, v) for k, v in (("interval", interval), ("by", by or ""), ("mode", mode)) if v]
    columns, rows = timeline_table(found)
    return render(request, "timeline.html", query=query, timeline=found, options=options,
                  interval=interval, by=by or "", mode=mode, columns=columns, rows=rows,
                  groups=TIMELINE_GROUPS, modes=TIMELINE_MODES,
                  chart=timeline_chart(found), legend=timeline_legend(found),
                  archive_empty=services.archive.count() == 0,
                  api_url=url_with("/api/timeline", to_items(query, page=1) + options))


def scope_items(query: SearchQuery) -> list[tuple[str, str]]:
    """The parameters of the search's articles (words, filters, dates), not of its page."""
    return to_items(replace(query, sort="relevance", size=DEFAULT_SIZE, page=1))


def drop_filters(request: Request) -> Response:
    """A filter's ✕ button submits the search form with ``drop=facet:value``: the same
    search without that value, at its own URL (a redirect, so the URL stays bookmarkable).
    """
    items = request.query_params.multi_items()
    dropped = {tuple(value.split(":", 1)) for name, value in items if name == "drop"}
    kept = [(n, v) for n, v in items if n != "drop" and (n, v.strip()) not in dropped]
    try:
        query = SEARCH.parse_items(kept)
    except ParamError as exc:
        return bad_parameters_page(request, exc)
    return RedirectResponse(url_with("/", to_items(query)), status_code=303)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request,
                 services: ServicesDep) -> HTMLResponse:
    try:
        article = articles.article(services, article_id)
    except NotFound:
        return error_page(request, 404, f"档案库里没有编号为“{article_id}”的文章。",
                          heading="找不到这篇文章")
    return render(request, "article.html", article=article,
                  citations=articles.citations(services, article_id),
                  parts=highlighted_article(article), extraction=article["extraction"] or {},
                  api_url=f"/api/articles/{path_quote(article_id)}")
