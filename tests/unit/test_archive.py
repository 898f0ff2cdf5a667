"""The SQLite archive: idempotent upserts, duplicates by content, quarantine, bookkeeping."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.models import (
    Article,
    InvalidArticle,
    article_id_for_dump,
    article_id_for_url,
    page_fingerprint,
)

BODY = "青海工会实施“暖新保”项目,为2万名新就业形态劳动者赠送补充医疗保险。"


def make_article(article_id: str = "a1", title: str = "青海工会打造三大品牌", **kw) -> Article:
    body = kw.pop("body", BODY)
    return Article(id=article_id, source="grrb", title=title, body=body, date="2025-03-19", **kw)


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    with Archive(tmp_path / "a.sqlite3") as db:
        yield db


def test_upsert_is_idempotent(archive: Archive) -> None:
    first = archive.upsert(make_article())
    again = archive.upsert(make_article())  # new fetched_at, same content
    assert (first.status, again.status) == ("inserted", "unchanged")
    assert archive.count() == 1


def test_changed_content_updates_and_invalidates_extraction(archive: Archive) -> None:
    archive.upsert(make_article())
    archive.set_extraction("a1", {"regions": []}, "v1")
    assert archive.ids_needing_extraction("v1") == []
    result = archive.upsert(make_article(body="新的正文。"))
    assert result.status == "updated"
    assert archive.get("a1").body == "新的正文。"
    assert archive.get_extraction("a1") is None
    assert archive.ids_needing_extraction("v1") == ["a1"]


def test_metadata_change_keeps_extraction_but_needs_reindex(archive: Archive) -> None:
    archive.upsert(make_article())
    archive.set_extraction("a1", {"regions": []}, "v1")
    archive.mark_indexed(["a1"], "i1")
    assert archive.ids_needing_index("i1") == []
    archive.upsert(make_article(page="03"))
    assert archive.get_extraction("a1") == {"regions": []}
    assert archive.ids_needing_index("i1") == ["a1"]


def test_same_content_under_another_id_is_kept_as_duplicate(archive: Archive) -> None:
    archive.upsert(make_article("dump-1"))
    # whitespace differs, content does not
    crawled = make_article("url-1", url="http://example.org/c_1.htm", body=BODY + "\n")
    result = archive.upsert(crawled)
    assert result.status == "duplicate" and result.duplicate_of == "dump-1"
    assert archive.count() == 1 and archive.count(canonical_only=False) == 2
    assert archive.stats()["duplicates"] == 1
    archive.set_extraction("url-1", {}, "v")
    archive.set_extraction("dump-1", {}, "v")
    assert archive.ids_needing_index("i") == ["dump-1"]


def test_invalid_articles_are_refused_with_a_reason(archive: Archive) -> None:
    with pytest.raises(InvalidArticle, match="empty body"):
        archive.upsert(make_article(body="  "))
    with pytest.raises(InvalidArticle, match="date"):
        archive.upsert(Article(id="x", source="grrb", title="t", body="b", date="2025-13-01"))
    assert archive.count() == 0


def test_partial_dates_are_valid(archive: Archive) -> None:
    for i, date in enumerate(["2025", "2025-03", "2025-03-19"]):
        archive.upsert(Article(id=f"d{i}", source="grrb", title=f"t{i}", body=f"b{i}", date=date))
    assert archive.stats()["first_date"] == "2025"


def test_quarantine_keeps_input_and_reason_once(archive: Archive) -> None:
    archive.quarantine("text", "page.txt", "no article found", "raw text")
    archive.quarantine("text", "page.txt", "no article found", "raw text again")
    rows = archive.quarantined()
    assert len(rows) == 1
    assert rows[0]["reason"] == "no article found" and rows[0]["payload"] == "raw text again"


def test_archive_uses_wal_and_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Archive(path) as db:
        db.upsert(make_article())
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    with Archive(path) as db:
        assert db.get("a1").title == "青海工会打造三大品牌"
        assert db.has_url("http://nowhere") is False


def test_ids_are_stable_and_distinct() -> None:
    assert article_id_for_url("http://x/c_1.htm") == article_id_for_url(" http://x/c_1.htm ")
    page = page_fingerprint("标题\n本报讯 正文。")
    assert article_id_for_dump(page, 1) != article_id_for_dump(page, 2)
    assert page_fingerprint("标题\r\n本报讯 正文。\n") == page  # whitespace is no content
    assert article_id_for_dump(page_fingerprint("另一版\n本报讯 正文。"), 1) != \
        article_id_for_dump(page, 1)


def test_an_extraction_is_stored_deflated_and_one_stored_as_json_text_still_reads(
        archive: Archive) -> None:
    extraction = {"regions": [{"name": "青海省", "mentions": [[0, 2]]}], "figures": []}
    archive.upsert(make_article("a1"))
    archive.upsert(make_article("a2", body=BODY + "再版"))
    archive.set_extraction("a1", extraction, "v1")
    stored = archive.db.execute("SELECT extraction FROM articles WHERE id = 'a1'").fetchone()[0]
    assert isinstance(stored, bytes)
    assert len(stored) < len(json.dumps(extraction, ensure_ascii=False).encode())
    # An archive written before kept the JSON as text.
    archive.db.execute("UPDATE articles SET extraction = ? WHERE id = 'a2'",
                       (json.dumps(extraction, ensure_ascii=False),))
    assert archive.get_extraction("a1") == archive.get_extraction("a2") == extraction
    assert [s.extraction for s in archive.stored(["a1", "a2"])] == [extraction, extraction]
