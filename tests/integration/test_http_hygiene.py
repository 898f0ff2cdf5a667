"""HTTP as a careful server speaks it: relative redirects, security headers, HEAD, and
bounds on what a connection may send (a body, headers, a request that never ends)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from api.http_hygiene import CONTENT_SECURITY_POLICY
from api.limits import (
    BACKLOG,
    KEEP_ALIVE_TIMEOUT,
    MAX_BODY_BYTES,
    MAX_CONNECTIONS,
    MAX_HEAD_BYTES,
    MAX_HEADERS,
)
from api.server import BoundedH11Protocol, server_config
from indexer.config import Settings
from tests.conftest import LiveServer

PAGES = ["/", "/programmes", "/compare", "/figures", "/figures/check", "/docs",
         "/programmes/暖新保"]


def connect(url: str) -> socket.socket:
    target = httpx.URL(url)
    return socket.create_connection((target.host, target.port), timeout=30)


def read_all(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


# -- redirects -----------------------------------------------------------------------


def test_the_trailing_slash_redirect_stays_on_this_site(api: httpx.Client) -> None:
    response = api.get("/api/search/", params={"q": "工会"}, headers={"host": "evil.example"})
    assert response.status_code == 307
    assert response.headers["location"] == "/api/search?q=%E5%B7%A5%E4%BC%9A"
    assert api.get("/api/search/", follow_redirects=True).json()["total"] == 7
    # A path that starts like another host's URL is not sent there.
    assert not api.get("//evil.example/").headers.get("location", "").startswith("//")
    # A route that takes the slash (a programme's name is a path) keeps its own 404.
    assert api.get("/api/programmes/没有这个/").status_code == 404


# -- headers every answer carries -----------------------------------------------------


@pytest.mark.parametrize("path", ["/api/search", "/", "/docs", "/static/style.css",
                                  "/api/articles/nothing", "/api/search?size=500",
                                  "/api/search?q=%FF", "/healthz", "/openapi.json"])
def test_every_answer_carries_the_security_headers(api: httpx.Client, path: str) -> None:
    headers = api.get(path).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "server" not in headers  # no version for scanners to match


def test_the_policy_allows_only_this_site() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"  # scripts and styles: files from here only
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'"


# -- HEAD ------------------------------------------------------------------------------


def get_routes(api: httpx.Client) -> list[str]:
    concrete = {"{article_id}": "nothing", "{name}": "暖新保"}
    paths = list(api.get("/openapi.json").json()["paths"])
    for placeholder, value in concrete.items():
        paths = [p.replace(placeholder, value) for p in paths]
    return [p for p in paths if "/compare" not in p and "/figures/check" not in p] + PAGES


def test_head_answers_like_get_without_the_body(api: httpx.Client) -> None:
    for path in get_routes(api):
        got, head = api.get(path), api.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        if "content-length" in got.headers:
            assert head.headers["content-length"] == got.headers["content-length"], path


def test_other_methods_are_405_with_allow(api: httpx.Client) -> None:
    response = api.post("/api/search")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


# -- what a connection may send --------------------------------------------------------


def test_a_body_over_the_limit_is_413_and_read(sample_server: str) -> None:
    body = b"x" * 50_000_000
    response = httpx.request("GET", sample_server + "/api/search", content=body, timeout=60)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("request body too large: 50000000 bytes")
    small = httpx.request("GET", sample_server + "/api/search", content=b"x" * MAX_BODY_BYTES)
    assert small.status_code == 200


def test_too_many_headers_are_431_with_a_message(sample_server: str) -> None:
    few_too_many = {f"x-h{n}": "v" for n in range(MAX_HEADERS + 1)}
    response = httpx.get(sample_server + "/api/search", headers=few_too_many)
    assert response.status_code == 431
    assert f"at most {MAX_HEADERS}" in response.json()["detail"]
    # 5,000 headers are more bytes than a head may have: refused before parsing, and read.
    headers = b"".join(b"x-h%d: v\r\n" % n for n in range(5000))
    assert len(headers) > MAX_HEAD_BYTES
    with connect(sample_server) as conn:
        conn.sendall(b"GET /api/search HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
        answer = read_all(conn)
    # h11 refuses a head over its limit that arrives in parts; one that arrives whole is
    # refused after parsing, by count: 431 with a message either way.
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"request headers too large" in answer or b"too many headers: 5001" in answer
    one_huge = {"x-big": "v" * MAX_HEAD_BYTES}
    response = httpx.get(sample_server + "/api/search", headers=one_huge)
    assert response.status_code == 431 and "headers too large" in response.json()["detail"]


@pytest.fixture(scope="module")
def impatient_server(sample_home: Settings) -> LiveServer:
    """The sample API, giving each request one second to arrive."""
    with LiveServer(sample_home, request_timeout=1.0, timeout_keep_alive=1) as server:
        yield server


def test_half_sent_requests_are_answered_408_and_closed(impatient_server: LiveServer) -> None:
    partial = [b"GET /api/search HTTP/1.1\r\nHost: x\r\n", b"GET /api/sea", b""]
    conns = [connect(impatient_server.url) for _ in range(30)]
    started = time.monotonic()
    for n, conn in enumerate(conns):
        if partial[n % 3]:
            conn.sendall(partial[n % 3])
    answers = [read_all(conn) for conn in conns]
    assert time.monotonic() - started < 5
    for conn in conns:
        conn.close()
    assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers), {a[:40] for a in answers}
    assert b"request not received within 1 seconds" in answers[0]
    assert httpx.get(impatient_server.url + "/api/search").status_code == 200


def test_a_request_sent_a_byte_at_a_time_does_not_hold_the_connection(
        impatient_server: LiveServer) -> None:
    request = b"GET /api/search HTTP/1.1\r\nHost: x\r\n\r\n"
    with connect(impatient_server.url) as conn:
        started = time.monotonic()
        closed = False
        for byte in request:
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.2)  # each byte in time, the whole far too slow
        answer = read_all(conn) if not closed else b""
    assert time.monotonic() - started < 4
    assert closed or answer.startswith(b"HTTP/1.1 408 ")


def test_an_idle_connection_is_closed_after_its_answer(impatient_server: LiveServer) -> None:
    with connect(impatient_server.url) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        started = time.monotonic()
        answer = read_all(conn)  # the keep-alive timeout closes it
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert time.monotonic() - started < 3


def test_connections_past_the_limit_are_503(sample_home: Settings) -> None:
    with LiveServer(sample_home, limit_concurrency=3) as server:
        idle = [connect(server.url) for _ in range(3)]
        time.sleep(0.2)
        try:
            assert httpx.get(server.url + "/healthz").status_code == 503
        finally:
            for conn in idle:
                conn.close()
        time.sleep(0.2)
        assert httpx.get(server.url + "/healthz").status_code == 200


def test_the_served_settings_are_the_bounded_ones(tmp_path: Path) -> None:
    config = server_config(object(), "127.0.0.1", 8000)
    assert config.http is BoundedH11Protocol
    assert (config.timeout_keep_alive, config.limit_concurrency, config.backlog) == (
        KEEP_ALIVE_TIMEOUT, MAX_CONNECTIONS, BACKLOG)
    assert config.h11_max_incomplete_event_size == MAX_HEAD_BYTES
    assert config.server_header is False


def test_many_slow_clients_do_not_stop_a_quick_one(impatient_server: LiveServer) -> None:
    conns = [connect(impatient_server.url) for _ in range(100)]
    for conn in conns:
        conn.sendall(b"GET / HTTP/1.1\r\n")
    answer: list[int] = []
    thread = threading.Thread(
        target=lambda: answer.append(httpx.get(impatient_server.url + "/healthz").status_code))
    thread.start()
    thread.join(10)
    for conn in conns:
        conn.close()
    assert answer == [200]
