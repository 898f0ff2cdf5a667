"""The site `unionkb serve` runs: the JSON API, the pages over the same use cases, their
static files, and the API's documentation page."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from api.app import create_api
from api.errors import slash_redirect
from api.services import open_services
from indexer.config import Settings, load_settings
from web import analytics_pages, facet_pages, map_pages, pages, people_pages, saved_pages
from web.rendering import error_page, render

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
    app.include_router(map_pages.router)
    _page_errors_in_chinese(app)
    return app


API_PATHS = ("/api/", "/healthz", "/openapi.json", "/static/")


def _page_errors_in_chinese(app: FastAPI) -> None:
    """A page address that is not there (or not for this method) answers with the Chinese
    error page; the API's addresses keep the JSON error body (and its slash redirect)."""
    answer_as_api = app.exception_handlers[HTTPException]

    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        path = request.url.path
        if (exc.status_code not in PAGE_ERRORS or path.startswith(API_PATHS)
                or slash_redirect(request)):
            return await answer_as_api(request, exc)
        return error_page(request, exc.status_code, PAGE_ERRORS[exc.status_code])

    app.add_exception_handler(HTTPException, page_error)


PAGE_ERRORS = {404: "没有这个页面。请检查网址,或从上方的导航进入。",
               405: "这个页面不接受这种请求方式。"}


def _add_docs_page(app: FastAPI) -> None:
    """The OpenAPI page, with Swagger UI from web/static/swagger-ui (works offline).

    FastAPI's page starts Swagger UI with an inline script, which the
    Content-Security-Policy forbids; ours loads web/static/swagger-ui/start.js.
    """

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return render(request, "docs.html", title=f"{app.title} · API",
                      openapi_url=app.openapi_url or "/openapi.json")
