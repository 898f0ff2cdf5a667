"""Each view's parameters, declared once: its API route and its page parse a request
with the same declaration, and the OpenAPI page documents it (``api.deps.ViewParams``).

The functions read a view's own parameters (``kind``, ``metric``, ``interval`` …) from
a request's items, raising ``ParamError`` as the search grammar does.
"""

from __future__ import annotations

from collections import Counter

from api.analytics.export import FORMATS
from api.analytics.timeline import INTERVALS, MODES
from api.deps import PAGED_CONTROLS, SCOPE_CONTROLS, ViewParams
from api.limits import MAX_CHECK_TEXT_CHARS, MAX_QUERY_CHARS
from api.parameter_docs import (
    NOT_BLANK_PATTERN,
    choice_parameter,
    openapi_parameter,
    text_parameter,
)
from api.search_params import ParamError, check_only, extra_choice, extra_integer, extra_text
from indexer.search.facet_pages import (
    DEFAULT_FACET_LIMIT,
    MAX_FACET_LIMIT,
    MAX_FACET_VALUES,
    FacetRequest,
)
from indexer.search.query import FACETS

Items = list[tuple[str, str]]

# Every table the site shows answers as JSON (the default) or, all its rows, as CSV.
TABLE_FORMATS = ("json", "csv")
TABLE_FORMAT_PARAM = choice_parameter(
    "format", "json: this answer; csv: every row of its table (all pages), streamed, UTF-8 "
    "with a byte-order mark, cells that could start a formula prefixed with '.",
    TABLE_FORMATS, "json")


def table_format(items: Items) -> str:
    """``format``: json unless csv is asked for."""
    return extra_choice(items, "format", TABLE_FORMATS, "json") or "json"


SEARCH = ViewParams()
REGIONS = ViewParams(SCOPE_CONTROLS, (TABLE_FORMAT_PARAM,))
MAX_COMPARED_QUERIES = 10
# A value without a colon is its own name; after a colon there must be words to search.
QUERY_PATTERN = f"^([^:：]*|[^:：]*[:：][\\s\\S]*{NOT_BLANK_PATTERN}[\\s\\S]*)$(?!\\n)"
QUERY_PARAM = openapi_parameter(
    "query", "A named query to compare, NAME:WORDS (or just WORDS, its own name), each name "
    f"once, at most {MAX_COMPARED_QUERIES} of them, {MAX_QUERY_CHARS} characters each. With "
    "query= the columns are these searches and province= filters every one of them.",
    {"type": "array", "maxItems": MAX_COMPARED_QUERIES,
     "items": {"type": "string", "maxLength": MAX_QUERY_CHARS, "pattern": QUERY_PATTERN}})
COMPARE = ViewParams(SCOPE_CONTROLS, (QUERY_PARAM, TABLE_FORMAT_PARAM))


def compared_provinces(items: Items) -> list[str]:
    """The ``province=`` values as sent: each one is a column, not a filter value."""
    return [value for name, value in items if name == "province"]


def compared_queries(items: Items) -> list[tuple[str, str]]:
    """The ``query=`` values as ``(name, words)``; blank values are not given."""
    values = [value for name, value in items if name == "query"]
    problems = []
    if len(values) > MAX_COMPARED_QUERIES:
        problems.append(("query", f"at most {MAX_COMPARED_QUERIES} queries"))
    problems += [("query", f"{value[:20]!r}… is over {MAX_QUERY_CHARS} characters")
                 for value in values if len(value) > MAX_QUERY_CHARS]
    sent = [(value, _named_query(value)) for value in values if value.strip()]
    problems += [("query", f"{value!r} has no words after its name; give NAME:WORDS")
                 for value, (_, words) in sent if not words]
    named = [pair for _, pair in sent]
    repeated = [n for n, count in Counter(n for n, _ in named).items() if count > 1]
    problems += [("query", f"the name {n!r} is given twice; name each query once")
                 for n in repeated]
    if problems:
        raise ParamError(problems)
    return named


def _named_query(value: str) -> tuple[str, str]:
    # 名称:检索词, with an ASCII or a full-width colon; without one the words name themselves.
    name, colon, words = value.replace("：", ":").partition(":")
    if not colon:
        return value.strip(), value.strip()
    return name.strip() or words.strip(), words.strip()


# -- programmes -------------------------------------------------------------------------

KIND_PARAM = text_parameter("kind", "Only programmes of this kind (as the NLP labels them).")
NAME_PARAM = text_parameter("name", "Only programmes whose name contains this text.")
INTERVAL_PARAM = choice_parameter("interval", "Timeline buckets: year or month.", INTERVALS,
                                  "year")
CATALOGUE_ORDERS = ("articles", "name", "newest", "oldest")
CATALOGUE_ORDER_PARAM = choice_parameter(
    "order", "articles: most widely reported first; name: by name; newest: the latest "
    "mention first; oldest: the earliest first mention first.", CATALOGUE_ORDERS, "articles")
CATALOGUE = ViewParams(PAGED_CONTROLS, (KIND_PARAM, NAME_PARAM, CATALOGUE_ORDER_PARAM,
                                        TABLE_FORMAT_PARAM))
SIMILAR = ViewParams((*SCOPE_CONTROLS, "size"), (TABLE_FORMAT_PARAM,))


