"""Whole responses kept until the archive or the index changes, and answered by ETag.

An analysis's answer is already kept (``api.services.answers``), but a kept answer is
still a Python value: every request encodes it again, and a national programme's page is
close to a megabyte of JSON (60–180 ms a request at 20,000 articles, the whole of its
time once the answer is kept). So a GET's complete 200 response — status, headers and
the encoded body — is kept under its URL and the state of both stores read *before* it
was computed (``Services.state``): a commit to either makes it unreachable, and an answer
computed while a commit landed is kept under the state it started from, which no
request asks for again. A backend that cannot name its state gives None, and then
nothing is kept.

Every such response carries a strong ETag (a hash of its body), and a request whose
``If-None-Match`` names it is answered 304 with no body, kept or not: a browser going
back to a page it has costs the server a lookup.

Not kept: a streamed response (more than one body message: the export, whose citations
carry the day they were made), one that says ``Cache-Control: no-store`` (``/healthz``,
which must look at the stores each time), static files (Starlette answers those with
their own ETag), a request carrying credentials, and a body over ``LARGEST_KEPT``.
The responses kept are bounded in number and in bytes, least recently used out first.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

RESPONSES_KEPT = 256
BYTES_KEPT = 64 * 2**20  # per server process: a national programme's page is ~1 MB
LARGEST_KEPT = 16 * 2**20
NOT_KEPT_PATHS = ("/static/",)
# Request headers that may change what a route answers: the key holds them.
VARYING_HEADERS = (b"host", b"accept", b"accept-encoding")


@dataclass(frozen=True)
class KeptResponse:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes


class ResponseStore:
    """Kept responses by key, at most ``size`` of them and ``max_bytes`` of bodies."""

    def __init__(self, size: int = RESPONSES_KEPT, max_bytes: int = BYTES_KEPT) -> None:
        if size < 0 or max_bytes < 0:
            raise ValueError("a response store's bounds cannot be negative")
        self.size, self.max_bytes = size, max_bytes
        self.bytes = 0
        self.hits = self.misses = 0
        self._responses: OrderedDict[Hashable, KeptResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> KeptResponse | None:
        with self._lock:
            response = self._responses.get(key)
            if response is None:
                self.misses += 1
                return None
            self._responses.move_to_end(key)
            self.hits += 1
            return response

    def put(self, key: Hashable, response: KeptResponse) -> None:
        if len(response.body) > min(self.max_bytes, LARGEST_KEPT) or self.size == 0:
            return
        with self._lock:
            old = self._responses.pop(key, None)
            self.bytes -= len(old.body) if old else 0
            self._responses[key] = response
            self.bytes += len(response.body)
            while len(self._responses) > self.size or self.bytes > self.max_bytes:
                _, dropped = self._responses.popitem(last=False)
                self.bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._responses)


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


class KeptResponses:
    """The middleware: ``state`` names both stores' state (None: keep nothing)."""

    def __init__(self, app: ASGIApp, state: Callable[[], Hashable | None],
                 store: ResponseStore | None = None) -> None:
        self.app = app
        self.state = state
        self.store = store if store is not None else ResponseStore()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _candidate(scope):
            await self.app(scope, receive, send)
            return
        # A stat and a PRAGMA, but on connections the routes' threads use: off the loop.
        state = await anyio.to_thread.run_sync(self._state) if self.store.size else None
        key = None if state is None else (_request_key(scope), state)
        kept = self.store.get(key) if key is not None else None
        if kept is not None:
            await _answer(kept, scope, send)
            return
        await self.app(scope, receive, _Recorder(self, key, scope, send))


    def _state(self) -> Hashable | None:
        try:
            return self.state()
        except Exception:  # noqa: BLE001 - the route reads the store too, and says what failed
            return None


def _candidate(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    if scope["path"].startswith(NOT_KEPT_PATHS):
        return False
    return not any(name in (b"authorization", b"cookie") for name, _ in scope["headers"])


def _request_key(scope: Scope) -> Hashable:
    headers = tuple(sorted((name, value) for name, value in scope["headers"]
                           if name in VARYING_HEADERS))
    return scope.get("scheme"), scope.get("root_path", ""), scope["path"], \
        scope["query_string"], headers


def _header(headers: list[tuple[bytes, bytes]] | tuple[tuple[bytes, bytes], ...],
            wanted: bytes) -> bytes | None:
    for name, value in headers:
        if name.lower() == wanted:
            return value
    return None


def _matches(scope: Scope, etag: bytes) -> bool:
    sent = _header(scope["headers"], b"if-none-match")
    if sent is None:
        return False
    tags = [tag.strip().removeprefix(b"W/") for tag in sent.split(b",")]
    return b"*" in tags or etag in tags


async def _answer(response: KeptResponse, scope: Scope, send: Send) -> None:
    if _matches(scope, response.etag):
        headers = [(n, v) for n, v in response.headers
                   if n.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": response.status,
                "headers": list(response.headers)})
    await send({"type": "http.response.body", "body": response.body})


class _Recorder:
    """The route's ``send``: holds back the start of a 200 until its first body message
    shows whether the body is whole, then keeps it (with its ETag) or lets it stream."""

    def __init__(self, middleware: KeptResponses, key: Hashable | None, scope: Scope,
                 send: Send) -> None:
        self.middleware, self.key, self.scope, self.send = middleware, key, scope, send
        self.start: Message | None = None
        self.passing = False  # once streaming, every message goes straight through

    async def __call__(self, message: Message) -> None:
        if self.passing:
            await self.send(message)
        elif message["type"] == "http.response.start":
            if message["status"] == 200 and not _no_store(message):
                self.start = message
            else:
                self.passing = True
                await self.send(message)
        elif message["type"] == "http.response.body" and self.start is not None:
            await self._first_body(self.start, message)
        else:
            await self.send(message)

    async def _first_body(self, start: Message, message: Message) -> None:
        self.passing = True
        if message.get("more_body", False):  # streamed: neither tagged nor kept
            await self.send(start)
            await self.send(message)
            return
        body = message.get("body", b"")
        headers = [*start.get("headers", []), (b"etag", etag_of(body))]
        response = KeptResponse(200, tuple(headers), body, headers[-1][1])
        if self.key is not None:
            self.middleware.store.put(self.key, response)
        await _answer(response, self.scope, self.send)


def _no_store(start: Message) -> bool:
    control = _header(start.get("headers", []), b"cache-control") or b""
    return b"no-store" in control.lower()
