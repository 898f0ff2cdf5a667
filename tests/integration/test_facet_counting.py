"""Cached and complement facet counts against straight counts, on a real tantivy index.

The oracle is twofold: the backend with ``fast_facets=False`` (every count aggregated
straight, as before), and the counts of the matching documents' own values, tallied
here from the documents ``scan`` returns.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from indexer.search import tantivy_facets
from indexer.search.aggregations import all_counts
from indexer.search.facet_cache import BoundedCache
from indexer.search.query import FACETS, FacetValue, SearchQuery
from indexer.search.query_language import parse_query
from indexer.search.tantivy_backend import TantivyBackend
from indexer.search.tantivy_facets import SEARCHES_CACHED, estimated_share

PROVINCES = ("青海省", "甘肃省", "山东省", "吉林省")
PROGRAMMES = ("工会驿站", "职工书屋", "金秋助学", "送清凉", "安康杯", "暖新保")
THEMES = ("劳动保护", "帮扶救助", "技能提升", "文体活动")


def make_docs(count: int, seed: int, prefix: str = "d") -> list[dict[str, Any]]:
    """Documents where 工会 is in about nine in ten, 覆盖 in about half, 氢能 in a few,
    with several programmes and themes each (multi-valued facets)."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        words = ["职工"]
        if rng.random() < 0.9:
            words.append("工会")
        if rng.random() < 0.5:
            words.append("覆盖")
        if rng.random() < 0.05:
            words.append("氢能")
        province = rng.choice(PROVINCES)
        year = rng.randint(2019, 2025)
        docs.append({
            "id": f"{prefix}{n:03d}", "title": f"{province}新闻", "body": "，".join(words) + "。",
            "province": [province], "city": [f"{province[:2]}市{rng.randint(1, 3)}"],
            "programme": sorted(set(rng.sample(PROGRAMMES, rng.randint(1, 3)))),
            "theme": sorted(set(rng.sample(THEMES, rng.randint(1, 2)))),
            "org": [f"{province}总工会"], "person": [f"记者{rng.randint(1, 9)}"],
            "source": rng.choice(("工人日报", "青海日报")), "year": str(year),
            "date": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "date_key": year * 10000 + 101 + rng.randint(0, 800),
        })
        if n % 10 == 7:  # undated: tantivy sorts these last either way
            del docs[-1]["date"], docs[-1]["date_key"]
    return docs


QUERIES = [
    SearchQuery(),
    SearchQuery(text="工会"),
    SearchQuery(text="覆盖"),
    SearchQuery(text="氢能"),
    SearchQuery(text="工会 职工"),
    SearchQuery(text="-氢能"),
    SearchQuery(text="工会", filters={"province": ("青海省",)}),
    SearchQuery(text="工会", filters={"province": ("青海省", "甘肃省"),
                                     "programme": ("工会驿站",)}),
    SearchQuery(text="职工", date_from="2021-01-01", date_to="2023-12-31"),
    SearchQuery(text="工会", count="stories"),
    SearchQuery(filters={"theme": ("劳动保护",)}),
    SearchQuery(text="工会", facet_size=3),
    SearchQuery(sort="date", page=3, size=5),
    SearchQuery(text="工会", sort="-date", page=2, size=7),
    SearchQuery(sort="date", page=4, size=50),  # beyond what the years can settle
]


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    backend = TantivyBackend(tmp_path / "index")
    # Two commits: two segments, as an index grown by ingests has.
    backend.index_documents(make_docs(120, seed=1, prefix="a"))
    backend.index_documents(make_docs(80, seed=2, prefix="b"))
    return tmp_path / "index"


def tallied(backend: TantivyBackend, query: SearchQuery, facet: str) -> Counter:
    """A facet's counts over the documents matching the query without the facet's own
    filter, counted here."""
    counts: Counter = Counter()
    for doc in backend.scan(replace(query.without_filter(facet), sort="date")):
        value = doc.get(facet)
        for item in value if isinstance(value, list) else [value]:
            if item:
                counts[str(item)] += 1
    return counts


def assert_exact(index_dir: Path, fast: TantivyBackend, query: SearchQuery) -> None:
    plain = TantivyBackend(index_dir, fast_facets=False)
    got, want = fast.search(query), plain.search(query)
    assert got.total == want.total
    assert [h.id for h in got.hits] == [h.id for h in want.hits]
    assert got.facets == want.facets
    for facet, values in got.facets.items():
        truth = tallied(plain, query, facet)
        ranked = sorted(truth.items(), key=lambda item: (-item[1], item[0]))
        assert [(v.value, v.count) for v in values] == ranked[:query.facet_size], facet


