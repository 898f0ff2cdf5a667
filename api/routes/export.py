"""GET /api/export: every hit of a search, streamed, with citation fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from api.analytics.export import FORMATS, batched, export_record, render
from api.analytics.scope import articles_in_scope
from api.analytics_schemas import ExportRecord
from api.deps import SCOPE_CONTROLS, Services, ServicesDep, ViewParams, choice_parameter
from api.search_params import extra_choice
from indexer.search.query import SearchQuery

router = APIRouter(tags=["export"])
FORMAT_PARAM = choice_parameter(
    "format", "csv (UTF-8 with BOM), json (an array), ris, or gbt7714 (GB/T 7714-2015 references).",
    FORMATS, "csv")
EXPORT = ViewParams((*SCOPE_CONTROLS, "sort"), (FORMAT_PARAM,))
ExportQueryDep = EXPORT.dependency()
# Documented per media type, so a client knows what each format= answers with; the
# JSON one is the model's.
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "description": "The export, as an attachment (Content-Disposition).",
    "model": list[ExportRecord],
    "content": {media.split(";")[0]: {"schema": {"type": "string"}}
                for fmt, (media, _) in FORMATS.items() if fmt != "json"},
}}


def export_chunks(services: Services, query: SearchQuery, fmt: str) -> Iterator[str]:
    # Every hit, not a page: the scan ignores page and size.
    scoped = articles_in_scope(services.backend, services.archive, replace(query, page=1))
    return batched(render((export_record(item) for item in scoped), fmt))


@router.get("/api/export", response_class=StreamingResponse, responses=EXPORT_RESPONSES,
            openapi_extra=EXPORT.openapi())
def export(request: Request, query: ExportQueryDep, services: ServicesDep) -> StreamingResponse:
    """Every article of the search (all pages) as a download: authors, title, newspaper,
    date, page (版次), URL, places, programmes, themes and a GB/T 7714 citation.
    """
    fmt = extra_choice(request.query_params.multi_items(), "format", FORMATS, "csv") or "csv"
    media_type, extension = FORMATS[fmt]
    return StreamingResponse(
        export_chunks(services, query, fmt), media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="unionkb-export.{extension}"'},
    )
