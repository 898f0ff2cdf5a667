"""GET /healthz: can we read the archive and search the index?"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import ServicesDep
from api.schemas import Health
from api.search_params import check_only
from api.services import health as service

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={
    503: {"description": "The archive or the backend cannot be read", "model": Health}})
def healthz(request: Request, services: ServicesDep) -> JSONResponse:
    """Archive and backend reachable, with their counts; 503 if either is not."""
    check_only(request.query_params.multi_items())
    healthy, report = service.health_report(services)
    # Looked at afresh each time: a kept "healthy" would hide a store gone unreadable.
    return JSONResponse(report, status_code=200 if healthy else 503,
                        headers={"Cache-Control": "no-store"})
