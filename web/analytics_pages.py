"""The analysis pages: programme catalogue and pages, comparison, figure ledger and check.

Each renders what its /api twin returns (the same use case in ``api.services``), with
the SVG charts and map of ``web.svg``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import ServicesDep
from api.search_params import ParamError, to_items
from api.services import NotFound, Services, compare, figures, programmes, search
from api.services.search import facet_choices
from api.views import (
    CATALOGUE,
    CHECK,
    COMPARE,
    LEDGER,
    catalogue_filters,
    catalogue_order,
    compared_provinces,
    compared_queries,
    figure_text,
    ledger_filters,
    ledger_order,
    programme_interval,
)
from indexer.search.query import SearchQuery
from indexer.search.validation import InvalidQuery
from web.choropleth import MapPicture, national_map, places_of
from web.error_text import chinese_problems
from web.rendering import (
    bad_parameters_page,
    page_count,
    parse_or_error,
    path_quote,
    render,
    url_with,
    with_error_page,
)
from web.svg import timeline_chart, timeline_legend

router = APIRouter(include_in_schema=False)


def province_map(services: Services, counts: list[dict[str, Any]],
                 counties: list[dict[str, Any]] = (), label: str = "地图") -> MapPicture:
    """The provinces of ``counts`` shaded on the map of China, each linked to the search of
    its articles, with ``counties`` as points."""
    return national_map(places_of(counts), label, counties,
                        [r["adcode"] for r in services.regions.provinces()])


@router.get("/programmes", response_class=HTMLResponse)
@with_error_page
def programmes_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, CATALOGUE)
    if isinstance(query, HTMLResponse):
        return query
    items = request.query_params.multi_items()
    kind, name = catalogue_filters(items)
    order = catalogue_order(items)
    catalogue = programmes.catalogue(services, query, kind, name, order)
    extra = [(k, v) for k, v in (("kind", kind or ""), ("name", name),
                                 ("order", "" if order == "articles" else order)) if v]
    return render(request, "programmes.html", query=query, catalogue=catalogue, kind=kind,
                  name=name, order=order, extra=extra, choices=facet_choices(services),
                  pages=page_count(catalogue["total"], query.size),
                  api_url=url_with("/api/programmes", to_items(query) + extra))


@router.get("/programmes/{name:path}", response_class=HTMLResponse)
def programme_page(name: str, request: Request, services: ServicesDep) -> HTMLResponse:
    try:
        interval = programme_interval(request.query_params.multi_items())
        detail = programmes.programme(services, name, interval)
    except ParamError as exc:
        return bad_parameters_page(request, exc)
    except NotFound:
        return missing_programme_page(request, services, name)
    similar = programmes.similar(services, name, SearchQuery(size=10))
    return render(request, "programme.html", p=detail, similar=similar["similar"],
                  timeline_svg=timeline_chart(detail["timeline"]),
                  timeline_legend=timeline_legend(detail["timeline"]),
                  map=province_map(services, detail["provinces"], detail["counties"],
                                   f"“{name}”出现的地区"),
                  interval=interval, api_url=f"/api/programmes/{path_quote(name)}",
                  similar_url=f"/api/programmes/{path_quote(name)}/similar")


NEAR_SHOWN = 8


def missing_programme_page(request: Request, services: Services, name: str) -> HTMLResponse:
    """No article names a programme ``name``: what was looked for, the articles full-text
    search finds with the words, programmes of a similar name, and what to try."""
    try:
        fulltext = search.search(services, SearchQuery(text=name, size=5, highlight=False))
    except InvalidQuery:
        fulltext = None  # words the search cannot take: the page still offers the rest
    near = programmes.similar_names(services, name, NEAR_SHOWN)
    return render(request, "programme_missing.html", status=404, heading="没有这个项目",
                  message=f"没有文章把“{name}”识别为项目品牌。", searched=name,
                  fulltext=fulltext, near=near, search_url=url_with("/", [("q", name)]))


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, COMPARE)
    if isinstance(query, HTMLResponse):
        return query
    items = request.query_params.multi_items()
    sent_queries = [v for n, v in items if n == "query" and v.strip()]
    context = {"query": query, "picked": query.filters.get("province", ()),
               "sent_queries": sent_queries, "choices": facet_choices(services),
               "archive_empty": services.archive.count() == 0,
               "api_url": url_with("/api/compare",
                                   to_items(query) + [("query", v) for v in sent_queries])}
    try:
        named = compared_queries(items)
        if not named and len(compared_provinces(items)) < 2:
            return render(request, "compare.html", comparison=None, **context)
        comparison = compare.comparison(services, query, compared_provinces(items), named)
    except ParamError as exc:
        return render(request, "compare.html", status=422, comparison=None,
                      problems=chinese_problems(exc.problems), **context)
    columns = comparison["columns"]
    counties = [c for column in columns for c in column["counties"]]
    marks = [c for c in columns if c["region"]]
    # Named queries are no places: their columns have counties, but no province to shade.
    picture = province_map(services, marks, counties, "比较的省份与区县") if marks else None
    return render(request, "compare.html", comparison=comparison, map=picture, **context)


@router.get("/figures", response_class=HTMLResponse)
@with_error_page
def figures_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, LEDGER)
    if isinstance(query, HTMLResponse):
        return query
    items = request.query_params.multi_items()
    metric, unit = ledger_filters(items)
    order = ledger_order(items)
    ledger = figures.ledger(services, query, metric, unit, order)
    extra = [(k, v) for k, v in (("metric", metric), ("unit", unit),
                                 ("order", "" if order == "metric" else order)) if v]
    return render(request, "figures.html", query=query, ledger=ledger, metric=metric, unit=unit,
                  order=order, extra=extra, pages=page_count(ledger["total"], query.size),
                  choices=facet_choices(services),
                  api_url=url_with("/api/figures", to_items(query) + extra))


@router.get("/figures/check", response_class=HTMLResponse)
@with_error_page
def figure_check_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, CHECK)
    if isinstance(query, HTMLResponse):
        return query
    text = figure_text(request.query_params.multi_items())
    if not text:
        return render(request, "figure_check.html", text="", check=None)
    check = figures.check(services, query, text)
    return render(request, "figure_check.html", text=text, check=check, query=query,
                  pages=page_count(check["total"], query.size),
                  api_url=url_with("/api/figures/check",
                                   to_items(query, page=1) + [("text", text)]))
