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
        assert services.answers.size == 0 and services.models.size == 0
    finally:
        services.archive.close()


def test_a_kept_model_is_shared_not_copied() -> None:
    cache, model = AnswerCache(size=1), {"vectors": [1.0]}
    assert cache.get("m", 1, lambda: model, copied=False) is model
    assert cache.get("m", 1, lambda: {"other": 0}, copied=False) is model
    assert cache.get("m", 2, lambda: {"other": 0}, copied=False) == {"other": 0}  # new state


def test_similar_programmes_of_one_scope_share_one_model_until_the_archive_changes(
        half_ingested) -> None:
    """Every programme's similar list is ranked against the same kept model, and gives what
    a model built for that one question gives; an ingest makes a new one."""
    from api.analytics.similar import named_together, programme_contexts, similar_programmes
    from indexer.tables.scope import facet_scope

    settings, rest = half_ingested
    services = open_services(settings)
    try:
        def asked(name: str, size: int = 10) -> list[dict]:
            query = SearchQuery(size=size, count="stories")
            return catalogue_service.similar(services, name, query)["similar"]

        def straight(name: str) -> list[str]:
            scope = facet_scope(SearchQuery(count="stories"))
            contexts = programme_contexts(services.archive, scope)
            together = named_together(services.archive, scope, name)
            return [m["name"] for m in similar_programmes(contexts, name, together=together)]

        listed = catalogue_service.catalogue(services, SearchQuery(size=4), None, "")
        names = [p["name"] for p in listed["programmes"]]
        assert len(names) == 4
        for name in names:
            assert [m["name"] for m in asked(name)] == straight(name)
        assert asked(names[0], size=3) == asked(names[0])[:3]  # a page size is not a scope
        # one model, made of the whole archive's contexts (kept apart, also a model)
        assert services.models.misses == 2 and services.models.hits >= len(names)
        assert any(asked(name) for name in names)  # something to compare, not all empty
        ingest(settings, rest)
        assert [m["name"] for m in asked("暖新保")] == straight("暖新保")
        assert services.models.misses == 4
    finally:
        services.archive.close()
