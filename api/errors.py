"""One error body for every refusal, its OpenAPI description, and the handlers that send it.

Whatever went wrong — a bad parameter, an unknown article, a URL too long, a backend
down — the body is ``{"detail": "...", "errors": [{"param", "message"}]}``: ``detail``
says it in one line, ``errors`` names each bad parameter (empty when none is to blame).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

from api.limits import MAX_URL_BYTES
from api.search_params import ParamError
from api.services import NotFound
from indexer.search.base import BackendUnavailable
from indexer.search.validation import InvalidQuery


class ParamProblem(BaseModel):
    param: str
    message: str


class ErrorResponse(BaseModel):
    """What was wrong, and each parameter to blame."""

    detail: str
    errors: list[ParamProblem] = []


def error_body(detail: str, problems: list[tuple[str, str]] = ()) -> dict[str, Any]:
    return {"detail": detail,
            "errors": [{"param": name, "message": message} for name, message in problems]}


def param_error_body(exc: InvalidQuery) -> dict[str, Any]:
    return error_body(f"bad parameters: {exc}", exc.problems)


def _documented(description: str) -> dict[str, Any]:
    return {"description": description, "model": ErrorResponse}


# Every operation can answer these; routes add their own 404.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented("Malformed request: a percent-encoding that is not UTF-8"),
    414: _documented(f"URL longer than {MAX_URL_BYTES} bytes"),
    422: _documented("Bad parameters: each one named in errors"),
    503: _documented("The search backend cannot be reached"),
}
NOT_FOUND = {404: _documented("Nothing of that name or id")}
WRITE_REFUSALS = {401: _documented("No admin token sent (Authorization: Bearer …)"),
                  403: _documented("Writes are turned off (no UNIONKB_ADMIN_TOKEN), or the "
                                   "token sent is wrong")}


def add_error_handlers(app: FastAPI) -> None:
    """The services' refusals and the framework's, each answered with the one body."""
    # InvalidQuery, not only ParamError: a query a service builds is validated by the
    # backend again, and what it refuses is still the request's fault, never a 500.
    app.add_exception_handler(InvalidQuery, _param_error)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(BackendUnavailable, _backend_unavailable)
    app.add_exception_handler(HTTPException, _http_error)


async def _param_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidQuery)
    return JSONResponse(param_error_body(exc), status_code=422)


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(error_body(str(exc)), status_code=404)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [(".".join(str(p) for p in err["loc"][1:]) or "request", err["msg"])
                for err in exc.errors()]
    return JSONResponse(param_error_body(ParamError(problems)), status_code=422)


async def _backend_unavailable(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(error_body(f"search backend unavailable: {exc}"), status_code=503)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and (target := slash_redirect(request)):
        return RedirectResponse(target, status_code=307)
    headers = dict(exc.headers or {})
    if "GET" in headers.get("Allow", "").split(", "):
        headers["Allow"] += ", HEAD"  # answered as GET (api.http_hygiene.HeadAsGet)
    return JSONResponse(error_body(str(exc.detail)), status_code=exc.status_code,
                        headers=headers)


def slash_redirect(request: Request) -> str | None:
    """The same URL without its trailing slash, if a route answers that; else None.

    Starlette's own redirect (``redirect_slashes``) builds an absolute URL from the Host
    header, which a client chooses; this one is relative, so it stays on this site.
    """
    path = request.url.path
    raw = request.scope.get("raw_path", path.encode()).decode("latin-1")
    if path == "/" or not raw.endswith("/") or _routed(request.app, request.scope):
        return None  # a handler's own 404 ("no article with id …") stands
    if not _routed(request.app, {**request.scope, "path": path.rstrip("/") or "/"}):
        return None
    raw = raw.rstrip("/")
    query = request.scope.get("query_string", b"").decode("latin-1")
    # "//evil.example" would be read as another host: collapse the leading slashes.
    return "/" + raw.lstrip("/") + (f"?{query}" if query else "")


def _routed(app: Any, scope: dict[str, Any]) -> bool:
    return any(route.matches(scope)[0] is Match.FULL for route in app.router.routes)
