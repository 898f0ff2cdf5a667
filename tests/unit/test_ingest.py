"""The ingest pipeline on the real parts: splitter, NLP, SQLite archive, tantivy index."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

import indexer.nlp.pipeline as nlp
from crawler.textdump import articles_from_page_text
from indexer.archive import Archive
from indexer.ingest import (
    extract_pending,
    index_pending,
    index_version,
    process_pending,
    reindex,
    store_articles,
)
from indexer.models import Article
from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend

SAMPLE = resources.files("crawler").joinpath("data/sample_page.txt").read_text("utf-8")


@pytest.fixture
def parts(tmp_path: Path):
    archive = Archive(tmp_path / "archive.sqlite3")
    backend = TantivyBackend(tmp_path / "index")
    yield archive, backend
    backend.close()
    archive.close()


def sample_articles() -> list[Article]:
    return articles_from_page_text(SAMPLE, "grrb", "2025-03", None)


def test_sample_page_is_stored_extracted_and_searchable(parts) -> None:
    archive, backend = parts
    report = store_articles(sample_articles(), archive, "sample")
    assert report.inserted == 7
    indexed = process_pending(archive, backend)
    assert indexed.indexed == 7 and indexed.errors == []
    hits = backend.search(SearchQuery(text="暖新保")).hits
    qinghai = [a.title for a in sample_articles() if "青海" in a.title]
    assert [h.doc["title"] for h in hits] == qinghai


@pytest.mark.parametrize("run", ["process", "extract", "index", "reindex"])
def test_every_pass_shows_the_progress_of_each_stage_stories_first(parts, capsys, run) -> None:
    archive, backend = parts
    store_articles(sample_articles(), archive, "sample")
    if run in ("index", "reindex"):
        extract_pending(archive)  # stories assigned here, without a bar: stored again below
        archive.db.execute("DELETE FROM article_stories")
        capsys.readouterr()
    passes = {"process": lambda: process_pending(archive, backend, progress=True),
              "extract": lambda: extract_pending(archive, progress=True),
              "index": lambda: index_pending(archive, backend, progress=True),
              "reindex": lambda: reindex(archive, backend, progress=True, processes=0)}
    passes[run]()
    shown = capsys.readouterr().err
    assert "stories" in shown and "7/7" in shown
    assert shown.index("stories") < shown.index(f"{run}:")


def test_running_the_ingest_again_changes_nothing(parts) -> None:
    archive, backend = parts
    store_articles(sample_articles(), archive, "sample")
    process_pending(archive, backend)
    again = store_articles(sample_articles(), archive, "sample")
    assert (again.inserted, again.unchanged) == (0, 7)
    assert process_pending(archive, backend).indexed == 0
    assert backend.count(SearchQuery()) == 7


def test_an_interrupted_extraction_resumes_without_loss_or_duplicates(parts, monkeypatch) -> None:
    archive, backend = parts
    store_articles(sample_articles(), archive, "sample")
    real_extract, calls = nlp.extract, []

    def extract_then_die(text: str) -> dict:
        if len(calls) == 3:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-run
        calls.append(text)
        return real_extract(text)

    monkeypatch.setattr(nlp, "extract", extract_then_die)
    with pytest.raises(KeyboardInterrupt):
        extract_pending(archive)
    monkeypatch.setattr(nlp, "extract", real_extract)
    assert archive.stats()["extracted"] == 3
    assert extract_pending(archive).extracted == 4
    assert index_pending(archive, backend).indexed == 7
    assert backend.count(SearchQuery()) == 7


def test_bad_input_is_quarantined_and_the_rest_goes_on(parts, monkeypatch) -> None:
    archive, backend = parts
    articles = sample_articles()
    articles.append(Article(id="empty", source="grrb", title="空稿", body=" "))
    report = store_articles(articles, archive, "batch-1")
    assert (report.inserted, report.quarantined) == (7, 1)

    real_extract = nlp.extract

    def fail_on_qinghai(text: str) -> dict:
        if "青海" in text.split("\n", 1)[0]:
            raise ValueError("unparseable figure")
        return real_extract(text)

    monkeypatch.setattr(nlp, "extract", fail_on_qinghai)
    assert process_pending(archive, backend).indexed == 6
    reasons = {(row["kind"], row["reason"]) for row in archive.quarantined()}
    assert ("extraction", "ValueError: unparseable figure") in reasons
    assert any(kind == "article" and "empty body" in reason for kind, reason in reasons)


def test_byline_people_join_the_extraction_with_their_roles(parts) -> None:
    archive, backend = parts
    store_articles(sample_articles(), archive, "sample")
    process_pending(archive, backend)
    first = sample_articles()[0]
    people = {p["name"]: p["role"] for p in archive.get_extraction(first.id)["people"]}
    assert people["康劭"] == "reporter" and people["陈世强"] == "correspondent"


def test_reindex_rebuilds_everything_from_the_archive(parts) -> None:
    archive, backend = parts
    store_articles(sample_articles(), archive, "sample")
    process_pending(archive, backend)
    report = reindex(archive, backend)
    assert report.indexed == 7
    assert backend.count(SearchQuery()) == 7
    assert archive.ids_needing_index("anything-else") != []


def test_writes_during_a_reindex_reach_the_new_index(parts, tmp_path: Path) -> None:
    """A crawl that stores and indexes while the rebuild runs loses nothing at the switch."""
    archive, backend = parts
    crawl_backend = TantivyBackend(tmp_path / "index")  # as another process opens it
    articles = sample_articles()
    store_articles(articles[:6], archive, "sample")
    process_pending(archive, backend)
    rebuild = backend.rebuild

    def rebuild_while_a_crawl_writes(docs):
        def interleaved():
            for n, doc in enumerate(docs):
                yield doc
                if n == 2:  # the crawl: a new article, and a corrected title
                    store_articles(articles[6:], archive, "crawl")
                    changed = archive.get(articles[0].id)
                    changed.title = "更正后的标题"
                    archive.upsert(changed)
                    process_pending(archive, crawl_backend)  # into the index being replaced
        return rebuild(interleaved())

    backend.rebuild = rebuild_while_a_crawl_writes
    report = reindex(archive, backend)
    crawl_backend.close()

    assert report.errors == []
    assert backend.count(SearchQuery()) == 7
    titles = {h.doc["title"] for h in backend.search(SearchQuery(size=10)).hits}
    assert "更正后的标题" in titles
    assert archive.ids_needing_index(index_version()) == []


def test_archives_from_before_revisions_open_and_count_changes(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT,"
               " date TEXT, page TEXT, title TEXT NOT NULL, content_hash TEXT NOT NULL,"
               " duplicate_of TEXT, record TEXT NOT NULL, fetched_at TEXT NOT NULL,"
               " extraction TEXT, extraction_version TEXT, indexed_version TEXT)")
    db.commit()
    db.close()
    with Archive(path) as archive:
        start = archive.revision()
        store_articles(sample_articles()[:2], archive, "sample")
        assert len(archive.changed_since(start)) == 2
        assert archive.changed_since(archive.revision()) == set()


# -- duplicates leave the index -------------------------------------------------------------


def rewritten_as(article: Article, other: Article) -> Article:
    """``article`` (same id) with ``other``'s title and text."""
    return Article.from_dict({**article.to_dict(), "title": other.title, "body": other.body,
                              "content_hash": ""})


