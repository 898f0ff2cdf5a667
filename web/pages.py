"""The web pages: Jinja2 templates over the very objects the JSON API returns.

Each page calls the function its /api twin calls and renders the result; links
are built from the same URL grammar (``api.search_params``), so every page state
is a URL a user can bookmark and the JSON is one "JSON" link away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from api.analytics.timeline import INTERVALS, timeline
from api.deps import Services, ServicesDep, ViewParams
from api.routes.articles import load_article
from api.routes.compare import COMPARE, compare_response
from api.routes.figures import CHECK, LEDGER, check_response, ledger_response
from api.routes.programmes import (
    CATALOGUE,
    catalogue_response,
    programme_response,
    similar_response,
)
from api.routes.search import SEARCH, run_search
from api.schemas import search_response
from api.search_params import (
    ParamError,
    check_only,
    extra_choice,
    extra_text,
    to_items,
)
from indexer.search.query import FACETS, SearchQuery
from web.svg import background_path, china_map, timeline_chart

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")

FACET_LABELS = {
    "province": "省份", "city": "城市", "county": "区县", "org": "工会组织",
    "programme": "项目品牌", "theme": "主题", "source": "来源", "year": "年份",
}
SORT_LABELS = {"relevance": "相关度", "-date": "日期(新→旧)", "date": "日期(旧→新)"}
TIMELINE_CAPTIONS = {"year": "按年统计的文章数", "month": "按月统计的文章数"}

router = APIRouter(include_in_schema=False)


# -- URL grammar helpers (also Jinja globals) -----------------------------------------


def url_with(path: str, items: Iterable[tuple[str, str]]) -> str:
    query = urlencode(list(items))
    return f"{path}?{query}" if query else path


def toggle_url(query: SearchQuery, facet: str, value: str, path: str = "/") -> str:
    """The same search with ``facet=value`` added, or removed if it was on; back to page 1."""
    items = [(n, v) for n, v in to_items(query, page=1) if (n, v) != (facet, value)]
    if value not in query.filters.get(facet, ()):
        items.append((facet, value))
    return url_with(path, items)


def page_url(query: SearchQuery, page: int, path: str = "/") -> str:
    return url_with(path, to_items(query, page=page))


def path_quote(value: str) -> str:
    return quote(value, safe="")


def number(value: Any) -> str:
    """7100.0 -> 7100, 0.6 -> 0.6, None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


TEMPLATES.env.globals.update(
    FACETS=FACETS, FACET_LABELS=FACET_LABELS, SORT_LABELS=SORT_LABELS,
    toggle_url=toggle_url, page_url=page_url, url_with=url_with, to_items=to_items,
)
TEMPLATES.env.filters.update(number=number, path_quote=path_quote)


def render(request: Request, template: str, /, status: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, message=message)


def parse_or_error(request: Request, view: ViewParams) -> SearchQuery | HTMLResponse:
    """The query as the page's /api twin parses it, or the error page saying what is wrong."""
    try:
        return view.parse(request)
    except ParamError as exc:
        return error_page(request, 422, f"参数有误 (bad parameters): {exc}")


# -- entity highlighting ---------------------------------------------------------------


Span = tuple[int, int, str, str]  # start, end, kind, label


def entity_spans(extraction: Mapping[str, Any] | None) -> list[Span]:
    """(start, end, kind, label) of every mention, outer spans before the spans inside them."""
    if not extraction:
        return []
    spans = [*_mention_spans(extraction.get("regions"), "region"),
             *_mention_spans(extraction.get("localities"), "locality"),
             *_mention_spans(extraction.get("orgs"), "org"),
             *_mention_spans(extraction.get("programmes"), "programme"),
             *_mention_spans(extraction.get("people"), "person"),
             *_figure_spans(extraction.get("figures"))]
    return sorted(set(spans), key=lambda s: (s[0], s[0] - s[1]))


def _mention_spans(entities: Any, kind: str) -> list[Span]:
    spans = []
    for entity in entities or []:
        for mention in entity.get("mentions") or []:
            if len(mention) >= 2 and mention[0] < mention[1]:
                spans.append((int(mention[0]), int(mention[1]), kind, str(entity.get("name"))))
    return spans


