"""GET /api/figures (the ledger) and GET /api/figures/check (check a figure)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request

from api.analytics.counting import value_counts
from api.analytics.figures import (
    check_claim,
    claim_from_extraction,
    figure_rows,
    flag_conflicts,
    order_rows,
    select_rows,
)
from api.analytics.scope import search_scope
from api.deps import (
    PAGED_CONTROLS,
    Services,
    ServicesDep,
    ViewParams,
    openapi_parameter,
)
from api.search_params import ParamError, extra_text
from indexer.search.query import SearchQuery

router = APIRouter(tags=["figures"])

METRIC_PARAM = openapi_parameter(
    "metric", "Only figures whose metric contains this, e.g. 职工书屋.", {"type": "string"})
UNIT_PARAM = openapi_parameter("unit", "Only figures in this unit, e.g. 家.", {"type": "string"})
TEXT_PARAM = openapi_parameter("text", "The figure to check, as written: 7100多家职工书屋.",
                               {"type": "string"}, required=True)
LEDGER = ViewParams(PAGED_CONTROLS, (METRIC_PARAM, UNIT_PARAM))
CHECK = ViewParams(PAGED_CONTROLS, (TEXT_PARAM,))
LedgerQueryDep = LEDGER.dependency()
CheckQueryDep = CHECK.dependency()


def ledger_rows(services: Services, query: SearchQuery) -> list[dict[str, Any]]:
    """Every figure of the search's articles, about the filtered provinces and years."""
    rows = figure_rows(services.archive, search_scope(services.backend, query), services.regions)
    return select_rows(list(rows), provinces=query.filters.get("province", ()),
                       years=query.filters.get("year", ()))


def ledger_response(services: Services, query: SearchQuery, metric: str,
                    unit: str) -> dict[str, Any]:
    everything = ledger_rows(services, query)
    rows = order_rows(select_rows(everything, metric=metric, unit=unit))
    conflicts = flag_conflicts(rows)
    start = query.offset
    return {
        "total": len(rows), "page": query.page, "size": query.size,
        "rows": rows[start:start + query.size],
        "conflicts": conflicts,
        "metrics": value_counts_of(everything, "metric"),
        "units": value_counts_of(everything, "unit"),
    }


def value_counts_of(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return value_counts(Counter(r[key] for r in rows if r[key]))


def check_response(services: Services, query: SearchQuery, text: str) -> dict[str, Any]:
    from indexer.nlp.pipeline import extract

    claim = claim_from_extraction(extract(text))
    rows = ledger_rows(services, query)
    flag_conflicts(rows)
    matches = order_rows(check_claim(claim, rows, text))
    start = query.offset
    shown = matches[start:start + query.size]
    return {
        "text": text, "claim": claim, "total": len(matches), "page": query.page,
        "size": query.size,
        "agreeing": sum(1 for m in matches if m["agrees"]),
        "disagreeing": sum(1 for m in matches if m["agrees"] is False),
        "matches": shown,
        "sources": list({m["article"]["id"]: m["article"] for m in shown}.values()),
    }


@router.get("/api/figures", openapi_extra=LEDGER.openapi())
def figures(request: Request, query: LedgerQueryDep, services: ServicesDep) -> dict[str, Any]:
    """The figure ledger: value, unit, qualifier, change, metric, region, date, article and
    source sentence of every figure, with conflicts flagged (same metric, place and year,
    values that no reading of their qualifiers reconciles). ``province`` and ``year``
    select the figures' own place and year; ``page``/``size`` page through the rows.
    """
    items = request.query_params.multi_items()
    return ledger_response(services, query, extra_text(items, "metric"), extra_text(items, "unit"))


@router.get("/api/figures/check", openapi_extra=CHECK.openapi())
def check(request: Request, query: CheckQueryDep, services: ServicesDep) -> dict[str, Any]:
    """Check a figure: the claim read from ``text`` and every ledger row about the same
    thing (metric, unit, and place if the text names one), each marked as agreeing or not,
    with their source articles.
    """
    text = extra_text(request.query_params.multi_items(), "text")
    if not text:
        raise ParamError([("text", "give the figure to check, e.g. text=7100多家职工书屋")])
    return check_response(services, query, text)