def test_an_article_that_becomes_a_duplicate_leaves_the_index(parts) -> None:
    """Two reports indexed; one is then corrected into the other's text (the same report
    crawled twice, its first copy cut short): it is a duplicate now, and no longer
    searchable or counted, in the index or in the tables' scope."""
    from indexer.tables.scope import facet_scope

    archive, backend = parts
    first, second = sample_articles()[:2]
    store_articles([first, second], archive, "sample")
    process_pending(archive, backend)
    assert backend.count(SearchQuery()) == 2

    first = rewritten_as(first, second)
    assert store_articles([first], archive, "crawl").updated == 1
    assert archive.duplicate_of(first.id) == second.id
    process_pending(archive, backend)

    assert [doc["id"] for doc in backend.scan(SearchQuery())] == [second.id]
    assert backend.count(SearchQuery(text=second.title[:4])) == 1
    in_scope = facet_scope(SearchQuery()).rows(archive, "SELECT article_id FROM scope")
    assert [row[0] for row in in_scope] == [second.id]
    assert process_pending(archive, backend).indexed == 0  # and it stays done


def test_a_duplicate_found_before_a_kill_leaves_the_index_on_the_next_run(parts) -> None:
    """The deletion is pending in the archive, not in memory: an index step that never
    ran (the process died after storing) is made up by the next one."""
    archive, backend = parts
    first, second = sample_articles()[:2]
    store_articles([first, second], archive, "sample")
    process_pending(archive, backend)
    first = rewritten_as(first, second)
    store_articles([first], archive, "crawl")  # and then nothing: killed
    assert archive.ids_needing_removal(index_version()) == [first.id]
    index_pending(archive, backend)
    assert [doc["id"] for doc in backend.scan(SearchQuery())] == [second.id]
    assert archive.ids_needing_removal(index_version()) == []


