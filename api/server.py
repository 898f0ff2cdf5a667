"""The HTTP server: uvicorn with the bounds it lacks, configured in one place.

uvicorn waits forever for a request that never completes (a connection that sends
half a head, or a body one byte a minute), answers a head too large for h11 with a
bare 400 and closes while the client is still sending, so the client sees a reset
instead of the answer. ``BoundedH11Protocol`` gives every request ``REQUEST_TIMEOUT``
to arrive, says 414 or 431 when its head is too large, and drains what a refused
client is still sending before it closes, so the refusal is read. ``serve`` runs an
app with these settings; the CLI's ``serve`` and ``demo`` call it, tests use
``server_config``.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess

from api.errors import error_body
from api.limits import (
    BACKLOG,
    KEEP_ALIVE_TIMEOUT,
    LINGER_TIMEOUT,
    MAX_CONNECTIONS,
    MAX_HEAD_BYTES,
    MAX_HEADERS,
    MAX_URL_BYTES,
    REQUEST_TIMEOUT,
)
from api.request_bounds import JSON_PATHS

_NON_ASCII = re.compile(rb"[\x80-\xff]")
# The request line is the target and about a dozen bytes more ("GET ", " HTTP/1.1\r\n").
_REQUEST_LINE_SLACK = 64


APP_FACTORY = "web.site:create_app"  # what each worker process builds its app with


def serve(app: Any, host: str, port: int, log_level: str = "info") -> None:
    """Serve ``app`` on ``host:port`` until interrupted."""
    uvicorn.Server(server_config(app, host, port, log_level=log_level)).run()


def serve_workers(workers: int, host: str, port: int, log_level: str = "info") -> None:
    """Serve the site from ``workers`` processes sharing one listening socket.

    Each worker opens the archive and the index itself (read-only use of one index:
    tantivy readers do not lock it), settings from the environment as ``create_app``
    reads them; uvicorn's supervisor restarts a worker that dies.
    """
    if workers < 2:
        raise ValueError("serve_workers needs two or more workers; serve() runs one")
    config = server_config(APP_FACTORY, host, port, log_level=log_level, workers=workers,
                           factory=True)
    Multiprocess(config, sockets=[config.bind_socket()]).run()


def server_config(app: Any, host: str = "127.0.0.1", port: int = 8000,
                  request_timeout: float = REQUEST_TIMEOUT, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for ``app``: the protocol below, keep-alive, connection limits."""
    protocol = BoundedH11Protocol
    if request_timeout != REQUEST_TIMEOUT:
        protocol = type("BoundedH11Protocol", (BoundedH11Protocol,),
                        {"request_timeout": request_timeout})
    settings: dict[str, Any] = {
        "http": protocol, "timeout_keep_alive": KEEP_ALIVE_TIMEOUT,
        "limit_concurrency": MAX_CONNECTIONS, "backlog": BACKLOG,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES, "server_header": False,
        **options,
    }
    return uvicorn.Config(app, host=host, port=port, **settings)


