"""GET /api/figures (the ledger) and GET /api/figures/check (check a figure)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.analytics.figures import (
    LEDGER_ORDER,
    NEWEST_FIRST,
    Selection,
    agrees,
    claim_from_extraction,
    claim_selection,
    count_figures,
    counts_of,
    figure_rows,
    find_conflicts,
    ledger_selection,
    narrowed,
)
from api.analytics.scope import search_scope
from api.analytics_schemas import FigureCheckResponse, FiguresResponse
from api.deps import PAGED_CONTROLS, Services, ServicesDep, ViewParams, text_parameter
from api.limits import MAX_CHECK_TEXT_CHARS
from api.search_params import ParamError, extra_text
from indexer.archive import Archive
from indexer.search.query import SearchQuery

router = APIRouter(tags=["figures"])

METRIC_PARAM = text_parameter("metric", "Only figures whose metric contains this, e.g. 职工书屋.")
UNIT_PARAM = text_parameter("unit", "Only figures in this unit, e.g. 家.")
# The NLP pipeline reads it: the bound is what one request may make the server extract.
TEXT_PARAM = text_parameter("text", "The figure to check, as written: 7100多家职工书屋.",
                            MAX_CHECK_TEXT_CHARS, required=True)
LEDGER = ViewParams(PAGED_CONTROLS, (METRIC_PARAM, UNIT_PARAM))
CHECK = ViewParams(PAGED_CONTROLS, (TEXT_PARAM,))
LedgerQueryDep = LEDGER.dependency()
CheckQueryDep = CHECK.dependency()


def ledger_selection_of(services: Services, query: SearchQuery) -> Selection:
    """Every figure of the search's articles, about the filtered provinces and years."""
    return ledger_selection(search_scope(services.backend, query),
                            provinces=query.filters.get("province", ()),
                            years=query.filters.get("year", ()))


def ledger_response(services: Services, query: SearchQuery, metric: str,
                    unit: str) -> dict[str, Any]:
    archive = services.archive
    everything = ledger_selection_of(services, query)
    chosen = narrowed(everything, metric=metric, unit=unit)
    flagged, conflicts = find_conflicts(archive, chosen)
    page = figure_rows(archive, chosen, LEDGER_ORDER, limit=query.size, offset=query.offset)
    return {
        "total": count_figures(archive, chosen), "page": query.page, "size": query.size,
        "rows": [flagged.get(row["id"], row) for row in page],
        "conflicts": conflicts,
        "metrics": counts_of(archive, everything, "metric"),
        "units": counts_of(archive, everything, "unit"),
    }


def check_response(services: Services, query: SearchQuery, text: str) -> dict[str, Any]:
    from indexer.nlp.pipeline import extract

    archive = services.archive
    claim = claim_from_extraction(extract(text))
    everything = ledger_selection_of(services, query)
    found = figure_rows(archive, claim_selection(everything, claim, text), LEDGER_ORDER)
    matches = [{**row, "agrees": agrees(claim, row)} for row in found]
    _flag_matches(archive, everything, matches)
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


def _flag_matches(archive: Archive, everything: Selection, matches: list[dict[str, Any]]) -> None:
    """Conflict flags as the whole ledger has them (a conflict never crosses metrics)."""
    metrics = sorted({m["metric"] for m in matches if m["metric"]})
    if not metrics:
        return
    marks = ",".join("?" * len(metrics))
    flagged, _ = find_conflicts(archive, everything.where(f"f.metric IN ({marks})", *metrics),
                                NEWEST_FIRST)
    for match in matches:
        if match["id"] in flagged:
            match["conflict"] = True
            match["conflicts_with"] = flagged[match["id"]]["conflicts_with"]


@router.get("/api/figures", response_model=FiguresResponse, openapi_extra=LEDGER.openapi())
def figures(request: Request, query: LedgerQueryDep, services: ServicesDep) -> dict[str, Any]:
    """The figure ledger: value, unit, qualifier, change, metric, region, date, article and
    source sentence of every figure, with conflicts flagged (same metric, place and year,
    values that no reading of their qualifiers reconciles). ``province`` and ``year``
    select the figures' own place and year; ``page``/``size`` page through the rows.
    """
    items = request.query_params.multi_items()
    return ledger_response(services, query, extra_text(items, "metric"), extra_text(items, "unit"))


@router.get("/api/figures/check", response_model=FigureCheckResponse,
            openapi_extra=CHECK.openapi())
def check(request: Request, query: CheckQueryDep, services: ServicesDep) -> dict[str, Any]:
    """Check a figure: the claim read from ``text`` and every ledger row about the same
    thing (metric, unit, and place if the text names one), each marked as agreeing or not,
    with their source articles.
    """
    return check_response(services, query, check_text(request.query_params.multi_items()))


def check_text(items: list[tuple[str, str]]) -> str:
    """The figure to check, required, at most ``MAX_CHECK_TEXT_CHARS`` long."""
    text = extra_text(items, "text", MAX_CHECK_TEXT_CHARS)
    if not text:
        raise ParamError([("text", "give the figure to check, e.g. text=7100多家职工书屋")])
    return text
