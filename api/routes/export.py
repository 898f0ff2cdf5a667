"""GET /api/export: every hit of a search, streamed, with citation fields."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from api.analytics.export import FORMATS
from api.analytics_schemas import ExportRecord
from api.deps import ServicesDep
from api.services import export as service
from api.views import EXPORT, export_format

router = APIRouter(tags=["export"])
ExportQueryDep = EXPORT.dependency()
# Documented per media type, so a client knows what each format= answers with; the
# JSON one is the model's.
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "description": "The export, as an attachment (Content-Disposition).",
    "model": list[ExportRecord],
    "content": {media.split(";")[0]: {"schema": {"type": "string"}}
                for fmt, (media, _) in FORMATS.items() if fmt != "json"},
}}


@router.get("/api/export", response_class=StreamingResponse, responses=EXPORT_RESPONSES,
            openapi_extra=EXPORT.openapi())
def export(request: Request, query: ExportQueryDep, services: ServicesDep) -> StreamingResponse:
    """Every article of the search (all pages) as a download: authors, title, newspaper,
    date, page (版次), URL, places, programmes, themes and a GB/T 7714 citation.
    """
    fmt = export_format(request.query_params.multi_items())
    media_type, extension = FORMATS[fmt]
    return StreamingResponse(
        service.export_chunks(services, query, fmt), media_type=media_type,
        # no-store: each record's citation carries the day it was exported.
        headers={"Content-Disposition": f'attachment; filename="unionkb-export.{extension}"',
                 "Cache-Control": "no-store"},
    )
