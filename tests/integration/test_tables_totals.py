"""The catalogue's reads from ``programme_totals`` and the dated indexes give exactly what
the straightforward queries over every article give, on a generated archive, after
articles are added, removed, derived again and duplicated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.scale_corpus import generate
from indexer.archive import Archive
from indexer.ingest import extraction_version, index_pending, store_articles
from indexer.models import Article
from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from indexer.tables import programmes
from indexer.tables.scope import Scope, facet_scope
from indexer.tables.write import delete_rows

ARTICLES = 400


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """Generated reports stored with their known extractions, derived and indexed, and
    three duplicates of them (same text, other ids): duplicates count nowhere."""
    home = tmp_path_factory.mktemp("totals")
    archive = Archive(home / "archive.sqlite3")
    made = list(generate(ARTICLES, seed=3, sources=["grrb", "qhrb"]))
    copies = [(replace(article, id=f"copy-{n}", url=f"https://example.org/copy/{n}"), extraction)
              for n, (article, extraction) in enumerate(made[:3])]
    _store(archive, [*made, *copies])
    backend = TantivyBackend(home / "index")
    index_pending(archive, backend)
    yield archive
    backend.close()
    archive.close()


def _store(archive: Archive, items: list[tuple[Article, dict]]) -> None:
    store_articles([article for article, _ in items], archive, "test")
    for article, extraction in items:
        archive.set_extraction(article.id, extraction, extraction_version())


def straight(scope: Scope) -> Scope:
    """The same scope, read by the queries over its articles."""
    return replace(scope, everything=False, programmes=())


def reads(archive: Archive, scope: Scope, names: list[str]) -> dict[str, list]:
    return {
        "rows": sorted(programmes.programme_rows(archive, scope, names),
                       key=lambda r: (r.name, r.kind or "")),
        "themes": sorted(programmes.programme_themes(archive, scope, names),
                         key=lambda r: (r.name, r.value)),
        "provinces": sorted(programmes.programme_provinces(archive, scope, names),
                            key=lambda r: (r.name, r.value)),
        "counties": sorted(programmes.programme_counties(archive, scope, names),
                           key=lambda r: (r.name, r.county)),
        "first": sorted(programmes.programme_dates(archive, scope, names),
                        key=lambda r: r.name),
        "last": sorted(programmes.programme_dates(archive, scope, names, last=True),
                       key=lambda r: r.name),
    }


OLDEST = """
SELECT p.name || '/' || e.county, e.article_id, MIN(e.date_key)
FROM entity_articles e JOIN article_programmes p ON p.article_id = e.article_id
WHERE e.canonical = 1 AND e.level = 'county' GROUP BY p.name, e.county
"""


def oldest_per_county(archive: Archive) -> dict[str, str]:
    """Each programme's oldest article per county, as MIN picks it (ties: the first id)."""
    return {key: article_id for key, article_id, _ in archive.db.execute(OLDEST)}


def assert_fast_equals_straight(archive: Archive) -> None:
    everything = facet_scope(SearchQuery())
    assert everything.everything
    every_name = sorted({row.name for row in programmes.programme_rows(
        archive, straight(everything))})
    assert len(every_name) > 50
    fast, slow = reads(archive, everything, every_name), reads(archive, straight(everything),
                                                               every_name)
    assert fast == slow
    assert all(fast.values())  # every kind of read found something to compare
    assert sorted(programmes.programme_rows(archive, everything), key=repr) == \
        sorted(programmes.programme_rows(archive, straight(everything)), key=repr)
    assert sorted(programmes.programme_entries(archive, everything), key=repr) == \
        sorted(programmes.programme_entries(archive, straight(everything)), key=repr)
    terms = programmes.programme_terms(archive, everything)
    assert terms and terms == programmes.programme_terms(archive, straight(everything))
    for name in every_name[:20]:
        together = programmes.named_together(archive, everything, name)
        assert name in together
        assert together == programmes.named_together(archive, straight(everything), name)
    assert oldest_per_county(archive) == dict(archive.db.execute(
        "SELECT name || '/' || value, oldest_id FROM programme_totals WHERE part = 'county'"))
    for name in every_name[:5]:
        scope = facet_scope(SearchQuery(filters={"programme": (name,)}))
        assert scope.programmes == (name,)
        assert reads(archive, scope, [name]) == reads(archive, straight(scope), [name])


def test_the_totals_equal_the_queries_over_every_article(archive: Archive) -> None:
    assert_fast_equals_straight(archive)
    duplicates = archive.db.execute(
        "SELECT COUNT(*) FROM entity_articles WHERE canonical = 0").fetchone()[0]
    assert duplicates == 3


def test_the_totals_follow_rows_removed_and_derived_again(archive: Archive,
                                                           tmp_path: Path) -> None:
    removed = [f"scale-{n:07d}" for n in range(0, ARTICLES, 7)]
    for article_id in removed:
        delete_rows(archive, article_id)
    assert_fast_equals_straight(archive)
    backend = TantivyBackend(tmp_path / "index")
    index_pending(archive, backend)  # their extractions are still there: derived again
    backend.close()
    marks = ",".join("?" * len(removed))
    derived = archive.db.execute(
        f"SELECT COUNT(*) FROM entity_articles WHERE article_id IN ({marks})", removed
    ).fetchone()[0]
    assert derived == len(removed)
    assert_fast_equals_straight(archive)


def test_scopes_the_totals_do_not_cover_are_counted_by_query() -> None:
    assert not facet_scope(SearchQuery(filters={"province": ("青海省",)})).covers(["工会驿站"])
    assert not facet_scope(SearchQuery(filters={"programme": ("工会驿站",)}, date_from="2020")
                           ).covers(["工会驿站"])
    by_programme = facet_scope(SearchQuery(filters={"programme": ("工会驿站",)}))
    assert by_programme.covers(["工会驿站"]) and not by_programme.covers(["暖新保"])
    assert not by_programme.covers([])  # every programme of its articles: not the totals