@pytest.mark.parametrize("query", QUERIES, ids=[repr(q.text or q.filters) for q in QUERIES])
def test_counts_equal_straight_counts_cold_and_warm(index_dir: Path, query: SearchQuery) -> None:
    fast = TantivyBackend(index_dir)
    assert_exact(index_dir, fast, query)  # cold
    assert_exact(index_dir, fast, replace(query, page=2, size=5))  # from the cache


def test_a_common_word_is_counted_by_complement(index_dir: Path) -> None:
    fast = TantivyBackend(index_dir)
    assert estimated_share(fast._searcher(), parse_query("工会").tree) > 0.5
    assert len(fast.facet_counter.scopes) == 0
    assert_exact(index_dir, fast, SearchQuery(text="工会"))
    # Every value of each facet, and the documents, for the whole index: kept.
    assert len(fast.facet_counter.scopes) == len(FACETS) + 1


def test_a_rare_word_is_counted_straight(index_dir: Path) -> None:
    fast = TantivyBackend(index_dir)
    assert_exact(index_dir, fast, SearchQuery(text="氢能"))
    assert len(fast.facet_counter.scopes) == 0


def test_counts_stay_exact_after_deletions(index_dir: Path) -> None:
    fast = TantivyBackend(index_dir)
    for query in QUERIES:
        fast.search(query)  # everything cached
    before = fast.search(SearchQuery(text="工会")).total
    gone = [f"a{n:03d}" for n in range(0, 120, 3)]
    fast.delete(gone)
    assert fast.search(SearchQuery(text="工会")).total < before
    for query in QUERIES:
        assert_exact(index_dir, fast, query)


def test_a_write_in_this_process_invalidates_the_cache(index_dir: Path) -> None:
    fast = TantivyBackend(index_dir)
    query = SearchQuery(text="工会")
    first = fast.search(query)
    extra = make_docs(1, seed=9, prefix="new")[0] | {"body": "工会", "province": ["西藏自治区"]}
    fast.index_documents([extra])
    second = fast.search(query)
    assert second.total == first.total + 1
    assert {v.value: v.count for v in second.facets["province"]}["西藏自治区"] == 1
    assert_exact(index_dir, fast, query)


def test_a_write_by_another_backend_invalidates_the_cache(index_dir: Path) -> None:
    fast, writer = TantivyBackend(index_dir), TantivyBackend(index_dir)
    query = SearchQuery(text="工会", filters={"province": ("青海省",)})
    first = fast.search(query)
    writer.index_documents([make_docs(1, seed=9, prefix="other")[0]
                            | {"body": "工会", "province": ["青海省"]}])
    assert fast.search(query).total == first.total + 1
    assert_exact(index_dir, fast, query)


def test_a_new_generation_invalidates_the_cache(index_dir: Path) -> None:
    fast = TantivyBackend(index_dir)
    for query in QUERIES:
        fast.search(query)
    fast.rebuild(make_docs(150, seed=5, prefix="r"))
    assert fast.search(SearchQuery()).total == 150
    for query in QUERIES:
        assert_exact(index_dir, fast, query)


def test_the_backends_caches_are_bounded(index_dir: Path) -> None:
    fast = TantivyBackend(index_dir)
    for size in range(1, SEARCHES_CACHED + 20):
        fast.search(SearchQuery(facets=("year",), filters={"person": (f"记者{size}",)},
                                size=1))
    assert len(fast.facet_counter.searches) <= SEARCHES_CACHED


def test_a_bounded_cache_drops_the_least_recently_used() -> None:
    cache = BoundedCache(3)
    for key in "abc":
        cache.put(key, key.upper())
    assert cache.get("a") == "A"  # now the most recent
    cache.put("d", "D")
    assert (len(cache), cache.get("b"), cache.get("a"), cache.get("d")) == (3, None, "A", "D")
    empty = BoundedCache(0)
    empty.put("a", 1)
    assert empty.get("a") is None


def test_partial_counts_are_refused_rather_than_subtracted() -> None:
    partial = {"buckets": [{"key": "青海省", "doc_count": 3}], "sum_other_doc_count": 2}
    with pytest.raises(ValueError, match="partial"):
        all_counts(partial)
    assert all_counts({"buckets": [{"key": 2025, "doc_count": 4}]}) == {"2025": 4}


