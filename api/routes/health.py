"""GET /healthz: can we read the archive and search the index?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import Services, ServicesDep
from api.schemas import Health
from api.search_params import check_only
from indexer.search.query import SearchQuery

router = APIRouter(tags=["health"])


def health_report(services: Services) -> tuple[int, dict[str, Any]]:
    report: dict[str, Any] = {"status": "ok", "archive": {}, "backend": {}}
    try:
        stats = services.archive.stats()
        report["archive"] = {key: stats[key] for key in ("articles", "extracted", "quarantined")}
    except Exception as exc:  # noqa: BLE001 - the report names what failed
        report["status"], report["archive"] = "unavailable", {"error": str(exc)}
    try:
        documents = services.backend.count(SearchQuery())
        report["backend"] = {"name": services.backend.name, "documents": documents}
    except Exception as exc:  # noqa: BLE001
        report["status"] = "unavailable"
        report["backend"] = {"name": services.backend.name, "error": str(exc)}
    return (200 if report["status"] == "ok" else 503), report


@router.get("/healthz", response_model=Health, responses={
    503: {"description": "The archive or the backend cannot be read", "model": Health}})
def healthz(request: Request, services: ServicesDep) -> JSONResponse:
    """Archive and backend reachable, with their counts; 503 if either is not."""
    check_only(request.query_params.multi_items())
    status, report = health_report(services)
    return JSONResponse(report, status_code=status)
