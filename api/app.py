"""The JSON API: its routes under /api and /healthz, its OpenAPI document, its refusals.

``create_api`` builds the API over services opened elsewhere; ``web.site`` composes it
with the pages into the site `unionkb serve` runs. Nothing here knows the pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api.errors import ERROR_RESPONSES, add_error_handlers
from api.http_hygiene import HeadAsGet, SecurityHeaders
from api.kept_responses import KeptResponses, ResponseStore
from api.request_bounds import RequestBounds
from api.routes import (
    articles,
    compare,
    export,
    facets,
    figures,
    health,
    people,
    programmes,
    regions,
    saved_searches,
    search,
    timeline,
)
from api.services import Services
from api.services.compare import province_names
from api.services.warming import Warmer, read_dictionary

TITLE = "unionkb · 工会知识库"
# Whole responses kept (api.kept_responses) per analysis answer kept: several URLs (a
# page, its JSON, its CSV) share one answer.
RESPONSES_PER_ANSWER = 4
ROUTERS = (search, facets, articles, regions, programmes, compare, figures, timeline, export,
           people, saved_searches, health)


def create_api(services: Services) -> FastAPI:
    """The API over ``services``, which it closes when it shuts down."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        read_dictionary()
        warmer = _start_warming(services)
        yield
        if warmer is not None:
            warmer.stop()
        services.close()

    app = FastAPI(
        title=TITLE,
        description="Search and compare Chinese trade-union reports. "
                    "The URL grammar is documented in docs/api.md.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # the site serves its own page (web.site), from local files
        redoc_url=None,
        # Starlette's slash redirect is absolute, built from the Host header the client
        # sends; api.errors redirects relatively instead.
        redirect_slashes=False,
        responses=ERROR_RESPONSES,
    )
    app.state.services = services
    add_error_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router)
    # The last added runs first: headers on every answer, refusals before any route.
    kept = RESPONSES_PER_ANSWER * max(services.answers.size, 0)
    app.state.kept_responses = ResponseStore(size=kept)
    app.add_middleware(KeptResponses, state=services.state, store=app.state.kept_responses)
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestBounds)
    app.add_middleware(SecurityHeaders)
    _list_provinces_in_openapi(app, services)
    return app


def _start_warming(services: Services) -> Warmer | None:
    seconds = services.settings.warm_seconds
    if seconds <= 0 or not services.backend.keeps_counts:
        return None
    warmer = Warmer(services, interval=seconds)
    warmer.start()
    return warmer


def _list_provinces_in_openapi(app: FastAPI, services: Services) -> None:
    """The OpenAPI document, with the gazetteer's provinces (read when it is first asked for)."""
    openapi = app.openapi

    def openapi_with_provinces() -> dict[str, Any]:
        document = openapi()
        compare.document_provinces(document, province_names(services))
        return document

    app.openapi = openapi_with_provinces  # type: ignore[method-assign]