def person_docs(prefix: str, people: dict[str, int], body: str = "工会") -> list[dict[str, Any]]:
    """``count`` documents naming each person (one person a document)."""
    docs = []
    for person, count in people.items():
        for n in range(count):
            docs.append({"id": f"{prefix}-{person}-{n}", "title": "新闻", "body": body,
                         "person": [person], "source": "工人日报"})
    return docs


def test_a_value_just_under_each_segments_top_is_still_counted(tmp_path: Path) -> None:
    # tantivy keeps a segment's top 1.5 × (size + slack) + 10 values by default: 41 here.
    # z is 42nd in both commits, and first overall (how the writer's threads split a
    # commit into segments decides whether the old counting missed it).
    backend = TantivyBackend(tmp_path / "index")
    backend.index_documents(person_docs("a", {**{f"x{i:02d}": 3 for i in range(41)}, "z": 2}))
    backend.index_documents(person_docs("b", {**{f"y{i:02d}": 4 for i in range(41)}, "z": 3}))
    assert backend._searcher().num_segments >= 2
    for query in (SearchQuery(facets=("person",), facet_size=1),
                  SearchQuery(text="工会", facets=("person",), facet_size=1),
                  SearchQuery(text="工会", filters={"source": ("工人日报",)},
                              facets=("person",), facet_size=1)):
        assert backend.search(query).facets["person"] == [FacetValue("z", 5)], query


@pytest.mark.parametrize("rounds", [1, 2], ids=["counted straight", "widened"])
def test_words_that_reorder_the_top_widen_the_candidates_or_count_straight(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rounds: int) -> None:
    # The most frequent people overall are the ones the words leave out most: the first
    # candidates cannot settle the top; a second round (×4) can, or, with one round
    # allowed, the facet is counted straight.
    monkeypatch.setattr(tantivy_facets, "COMPLEMENT_ROUNDS", rounds)
    straight = []
    count_straight = tantivy_facets.FacetCounter._straight
    monkeypatch.setattr(tantivy_facets.FacetCounter, "_straight",
                        lambda self, *args: straight.append(1) or count_straight(self, *args))
    backend = TantivyBackend(tmp_path / "index")
    overall = {f"p{i:03d}": 60 - i // 3 for i in range(150)}
    without = {f"p{i:03d}": (60 - i // 3) * 6 // 10 for i in range(30)}
    with_word = {p: n - without.get(p, 0) for p, n in overall.items()}
    backend.index_documents(
        person_docs("w", with_word) + person_docs("o", without, body="职工"))
    query = SearchQuery(text="工会", facets=("person",), facet_size=5)
    assert estimated_share(backend._searcher(), parse_query("工会").tree) > 0.7
    ranked = sorted(with_word.items(), key=lambda item: (-item[1], item[0]))[:5]
    got = backend.search(query)
    assert [(v.value, v.count) for v in got.facets["person"]] == ranked
    assert got.total == sum(with_word.values())
    assert len(straight) == (1 if rounds == 1 else 0)


def test_stories_are_counted_without_reprints_whether_the_index_holds_any_or_not(
        tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    docs = make_docs(60, seed=4)
    backend.index_documents(docs)
    queries = [SearchQuery(text="工会", count="stories"), SearchQuery(count="stories"),
               SearchQuery(text="氢能", count="stories")]
    for query in queries:  # no reprint anywhere: the stories clause is left out
        assert backend.search(query).total == backend.search(replace(query, count="printings")
                                                             ).total
        assert_exact(tmp_path / "index", backend, query)
    reprints = [d | {"id": d["id"] + "-r", "story": d["id"], "story_lead": False}
                for d in docs[:15]]
    backend.index_documents(reprints)
    for query in queries:
        assert_exact(tmp_path / "index", backend, query)
    assert backend.search(SearchQuery(count="stories")).total == 60
    assert backend.search(SearchQuery(count="printings")).total == 75


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_a_page_by_date_among_the_newest_or_oldest_years_is_the_same_page(
        index_dir: Path, sort: str) -> None:
    fast, plain = TantivyBackend(index_dir), TantivyBackend(index_dir, fast_facets=False)
    for page in (1, 2, 5):
        query = SearchQuery(sort=sort, page=page, size=6)  # type: ignore[arg-type]
        searcher = fast._searcher()
        parsed = parse_query("")
        counted = fast.facet_counter.count(searcher, ("s", 0), query, parsed)
        narrowed = fast._by_date_among_years(
            searcher, query, parsed, fast._scope(searcher, query, None, parsed), counted.facets)
        assert narrowed is not None  # the years held enough: the narrowing was used
        assert [h.id for h in fast.search(query).hits] == [h.id for h in plain.search(query).hits]