def test_reindex_keeps_duplicates_out_and_has_none_to_delete(parts) -> None:
    archive, backend = parts
    articles = sample_articles()
    store_articles(articles, archive, "sample")
    copy = Article.from_dict({**articles[0].to_dict(), "id": "copy", "url": "http://x/c.htm"})
    assert store_articles([copy], archive, "crawl").duplicates == 1
    process_pending(archive, backend)
    assert reindex(archive, backend).indexed == 7
    assert backend.count(SearchQuery()) == 7
    assert archive.ids_needing_removal(index_version()) == []


# -- one pass: each article read once, its document built once ---------------------------


def test_each_article_is_read_once_and_its_document_built_once(parts, monkeypatch) -> None:
    import indexer.ingest as ingest

    archive, backend = parts
    store_articles(sample_articles(), archive, "sample")
    read, built = [], []
    real_stored, real_document = Archive.stored, ingest.index_document

    def counted_stored(self: Archive, ids):
        ids = list(ids)
        read.extend(ids)
        return real_stored(self, ids)

    def counted_document(article: Article, extraction: dict, *story) -> dict:
        built.append(article.id)
        return real_document(article, extraction, *story)

    monkeypatch.setattr(Archive, "stored", counted_stored)
    monkeypatch.setattr(Archive, "get", lambda self, article_id: pytest.fail("read again"))
    monkeypatch.setattr(Archive, "get_extraction", lambda self, i: pytest.fail("read again"))
    monkeypatch.setattr(ingest, "index_document", counted_document)
    assert process_pending(archive, backend).indexed == 7
    ids = [a.id for a in sample_articles()]
    assert sorted(read) == sorted(built) == sorted(ids)

    read.clear(), built.clear()
    assert reindex(archive, backend).indexed == 7
    assert sorted(read) == sorted(built) == sorted(ids)


def test_an_extraction_and_its_table_rows_are_stored_together(parts, monkeypatch) -> None:
    """Killed while writing an article's rows, the run leaves that article's extraction
    unstored too, and those of its batch (stored in one transaction): they are pending
    as a whole, and the next run does them."""
    import indexer.ingest as ingest

    archive, backend = parts
    store_articles(sample_articles(), archive, "sample")
    real_write, written = ingest.write_rows, []

    def die_on_the_third(archive: Archive, article: Article, *rest) -> None:
        if len(written) == 2:
            raise KeyboardInterrupt
        real_write(archive, article, *rest)
        written.append(article.id)

    monkeypatch.setattr(ingest, "write_rows", die_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        process_pending(archive, backend)
    monkeypatch.setattr(ingest, "write_rows", real_write)
    extracted = archive.db.execute("SELECT id FROM articles WHERE extraction IS NOT NULL")
    rows = archive.db.execute("SELECT article_id FROM entity_articles").fetchall()
    assert len(written) == 2
    assert sorted(r[0] for r in rows) == sorted(r[0] for r in extracted) == []
    assert process_pending(archive, backend).extracted == 7
    assert backend.count(SearchQuery()) == 7