def _figure_spans(figures: Any) -> list[Span]:
    spans = []
    for figure in figures or []:
        start, end = figure.get("start"), figure.get("end")
        if isinstance(start, int) and isinstance(end, int) and start < end:
            label = " ".join(str(p) for p in (figure.get("metric"), number(figure.get("value")),
                                              figure.get("unit")) if p)
            spans.append((start, end, "figure", label))
    return spans


def highlight(text: str, start: int, end: int, spans: list[Span]) -> Markup:
    """``text[start:end]`` escaped, mentions wrapped in <mark>; a mention inside another
    (青海 in 青海省总工会) is a <mark> inside the outer one; crossing ones are left out."""
    out, at = [], start
    inside = [s for s in spans if s[0] < end and s[1] > start]
    while inside:
        outer, inside = inside[0], inside[1:]
        s, e = max(outer[0], start), min(outer[1], end)
        if s < at:
            continue
        nested = [span for span in inside if span[0] >= s and span[1] <= e]
        inside = [span for span in inside if span not in nested]
        out.append(escape(text[at:s]))
        out.append(Markup('<mark class="ent ent-{}" data-kind="{}" title="{}">{}</mark>')
                   .format(outer[2], outer[2], outer[3], highlight(text, s, e, nested)))
        at = e
    out.append(escape(text[at:end]))
    return Markup("").join(out)


def highlighted_article(article: Mapping[str, Any]) -> dict[str, Any]:
    """Kicker, title, subtitle and body paragraphs of ``article['text']``, highlighted.

    Offsets point into ``text``, which is the non-empty head parts and the body
    joined by newlines (``Article.text``); each part is cut from it at its offset.
    """
    text, spans = article["text"], entity_spans(article.get("extraction"))
    parts: dict[str, Any] = {"kicker": None, "title": None, "subtitle": None, "paragraphs": []}
    at = 0
    for name in ("kicker", "title", "subtitle"):
        if article.get(name):
            parts[name] = highlight(text, at, at + len(article[name]), spans)
            at += len(article[name]) + 1
    for paragraph in article["body"].split("\n"):
        if paragraph.strip():
            parts["paragraphs"].append(highlight(text, at, at + len(paragraph), spans))
        at += len(paragraph) + 1
    return parts


# -- pages -----------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, SEARCH)
    if isinstance(query, HTMLResponse):
        return query
    result = run_search(services.backend, query)
    chart = search_timeline(services, query)
    return render(request, "search.html", query=query, result=result,
                  pages=page_count(result["total"], query.size),
                  timeline_svg=timeline_chart(chart),
                  timeline_caption=TIMELINE_CAPTIONS[chart["interval"]],
                  api_url=url_with("/api/search", to_items(query)))


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size)) if size else 1


def search_timeline(services: Services, query: SearchQuery) -> dict[str, Any]:
    """Years, or months when every hit falls in one year."""
    by_year = timeline(services.backend, query, "year")
    if len(by_year["keys"]) == 1:
        return timeline(services.backend, query, "month")
    return by_year


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request,
                 services: ServicesDep) -> HTMLResponse:
    try:
        article = load_article(services.archive, article_id)
    except HTTPException as exc:
        return error_page(request, exc.status_code, f"找不到这篇文章 ({exc.detail})")
    return render(request, "article.html", article=article,
                  parts=highlighted_article(article), extraction=article["extraction"] or {},
                  api_url=f"/api/articles/{path_quote(article_id)}")


# -- analytics pages ---------------------------------------------------------------------


@cache
def county_cloud(gazetteer: Any) -> str:
    """The map's background: every county's coordinates (drawn once per process)."""
    points = ((r["lon"], r["lat"]) for r in gazetteer.all_regions()
              if r.get("level") == "county" and r.get("lon") is not None)
    return background_path(points)


