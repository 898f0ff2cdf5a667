"""The site `unionkb serve` runs: the JSON API, the pages over the same use cases, their
static files, and the API's documentation page."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.app import create_api
from api.services import open_services
from indexer.config import Settings, load_settings
from web import analytics_pages, facet_pages, pages, people_pages, saved_pages
from web.rendering import render

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The site over the archive and index under ``settings.home``, opened once."""
    app = create_api(open_services(settings or load_settings()))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_docs_page(app)
    app.include_router(pages.router)
    app.include_router(analytics_pages.router)
    app.include_router(people_pages.router)
    app.include_router(facet_pages.router)
    app.include_router(saved_pages.router)
    return app


def _add_docs_page(app: FastAPI) -> None:
    """The OpenAPI page, with Swagger UI from web/static/swagger-ui (works offline).

    FastAPI's page starts Swagger UI with an inline script, which the
    Content-Security-Policy forbids; ours loads web/static/swagger-ui/start.js.
    """

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return render(request, "docs.html", title=f"{app.title} · API",
                      openapi_url=app.openapi_url or "/openapi.json")
