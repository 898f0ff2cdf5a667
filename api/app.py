"""The FastAPI application: JSON API under /api, web pages at /, OpenAPI at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.deps import Services
from api.errors import ERROR_RESPONSES, add_error_handlers
from api.http_hygiene import HeadAsGet, SecurityHeaders
from api.request_bounds import RequestBounds
from api.routes import (
    articles,
    compare,
    export,
    figures,
    health,
    programmes,
    regions,
    search,
    timeline,
)
from indexer.archive import Archive
from indexer.config import Settings, load_settings
from indexer.search import open_backend

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app over the archive and index under ``settings.home``, opened once."""
    settings = settings or load_settings()
    settings.ensure_home()
    services = Services(settings, Archive(settings.archive_path), open_backend(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        title="unionkb · 工会知识库",
        description="Search and compare Chinese trade-union reports. "
                    "The URL grammar is documented in docs/api.md.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served below from our own static folder, not a CDN
        redoc_url=None,
        # Starlette's slash redirect is absolute, built from the Host header the client
        # sends; api.errors redirects relatively instead.
        redirect_slashes=False,
        responses=ERROR_RESPONSES,
    )
    app.state.services = services
    add_error_handlers(app)
    for module in (search, articles, regions, programmes, compare, figures, timeline, export,
                   health):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_docs_page(app)
    from web import analytics_pages, pages

    app.include_router(pages.router)
    app.include_router(analytics_pages.router)
    # The last added runs first: headers on every answer, refusals before any route.
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestBounds)
    app.add_middleware(SecurityHeaders)
    _list_provinces_in_openapi(app, services)
    return app


def _list_provinces_in_openapi(app: FastAPI, services: Services) -> None:
    """The OpenAPI document, with the gazetteer's provinces (read when it is first asked for)."""
    openapi = app.openapi

    def openapi_with_provinces() -> dict[str, Any]:
        document = openapi()
        compare.document_provinces(document, [r["name"] for r in services.regions.provinces()])
        return document

    app.openapi = openapi_with_provinces  # type: ignore[method-assign]


def _add_docs_page(app: FastAPI) -> None:
    """The OpenAPI page, with Swagger UI from web/static/swagger-ui (works offline).

    FastAPI's page starts Swagger UI with an inline script, which the
    Content-Security-Policy forbids; ours loads web/static/swagger-ui/start.js.
    """
    from web.rendering import render

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return render(request, "docs.html", title=f"{app.title} · API",
                      openapi_url=app.openapi_url or "/openapi.json")
