"""The FastAPI application: JSON API under /api, web pages at /, OpenAPI at /docs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import h11
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.deps import Services
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
from api.search_params import ParamError
from indexer.archive import Archive
from indexer.config import Settings, load_settings
from indexer.search import open_backend
from indexer.search.base import BackendUnavailable

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
    )
    app.state.services = services
    _add_error_handlers(app)
    for module in (search, articles, regions, programmes, compare, figures, timeline, export,
                   health):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_docs_page(app)
    from web import analytics_pages, pages

    app.include_router(pages.router)
    app.include_router(analytics_pages.router)
    return app


class UnicodeURLProtocol(H11Protocol):
    """uvicorn's h11 protocol, accepting raw UTF-8 in the request target.

    curl sends ``/api/search?q=工会驿站`` unencoded; h11 only accepts ASCII there and
    answers "Invalid HTTP request". The request line's non-ASCII bytes are
    percent-encoded before h11 reads them, which is what a browser would have sent;
    headers and bodies are passed through untouched. Serve with
    ``uvicorn.run(app, http=UnicodeURLProtocol)``.
    """

    _mid_request_line = False

    def data_received(self, data: bytes) -> None:
        super().data_received(self._quote_request_line(data))

    def _quote_request_line(self, data: bytes) -> bytes:
        at_request_start = self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]
        if not (at_request_start or self._mid_request_line):
            return data
        end = data.find(b"\n")
        self._mid_request_line = end < 0
        line, rest = (data, b"") if end < 0 else (data[:end], data[end:])
        return _NON_ASCII.sub(lambda m: b"%%%02X" % m.group()[0], line) + rest


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _add_docs_page(app: FastAPI) -> None:
    """The OpenAPI page, with Swagger UI from web/static/swagger-ui (works offline)."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} · API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ParamError, _param_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(BackendUnavailable, _backend_unavailable)


def param_error_body(exc: ParamError) -> dict:
    return {
        "detail": f"bad parameters: {exc}",
        "errors": [{"param": name, "message": message} for name, message in exc.problems],
    }


async def _param_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ParamError)
    return JSONResponse(param_error_body(exc), status_code=422)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [(".".join(str(p) for p in err["loc"][1:]) or "request", err["msg"])
                for err in exc.errors()]
    return JSONResponse(param_error_body(ParamError(problems)), status_code=422)


async def _backend_unavailable(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": f"search backend unavailable: {exc}"}, status_code=503)