def catalogue_order(items: Items) -> str:
    return extra_choice(items, "order", CATALOGUE_ORDERS, "articles") or "articles"


def catalogue_filters(items: Items) -> tuple[str | None, str]:
    """The catalogue's own filters: ``kind`` (None when not given) and ``name``."""
    return extra_text(items, "kind") or None, extra_text(items, "name")


PROGRAMME_PARAMS = (INTERVAL_PARAM, TABLE_FORMAT_PARAM)


def programme_interval(items: Items) -> str:
    """The programme timeline's ``interval`` (with ``format``, all a programme takes)."""
    check_only(items, ("interval", "format"))
    return extra_choice(items, "interval", INTERVALS, "year") or "year"


# -- figures ----------------------------------------------------------------------------

METRIC_PARAM = text_parameter("metric", "Only figures whose metric contains this, e.g. 职工书屋.")
UNIT_PARAM = text_parameter("unit", "Only figures in this unit, e.g. 家.")
# The NLP pipeline reads it: the bound is what one request may make the server extract.
TEXT_PARAM = text_parameter("text", "The figure to check, as written: 7100多家职工书屋.",
                            MAX_CHECK_TEXT_CHARS, required=True)
LEDGER_ORDERS = ("metric", "newest", "oldest")
LEDGER_ORDER_PARAM = choice_parameter(
    "order", "metric: by metric, place, date and value (conflicting rows side by side); "
    "newest or oldest: by the article's date.", LEDGER_ORDERS, "metric")
LEDGER = ViewParams(PAGED_CONTROLS, (METRIC_PARAM, UNIT_PARAM, LEDGER_ORDER_PARAM,
                                     TABLE_FORMAT_PARAM))
CHECK = ViewParams(PAGED_CONTROLS, (TEXT_PARAM, TABLE_FORMAT_PARAM))


def ledger_order(items: Items) -> str:
    return extra_choice(items, "order", LEDGER_ORDERS, "metric") or "metric"


def ledger_filters(items: Items) -> tuple[str, str]:
    """The ledger's own filters, ``metric`` and ``unit`` ('' when not given)."""
    return extra_text(items, "metric"), extra_text(items, "unit")


def figure_text(items: Items) -> str:
    """The figure to check ('' when not given), at most ``MAX_CHECK_TEXT_CHARS`` long."""
    return extra_text(items, "text", MAX_CHECK_TEXT_CHARS)


def required_figure_text(items: Items) -> str:
    """The figure to check, which the API requires (the page shows an empty form)."""
    text = figure_text(items)
    if not text:
        raise ParamError([("text", "give the figure to check, e.g. text=7100多家职工书屋")])
    return text


# -- timeline and export ----------------------------------------------------------------

TIMELINE_PARAMS = (
    choice_parameter("interval", "Bucket size.", INTERVALS, "year"),
    choice_parameter("by", "Split each bucket by this facet, e.g. province.", FACETS),
    choice_parameter("mode", "count: articles; share: articles ÷ all articles of the same "
                             "period, group and newspapers.", MODES, "count"),
)
TIMELINE = ViewParams(SCOPE_CONTROLS, (*TIMELINE_PARAMS, TABLE_FORMAT_PARAM))


def timeline_options(items: Items) -> tuple[str, str | None, str]:
    """``interval``, ``by`` (None: not split) and ``mode``."""
    interval = extra_choice(items, "interval", INTERVALS, "year") or "year"
    by = extra_choice(items, "by", FACETS, None)
    mode = extra_choice(items, "mode", MODES, "count") or "count"
    return interval, by, mode


FORMAT_PARAM = choice_parameter(
    "format", "csv (UTF-8 with BOM), json (an array), ris, or gbt7714 (GB/T 7714-2015 references).",
    FORMATS, "csv")
EXPORT = ViewParams((*SCOPE_CONTROLS, "sort"), (FORMAT_PARAM,))


def export_format(items: Items) -> str:
    """``format``: csv unless another is asked for."""
    return extra_choice(items, "format", FORMATS, "csv") or "csv"


# -- a facet's values -------------------------------------------------------------------

FACET_VALUE_PARAMS = (
    openapi_parameter("offset", "Values to skip (most frequent first).",
                      {"type": "integer", "minimum": 0, "maximum": MAX_FACET_VALUES,
                       "default": 0}),
    openapi_parameter("limit", f"Values on the page, 1 to {MAX_FACET_LIMIT}.",
                      {"type": "integer", "minimum": 1, "maximum": MAX_FACET_LIMIT,
                       "default": DEFAULT_FACET_LIMIT}),
    text_parameter("contains", "Only values containing this text (case-insensitive), "
                               "e.g. 驿站."),
)
FACET_VALUES = ViewParams(SCOPE_CONTROLS, FACET_VALUE_PARAMS)


def facet_request(facet: str, items: Items) -> FacetRequest:
    """The page of ``facet``'s values asked for; out-of-range numbers are refused."""
    request = FacetRequest(
        facet, contains=extra_text(items, "contains"),
        offset=extra_integer(items, "offset", 0),
        limit=extra_integer(items, "limit", DEFAULT_FACET_LIMIT))
    problems = [(name, message) for name, message in request.problems() if name != "facet"]
    if problems:
        raise ParamError(problems)
    return request
