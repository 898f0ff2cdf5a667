"""Whatever a client sends, the answer is a 2xx or a 4xx with a message, never a 5xx."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest

from api.limits import MAX_CHECK_TEXT_CHARS
from indexer.config import Settings
from tests.conftest import LiveServer

# The longest text is as long as every view takes (longer ones: tests/integration/
# test_api_limits.py).
ODD_TEXT = ["*", "title:工会", "工会 -驿站", "\\", "%", "🙂", "　全角　",
            "x" * MAX_CHECK_TEXT_CHARS, "<mark>", "'; DROP TABLE articles; --", "工会 -- 驿站",
            "http://a.b/c?d=e"]
# Mistakes of the query language (docs/api.md): refused with the character they are at.
QUERY_MISTAKES = ["\"", "a:b", "(", ")", "AND OR NOT", "工会 -", "“工会"]


@pytest.mark.parametrize("text", ODD_TEXT)
def test_odd_text_is_just_text(api: httpx.Client, text: str) -> None:
    for path in ("/api/search", "/", "/api/timeline", "/api/programmes", "/api/regions"):
        response = api.get(path, params={"q": text})
        assert response.status_code == 200, (path, response.text[:300])
    check = api.get("/api/figures/check", params={"text": text})
    assert check.status_code == 200


@pytest.mark.parametrize("text", QUERY_MISTAKES)
def test_query_mistakes_are_422_naming_the_character(api: httpx.Client, text: str) -> None:
    for path in ("/api/search", "/api/timeline", "/api/programmes", "/api/regions",
                 "/api/export", "/api/figures", "/api/compare"):
        response = api.get(path, params={"q": text})
        assert response.status_code == 422, (path, response.text[:300])
        [error] = response.json()["errors"]
        assert error["param"] == "q" and "at character" in error["message"], path
    page = api.get("/", params={"q": text})
    assert page.status_code == 422 and "at character" in page.text
    # The figure check reads its text as a claim, not as a query.
    assert api.get("/api/figures/check", params={"text": text}).status_code == 200


@pytest.mark.parametrize("path", [
    "/api/programmes/%2F", "/api/programmes/a/b/c/similar", "/api/articles/%00",
    "/programmes/%E2%80%9C", "/articles/..%2F..%2Fetc",
])
def test_odd_paths_are_answered_with_4xx(api: httpx.Client, path: str) -> None:
    assert 400 <= api.get(path).status_code < 500


@pytest.mark.parametrize("params", [
    {"province": "x" * 500}, {"year": "9999"}, {"page": "99999999999999999999"},
    {"size": "1e3"}, {"date_from": "0000-01-01"}, {"sort": "-relevance"},
    {"province": ["青海省"] * 50}, {"by": "province", "interval": "month"},
])
def test_odd_parameters_are_answered_with_2xx_or_422(api: httpx.Client, params: dict) -> None:
    for path in ("/api/search", "/api/timeline", "/api/export", "/api/compare", "/api/figures"):
        status = api.get(path, params=params).status_code
        assert status in (200, 422), (path, params, status)


def test_health_is_503_when_the_archive_cannot_be_read(tmp_path: Path) -> None:
    with LiveServer(Settings(home=tmp_path)) as server:
        server.app.state.services.archive.close()
        response = httpx.get(server.url + "/healthz", timeout=60)
        assert response.status_code == 503
        health = response.json()
        assert health["status"] == "unavailable" and "error" in health["archive"]
        assert health["backend"]["documents"] == 0


def raw_get(url: str, target: bytes) -> bytes:
    """One request with exactly these bytes as its target, as curl sends a Chinese URL."""
    host, port = httpx.URL(url).host, httpx.URL(url).port
    with socket.create_connection((host, port), timeout=60) as conn:
        conn.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_raw_utf8_url_is_understood(sample_server: str) -> None:
    response = raw_get(sample_server, "/api/search?q=工会驿站&province=青海省".encode())
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    result = json.loads(body)
    assert result["total"] == 1 and result["hits"][0]["title"].startswith("青海工会打造")
