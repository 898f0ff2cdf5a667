"""What every page shares: the templates, their labels, the URL grammar, error pages.

Links are built from the same URL grammar as the API (``api.search_params``), so every
page state is a URL a user can bookmark and the JSON is one "JSON" link away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.analytics.table_rows import sentence_url
from api.deps import ViewParams
from api.search_params import DEFAULT_SIZE, ParamError, to_items
from indexer.search.facets import FACET_LABELS
from indexer.search.query import FACETS, SearchQuery
from web.error_text import chinese_problems

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")

PAGE_SIZES = (10, 20, 50, 100)
LEDGER_ORDER_LABELS = {"metric": "按指标(冲突并列)", "newest": "日期(新→旧)",
                       "oldest": "日期(旧→新)"}
CATALOGUE_ORDER_LABELS = {"articles": "报道篇数", "newest": "最近提及", "oldest": "最早提及",
                          "name": "名称"}
SORT_LABELS = {"relevance": "相关度", "-date": "日期(新→旧)", "date": "日期(旧→新)"}
# The API keeps the English kind names (they are stable values to filter on).
KIND_LABELS = {"programme": "项目", "brand": "品牌", "campaign": "活动", "platform": "平台",
               "slogan": "口号", "facility": "设施"}


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


def scope_items(query: SearchQuery) -> list[tuple[str, str]]:
    """The parameters of the search's articles (words, filters, dates): no order, no page."""
    return to_items(replace(query, sort="relevance", size=DEFAULT_SIZE), page=1)


def count_as(query: SearchQuery, count: str) -> SearchQuery:
    """The same search counting stories or printings."""
    return replace(query, count=count)  # type: ignore[arg-type]
def with_format(url: str, fmt: str) -> str:
    """The same API request answered in another format (``format=csv``)."""
    return f"{url}{'&' if '?' in url else '?'}{urlencode([('format', fmt)])}"


def path_quote(value: str) -> str:
    return quote(value, safe="")


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


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
    scope_items=scope_items, count_as=count_as,
    with_format=with_format, page_numbers=lambda page, pages: page_numbers(page, pages),
    PAGE_SIZES=PAGE_SIZES, LEDGER_ORDER_LABELS=LEDGER_ORDER_LABELS,
    CATALOGUE_ORDER_LABELS=CATALOGUE_ORDER_LABELS,
)
TEMPLATES.env.filters.update(number=number, path_quote=path_quote, kind_label=kind_label,
                             sentence_url=sentence_url)


def render(request: Request, template: str, /, status: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, message: str, **context: Any) -> HTMLResponse:
    """The error page, in Chinese: ``message`` says what went wrong, the page what to try."""
    return render(request, "error.html", status=status, message=message, **context)


def parse_or_error(request: Request, view: ViewParams) -> SearchQuery | HTMLResponse:
    """The query as the page's /api twin parses it, or the error page saying what is wrong."""
    try:
        return view.parse(request)
    except ParamError as exc:
        return bad_parameters_page(request, exc)


def bad_parameters_page(request: Request, exc: ParamError) -> HTMLResponse:
    return error_page(request, 422, "请求的参数有误,请修改后再试。",
                      problems=chinese_problems(exc.problems))


Page = Callable[..., Response]


def with_error_page(page: Page) -> Page:
    """A page whose parameters are refused (``ParamError``) shows the error page, not the
    JSON the API answers with. The page takes ``request`` as a keyword, as FastAPI calls it."""

    @wraps(page)
    def checked(*args: Any, **kwargs: Any) -> Response:
        try:
            return page(*args, **kwargs)
        except ParamError as exc:
            return bad_parameters_page(kwargs["request"], exc)

    return checked


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last and ``around`` either side of
    ``page``; None where numbers are left out."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size)) if size else 1
