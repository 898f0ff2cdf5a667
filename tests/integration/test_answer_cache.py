"""Analysis answers are kept between requests and never outlive a change of the archive
or the index: the same request after an ingest (another connection, another process's
commit) reads the new articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.services import open_services
from api.services import programmes as catalogue_service
from api.services.answers import AnswerCache, frozen
from indexer.config import Settings
from indexer.search.query import SearchQuery
from tests.conftest import corpus_articles, ingest


def test_a_kept_answer_is_a_copy_and_the_cache_is_bounded() -> None:
    cache = AnswerCache(size=2)
    calls = []

    def compute(value: int):
        calls.append(value)
        return {"rows": [value]}

    first = cache.get("a", 1, lambda: compute(1))
    first["rows"].append("changed by a page")
    assert cache.get("a", 1, lambda: compute(99)) == {"rows": [1]} and calls == [1]
    assert cache.get("a", 2, lambda: compute(2)) == {"rows": [2]}  # another state
    cache.get("b", 2, lambda: compute(3))
    assert len(cache) == 2 and cache.get("a", 1, lambda: compute(4)) == {"rows": [4]}
    assert cache.get("c", None, lambda: compute(5)) == {"rows": [5]} and len(cache) == 2
    unhashable = ("d", frozen(object()), [1])
    assert cache.get(unhashable, 1, lambda: compute(6)) == {"rows": [6]} and len(cache) == 2


def test_equal_queries_are_equal_keys_whatever_the_order_of_their_filters() -> None:
    one = SearchQuery(filters={"province": ("甘肃省",), "programme": ("工会驿站",)})
    other = SearchQuery(filters={"programme": ("工会驿站",), "province": ("甘肃省",)})
    assert frozen(one) == frozen(other) and hash(frozen(one)) == hash(frozen(other))
    assert frozen(one) != frozen(SearchQuery(filters={"province": ("青海省",)}))


@pytest.fixture
def half_ingested(tmp_path: Path) -> tuple[Settings, list]:
    articles = corpus_articles()
    settings = Settings(home=tmp_path)
    ingest(settings, articles[: len(articles) // 2])
    return settings, articles[len(articles) // 2:]


def test_an_ingest_by_another_connection_is_seen_by_the_next_request(half_ingested) -> None:
    settings, rest = half_ingested
    services = open_services(settings)
    try:
        query = SearchQuery(size=100)
        before = catalogue_service.catalogue(services, query, None, "")
        again = catalogue_service.catalogue(services, query, None, "")
        assert again == before and services.answers.hits == 1
        ingest(settings, rest)  # its own Archive: another connection commits
        after = catalogue_service.catalogue(services, query, None, "")
        assert sum(p["articles"] for p in after["programmes"]) > \
            sum(p["articles"] for p in before["programmes"])
        fresh = open_services(settings)
        try:
            assert after == catalogue_service.catalogue(fresh, query, None, "")
        finally:
            fresh.archive.close()
    finally:
        services.archive.close()


def test_a_cache_of_size_zero_keeps_nothing() -> None:
    cache, calls = AnswerCache(size=0), []
    for _ in range(3):
        cache.get("a", 1, lambda: calls.append(1))
    assert len(calls) == 3 and len(cache) == 0


def test_the_setting_sizes_the_servers_cache(tmp_path: Path) -> None:
    from indexer.config import load_settings

    settings = load_settings({"UNIONKB_HOME": str(tmp_path), "UNIONKB_ANSWERS_KEPT": "0"})
    services = open_services(settings)
    try:
        assert services.answers.size == 0
    finally:
        services.archive.close()