def province_map(services: Services, marks: list[dict[str, Any]],
                 counties: list[dict[str, Any]] = (), label: str = "地图") -> Markup:
    return china_map(marks, county_cloud(services.gazetteer), counties, label)


def choices(services: Services) -> dict[str, list[dict[str, Any]]]:
    """Values for the pages' pickers: every province, theme and programme with counts."""
    scope = SearchQuery(size=0, facets=("province", "theme", "programme", "year"),
                        facet_size=100, highlight=False)
    return search_response(scope, services.backend.search(scope))["facets"]


@router.get("/programmes", response_class=HTMLResponse)
def programmes_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, CATALOGUE)
    if isinstance(query, HTMLResponse):
        return query
    items = request.query_params.multi_items()
    kind, name = extra_text(items, "kind") or None, extra_text(items, "name")
    catalogue = catalogue_response(services, query, kind, name)
    extra = [(k, v) for k, v in (("kind", kind or ""), ("name", name)) if v]
    return render(request, "programmes.html", query=query, catalogue=catalogue, kind=kind,
                  name=name, extra=extra, choices=choices(services),
                  pages=page_count(catalogue["total"], query.size),
                  api_url=url_with("/api/programmes", to_items(query) + extra))


@router.get("/programmes/{name:path}", response_class=HTMLResponse)
def programme_page(name: str, request: Request, services: ServicesDep) -> HTMLResponse:
    try:
        check_only(request.query_params.multi_items(), ("interval",))
        interval = extra_choice(request.query_params.multi_items(), "interval", INTERVALS, "year")
        detail = programme_response(services, name, interval or "year")
    except ParamError as exc:
        return error_page(request, 422, f"参数有误 (bad parameters): {exc}")
    except HTTPException as exc:
        return error_page(request, exc.status_code, f"没有文章提到“{name}” ({exc.detail})")
    similar = similar_response(services, name, SearchQuery(size=10))
    return render(request, "programme.html", p=detail, similar=similar["similar"],
                  timeline_svg=timeline_chart(detail["timeline"]),
                  map_svg=province_map(services, detail["provinces"], detail["counties"],
                                       f"“{name}”出现的地区"),
                  interval=interval, api_url=f"/api/programmes/{path_quote(name)}")


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, COMPARE)
    if isinstance(query, HTMLResponse):
        return query
    picked = query.filters.get("province", ())
    context = {"query": query, "picked": picked, "choices": choices(services),
               "api_url": url_with("/api/compare", to_items(query))}
    if len(picked) < 2:
        return render(request, "compare.html", comparison=None, **context)
    try:
        comparison = compare_response(services, query)
    except ParamError as exc:
        return render(request, "compare.html", status=422, comparison=None,
                      error=str(exc), **context)
    columns = comparison["provinces"]
    counties = [c for column in columns for c in column["counties"]]
    map_svg = province_map(services, columns, counties, "比较的省份与区县")
    return render(request, "compare.html", comparison=comparison, map_svg=map_svg, **context)


@router.get("/figures", response_class=HTMLResponse)
def figures_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, LEDGER)
    if isinstance(query, HTMLResponse):
        return query
    items = request.query_params.multi_items()
    metric, unit = extra_text(items, "metric"), extra_text(items, "unit")
    ledger = ledger_response(services, query, metric, unit)
    extra = [(k, v) for k, v in (("metric", metric), ("unit", unit)) if v]
    return render(request, "figures.html", query=query, ledger=ledger, metric=metric, unit=unit,
                  extra=extra, pages=page_count(ledger["total"], query.size),
                  choices=choices(services),
                  api_url=url_with("/api/figures", to_items(query) + extra))


@router.get("/figures/check", response_class=HTMLResponse)
def figure_check_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, CHECK)
    if isinstance(query, HTMLResponse):
        return query
    text = extra_text(request.query_params.multi_items(), "text")
    if not text:
        return render(request, "figure_check.html", text="", check=None)
    check = check_response(services, query, text)
    return render(request, "figure_check.html", text=text, check=check, query=query,
                  pages=page_count(check["total"], query.size),
                  api_url=url_with("/api/figures/check", [("text", text)]))
