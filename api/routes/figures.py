"""GET /api/figures (the ledger) and GET /api/figures/check (check a figure)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.analytics_schemas import FigureCheckResponse, FiguresResponse
from api.deps import ServicesDep
from api.services import figures as service
from api.views import CHECK, LEDGER, ledger_filters, required_figure_text

router = APIRouter(tags=["figures"])
LedgerQueryDep = LEDGER.dependency()
CheckQueryDep = CHECK.dependency()


@router.get("/api/figures", response_model=FiguresResponse, openapi_extra=LEDGER.openapi())
def figures(request: Request, query: LedgerQueryDep, services: ServicesDep) -> dict[str, Any]:
    """The figure ledger: value, unit, qualifier, change, metric, region, date, article and
    source sentence of every figure, with conflicts flagged (same metric, place and year,
    values that no reading of their qualifiers reconciles). ``province`` and ``year``
    select the figures' own place and year; ``page``/``size`` page through the rows.
    """
    metric, unit = ledger_filters(request.query_params.multi_items())
    return service.ledger(services, query, metric, unit)


@router.get("/api/figures/check", response_model=FigureCheckResponse,
            openapi_extra=CHECK.openapi())
def check(request: Request, query: CheckQueryDep, services: ServicesDep) -> dict[str, Any]:
    """Check a figure: the claim read from ``text`` and every ledger row about the same
    thing (metric, unit, and place if the text names one), each marked as agreeing or not,
    with their source articles.
    """
    return service.check(services, query, required_figure_text(request.query_params.multi_items()))
