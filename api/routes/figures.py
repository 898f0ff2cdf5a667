"""GET /api/figures (the ledger) and GET /api/figures/check (check a figure)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.analytics.table_rows import CHECK_COLUMNS, FIGURE_COLUMNS
from api.analytics_schemas import FigureCheckResponse, FiguresResponse
from api.deps import ServicesDep
from api.downloads import CSV_RESPONSES, csv_download
from api.services import figures as service
from api.views import (
    CHECK,
    LEDGER,
    ledger_filters,
    ledger_order,
    required_figure_text,
    table_format,
)

router = APIRouter(tags=["figures"])
LedgerQueryDep = LEDGER.dependency()
CheckQueryDep = CHECK.dependency()


@router.get("/api/figures", response_model=FiguresResponse, responses=CSV_RESPONSES,
            openapi_extra=LEDGER.openapi())
def figures(request: Request, query: LedgerQueryDep,
            services: ServicesDep) -> dict[str, Any] | Response:
    """The figure ledger: value, unit, qualifier, change, metric, region, date, article and
    source sentence of every figure, with conflicts flagged (same metric, place and year,
    values that no reading of their qualifiers reconciles). ``province`` and ``year``
    select the figures' own place and year; ``page``/``size`` page through the rows;
    ``order`` sorts them; ``format=csv`` has every row.
    """
    items = request.query_params.multi_items()
    metric, unit = ledger_filters(items)
    order = ledger_order(items)
    if table_format(items) == "csv":
        return csv_download("figures", FIGURE_COLUMNS,
                            service.ledger_records(services, query, metric, unit, order))
    return service.ledger(services, query, metric, unit, order)


@router.get("/api/figures/check", response_model=FigureCheckResponse, responses=CSV_RESPONSES,
            openapi_extra=CHECK.openapi())
def check(request: Request, query: CheckQueryDep,
          services: ServicesDep) -> dict[str, Any] | Response:
    """Check a figure: the claim read from ``text`` and every ledger row about the same
    thing (metric, unit, and place if the text names one), each marked as agreeing or not,
    with their source articles. ``format=csv`` has every matching row, with the claim.
    """
    items = request.query_params.multi_items()
    text = required_figure_text(items)
    if table_format(items) == "csv":
        return csv_download("figure-check", CHECK_COLUMNS,
                            service.check_records(services, query, text))
    return service.check(services, query, text)
