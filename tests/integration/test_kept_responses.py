"""Whole responses are kept until the archive or the index changes, and answered by ETag
(api.kept_responses): through HTTP, against a real server whose archive another
connection then ingests into."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.kept_responses import KeptResponse, ResponseStore, etag_of
from indexer.config import Settings
from tests.conftest import LiveServer, corpus_articles, ingest


def _response(body: bytes) -> KeptResponse:
    return KeptResponse(200, (), body, etag_of(body))


def test_the_store_is_bounded_in_number_and_in_bytes() -> None:
    store = ResponseStore(size=3, max_bytes=10)
    for key in "abc":
        store.put(key, _response(b"xx"))
    store.put("d", _response(b"xx"))
    assert len(store) == 3 and store.get("a") is None  # the least recently used went
    assert store.get("b") is not None
    store.put("e", _response(b"x" * 9))  # 9 + the others' 6 > 10: the oldest go first
    assert store.get("c") is None and store.get("d") is None and store.get("b") is None
    assert store.get("e") is not None and store.bytes == 9
    store.put("f", _response(b"x" * 11))  # larger than the whole store: never kept
    assert store.get("f") is None and store.bytes == 9
    store.put("e", _response(b"y"))  # a key kept again replaces its bytes
    assert store.bytes == 1
    with pytest.raises(ValueError):
        ResponseStore(size=-1)


def test_an_etag_names_the_body() -> None:
    assert etag_of(b"a") == etag_of(b"a") != etag_of(b"b")
    assert etag_of(b"a").startswith(b'"') and etag_of(b"a").endswith(b'"')


@pytest.fixture
def half_ingested(tmp_path: Path) -> tuple[Settings, list]:
    articles = corpus_articles()
    settings = Settings(home=tmp_path)
    ingest(settings, articles[: len(articles) // 2])
    return settings, articles[len(articles) // 2:]


def test_a_repeated_request_is_answered_from_the_store_until_an_ingest(half_ingested) -> None:
    settings, rest = half_ingested
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as api:
        store: ResponseStore = server.app.state.kept_responses
        first = api.get("/api/programmes")
        assert first.status_code == 200 and "etag" in first.headers
        hits = store.hits
        again = api.get("/api/programmes")
        assert store.hits == hits + 1
        assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
        assert again.headers["content-type"] == first.headers["content-type"]
        assert again.headers["x-content-type-options"] == "nosniff"  # outer headers still added

        other = api.get("/api/programmes", params={"province": "甘肃省"})
        assert other.content != first.content  # the query string is part of the key

        ingest(settings, rest)  # another connection commits
        after = api.get("/api/programmes")
        assert after.status_code == 200 and after.headers["etag"] != first.headers["etag"]
        total = sum(p["articles"] for p in after.json()["programmes"])
        assert total > sum(p["articles"] for p in first.json()["programmes"])
        stale = api.get("/api/programmes", headers={"If-None-Match": first.headers["etag"]})
        assert stale.status_code == 200 and stale.content == after.content


def test_a_request_naming_the_etag_is_answered_304_without_a_body(corpus_home) -> None:
    with LiveServer(corpus_home) as server, httpx.Client(base_url=server.url) as api:
        page = api.get("/programmes")  # a page, as a browser going back asks for it
        assert page.status_code == 200 and "etag" in page.headers
        for _ in range(2):  # computed for the first (the page was kept), then from the store
            again = api.get("/programmes", headers={"If-None-Match": page.headers["etag"]})
            assert again.status_code == 304 and again.content == b""
            assert again.headers["etag"] == page.headers["etag"]
        listed = api.get("/programmes", headers={"If-None-Match": f'"x", W/{page.headers["etag"]}'})
        assert listed.status_code == 304
        other = api.get("/programmes", headers={"If-None-Match": '"not-this-one"'})
        assert other.status_code == 200 and other.content == page.content
        head = api.head("/programmes")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["etag"] == page.headers["etag"]


def test_what_must_be_computed_each_time_is_never_kept(corpus_home) -> None:
    with LiveServer(corpus_home) as server, httpx.Client(base_url=server.url) as api:
        store: ResponseStore = server.app.state.kept_responses
        kept = len(store)
        health = api.get("/healthz")
        assert health.status_code == 200 and health.headers["cache-control"] == "no-store"
        export = api.get("/api/export", params={"q": "工会"})
        assert export.status_code == 200 and export.headers["cache-control"] == "no-store"
        assert "etag" not in export.headers and export.text.count("\n") > 1  # CSV rows
        refused = api.get("/api/search", params={"size": "many"})
        assert refused.status_code == 422 and "etag" not in refused.headers
        with_token = api.get("/api/search", headers={"Authorization": "Bearer x"})
        assert with_token.status_code == 200 and "etag" not in with_token.headers
        static = api.get("/static/style.css")
        assert static.status_code == 200
        assert len(store) == kept  # none of them is in the store
        assert api.get("/api/search").status_code == 200 and len(store) == kept + 1


def test_nothing_is_kept_when_answers_are_not(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, answers_kept=0)
    ingest(settings, corpus_articles()[:3])
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as api:
        store: ResponseStore = server.app.state.kept_responses
        first, again = api.get("/api/programmes"), api.get("/api/programmes")
        assert first.content == again.content and len(store) == 0 and store.hits == 0
        # Still tagged: a client naming the tag is spared the body, if not the work.
        tagged = api.get("/api/programmes", headers={"If-None-Match": first.headers["etag"]})
        assert tagged.status_code == 304