class UnicodeURLProtocol(H11Protocol):
    """uvicorn's h11 protocol, accepting raw UTF-8 in the request target.

    curl sends ``/api/search?q=工会驿站`` unencoded; h11 only accepts ASCII there and
    answers "Invalid HTTP request". The request line's non-ASCII bytes are
    percent-encoded before h11 reads them, which is what a browser would have sent;
    headers and bodies are passed through untouched.
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


class BoundedH11Protocol(UnicodeURLProtocol):
    """Every request arrives whole within ``request_timeout``; refusals are read, not reset."""

    request_timeout: float = REQUEST_TIMEOUT
    linger_timeout: float = LINGER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._lingering = False
        self._lost = False
        super().connection_made(_LingeringTransport(transport, self))  # type: ignore[arg-type]
        self._keep_deadline()  # a silent connection is a request that never arrives

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self._cancel_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # the answer is sent; what the client still sends is dropped
        super().data_received(data)
        self._keep_deadline()

    def eof_received(self) -> bool | None:
        if self._lingering:
            self.transport.close_now()  # type: ignore[attr-defined]
        return None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._keep_deadline()

    # -- the deadline of the request being received --------------------------------------

    def _keep_deadline(self) -> None:
        """Armed while a request is awaited or arriving; off once it is in whole."""
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            if self._deadline is None and not self._lingering:
                self._deadline = self.loop.call_later(self.request_timeout, self._timed_out)
        else:
            self._cancel_deadline()

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the app's answer, if any, goes nowhere
            self.cycle.message_event.set()
            if self.cycle.response_started:
                self.transport.close()  # halfway through an answer: nothing more can be said
                return
        self.refuse(408, f"request not received within {self.request_timeout:g} seconds; "
                         "send the whole request at once")

    # -- refusals --------------------------------------------------------------------------

    def send_400_response(self, msg: str) -> None:
        """What h11 could not parse: a head over its limit (414/431) or a malformed one."""
        buffered = self.conn.trailing_data[0]
        if len(buffered) <= MAX_HEAD_BYTES:
            self.refuse(400, "invalid HTTP request: the request line or a header is malformed")
            return
        line_end = buffered.find(b"\n")
        if line_end < 0 or line_end > MAX_URL_BYTES + _REQUEST_LINE_SLACK:
            self.refuse(414, f"URL too long: more than {MAX_URL_BYTES} bytes; at most "
                             f"{MAX_URL_BYTES}. Ask for fewer filter values, or split the request")
        else:
            self.refuse(431, f"request headers too large: more than {MAX_HEAD_BYTES} bytes; "
                             f"at most {MAX_HEAD_BYTES}, in at most {MAX_HEADERS} headers")

    def refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with ``message`` outside h11 (its state may be broken), then close.

        The body is the API's error body for an API path, a line of text for a page, as
        ``api.request_bounds`` answers; the path is read from what has arrived.
        """
        self._cancel_deadline()
        receiving_body = self.conn.their_state is h11.SEND_BODY and self.scope is not None
        path = self.scope["path"] if receiving_body else _requested_path(self.conn.trailing_data[0])
        if path.startswith(JSON_PATHS):
            media, body = "application/json", json.dumps(error_body(message)).encode()
        else:
            media, body = "text/plain; charset=utf-8", message.encode()
        head = (f"HTTP/1.1 {status} {_REASONS.get(status, '')}\r\n"
                f"content-type: {media}\r\nx-content-type-options: nosniff\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n")
        self.transport.write(head.encode() + body)
        self.transport.close()

    def still_sending(self) -> bool:
        """Whether the client may be in the middle of a request we will not read."""
        state = self.conn.their_state
        return not self._lost and (state in (h11.SEND_BODY, h11.ERROR)
                                   or (state is h11.IDLE and bool(self.conn.trailing_data[0])))

    def start_lingering(self) -> None:
        self._lingering = True
        self._cancel_deadline()


def _requested_path(buffered: bytes) -> str:
    """The path of the request line begun in ``buffered`` ("" before there is one)."""
    parts = buffered[:MAX_URL_BYTES].split(b" ", 2)
    return parts[1].decode("latin-1") if len(parts) > 1 else ""


_REASONS = {400: "Bad Request", 408: "Request Timeout", 414: "URI Too Long",
            431: "Request Header Fields Too Large"}


class _LingeringTransport:
    """The connection's transport, whose ``close`` lets a client still sending read the answer.

    Closing a socket with unread data makes the kernel send a reset, and a reset makes
    the client drop the answer it has not read yet. So, as Apache's lingering close:
    stop writing, read and drop what comes for ``linger_timeout`` seconds, then close.
    """

    def __init__(self, transport: asyncio.Transport, protocol: BoundedH11Protocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._closing = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def is_closing(self) -> bool:
        return self._closing or self._transport.is_closing()

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        if not self._protocol.still_sending() or not self._transport.can_write_eof():
            self._transport.close()
            return
        self._protocol.start_lingering()
        self._transport.write_eof()
        self._transport.resume_reading()
        self._protocol.loop.call_later(self._protocol.linger_timeout, self.close_now)

    def close_now(self) -> None:
        self._closing = True
        if not self._transport.is_closing():
            self._transport.close()

