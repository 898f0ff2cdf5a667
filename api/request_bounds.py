"""Refuse a request the app should not read: too many headers, a body, a long or garbled URL.

An ASGI middleware in front of every route and page, so each refusal is the same 4xx
with a message, whichever handler the URL would have reached. What h11 cannot even
parse (a head over ``MAX_HEAD_BYTES``) is refused earlier, in ``api.server``.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_body
from api.limits import MAX_BODY_BYTES, MAX_HEAD_BYTES, MAX_HEADERS, MAX_URL_BYTES

Refusal = tuple[int, str]
JSON_PATHS = ("/api/", "/healthz", "/openapi.json")


class RequestBounds:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = refusal_of(scope) if scope["type"] == "http" else None
        if refusal is None:
            await self.app(scope, receive, send)
            return
        await refusal_response(scope["path"], *refusal)(scope, receive, send)


def refusal_of(scope: Scope) -> Refusal | None:
    """Why the request is refused, or None: the cheapest checks first."""
    headers = scope["headers"]
    if len(headers) > MAX_HEADERS:
        return 431, f"too many headers: {len(headers)}; at most {MAX_HEADERS}"
    # h11 bounds a head that arrives in parts; one that arrives whole is measured here.
    head_bytes = sum(len(name) + len(value) + 4 for name, value in headers)
    if head_bytes > MAX_HEAD_BYTES:
        return 431, f"request headers too large: {head_bytes} bytes; at most {MAX_HEAD_BYTES}"
    length = _content_length(headers)
    if length > MAX_BODY_BYTES:
        return 413, (f"request body too large: {length} bytes; at most {MAX_BODY_BYTES} "
                     "(every route here is a GET and reads no body)")
    raw_path, query = scope.get("raw_path") or scope["path"].encode(), scope["query_string"]
    url_bytes = len(raw_path) + (len(query) + 1 if query else 0)
    if url_bytes > MAX_URL_BYTES:
        return 414, (f"URL too long: {url_bytes} bytes; at most {MAX_URL_BYTES}. "
                     "Ask for fewer filter values, or split the request")
    return _garbled(raw_path, query)


def _content_length(headers: list[tuple[bytes, bytes]]) -> int:
    # h11 has already refused a malformed or repeated Content-Length.
    for name, value in headers:
        if name == b"content-length" and value.isdigit():
            return int(value)
    return 0


def _garbled(raw_path: bytes, query: bytes) -> Refusal | None:
    """A percent-encoding that is not UTF-8 (``q=%FF%FE``), which would be read as "".

    Starlette replaces such bytes with U+FFFD and the search then matches every article;
    an error says what the client sent instead.
    """
    if not _is_utf8(raw_path):
        return 400, "the path is not UTF-8 once percent-decoded"
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        if not (_is_utf8(name) and _is_utf8(value)):
            shown = unquote_to_bytes(name).decode("utf-8", "replace")
            return 400, (f"parameter {shown!r}: not UTF-8 once percent-decoded; "
                         "encode text as UTF-8 (e.g. 工 is %E5%B7%A5)")
    return None


def _is_utf8(encoded: bytes) -> bool:
    try:
        unquote_to_bytes(encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def refusal_response(path: str, status: int, message: str) -> Response:
    """JSON for the API, a line of text for the pages; the connection closes after it."""
    headers = {"connection": "close"} if status in (413, 431) else None
    if path.startswith(JSON_PATHS):
        return JSONResponse(error_body(message), status_code=status, headers=headers)
    return PlainTextResponse(message, status_code=status, headers=headers)
