"""The LSH kept in the archive finds what the in-memory one finds, reads nothing ahead, and
keeps up as signatures come, change and go."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.ingest import store_articles
from indexer.reprints import ReprintFinder, from_bytes, signature, to_bytes
from indexer.stories import assign_stories, story_ref
from indexer.story_index import StoryIndex, band_keys, band_ranges
from tests.conftest import sample_articles
from tests.unit.test_reprints import real_texts, reprint


@pytest.fixture
def archive(tmp_path: Path):
    archive = Archive(tmp_path / "archive.sqlite3")
    yield archive
    archive.close()


def stored_signatures(archive: Archive, texts: list[str], eight_bytes: bool = False
                      ) -> StoryIndex:
    """Each text's signature as an ``article_stories`` row, its bands in the index;
    ``eight_bytes``: every other one stored as archives before this release stored them."""
    index = StoryIndex(archive)
    with archive.transaction() as db:
        for number, text in enumerate(texts):
            minhash = signature(text)
            stored = minhash.hashvalues.astype("<u8").tobytes() \
                if eight_bytes and number % 2 else to_bytes(minhash)
            row = db.execute(
                "INSERT INTO article_stories (article_id, story_id, lead, similarity,"
                " content_hash, method, signature) VALUES (?, ?, 1, NULL, '', 'm', ?)",
                (str(number), str(number), stored))
            index.add(row.lastrowid, minhash.hashvalues)
    return index


def test_the_bands_are_minhash_lshs_and_keys_differ_from_band_to_band() -> None:
    ranges = band_ranges()
    assert ranges[0][0] == 0 and ranges[-1][1] <= 128 and len(ranges) > 1
    same = signature("全省工会驿站为户外劳动者提供休息服务")
    keys = band_keys(same.hashvalues)
    assert len(keys) == len(ranges) and len(set(keys)) == len(keys)
    assert keys == band_keys(signature("全省工会驿站为户外劳动者提供休息服务").hashvalues)


@pytest.mark.parametrize("eight_bytes", [False, True], ids=["stored now", "some stored before"])
def test_real_reprints_find_what_the_in_memory_lsh_finds(archive: Archive,
                                                         eight_bytes: bool) -> None:
    texts = real_texts()
    index = stored_signatures(archive, texts, eight_bytes)
    memory = ReprintFinder()
    memory.add_all((str(n), signature(t)) for n, t in enumerate(texts))
    found_any = 0
    for number, text in enumerate(texts):
        probe = signature(reprint(text))
        assert index.matches(probe) == memory.matches(probe), number
        found_any += bool(index.matches(probe))
        assert index.matches(probe, exclude=str(number)) == \
            memory.matches(probe, exclude=str(number))
    assert found_any >= 0.95 * len(texts)


def test_a_removed_signature_is_found_no_more(archive: Archive) -> None:
    texts = real_texts()[:5]
    index = stored_signatures(archive, texts)
    probe = signature(reprint(texts[0]))
    assert [key for key, _ in index.matches(probe)] == ["0"]
    index.forget(["0"])
    assert index.matches(probe) == []
    assert archive.db.execute("SELECT COUNT(*) FROM story_bands").fetchone()[0] == \
        4 * len(band_ranges())


def test_stories_grouped_before_the_bands_were_kept_are_banded_and_found(archive) -> None:
    originals = sample_articles()
    store_articles(originals, archive, "sample")
    assign_stories(archive)
    with archive.transaction() as db:
        db.execute("DELETE FROM story_bands")  # as in an archive from before the bands
    longest = max(originals, key=lambda a: len(a.body))
    copy = replace(longest, id=longest.id + "-copy", source="zgw", source_name="",
                   body="本报讯" + longest.body + "当地工会表示将持续做好服务。",
                   content_hash="", url="http://example.org/copy.htm")
    store_articles([copy], archive, "reprints")
    assert assign_stories(archive) == 1
    assert story_ref(archive, copy.id).story_id == story_ref(archive, longest.id).story_id
    assert bands_held(archive) == bands_of_stored_signatures(archive)
    assert len(bands_held(archive)) == (len(originals) + 1) * len(band_ranges())


def test_an_article_whose_text_changed_is_compared_with_its_new_text_only(archive) -> None:
    originals = sample_articles()
    store_articles(originals, archive, "sample")
    assign_stories(archive)
    longest = max(originals, key=lambda a: len(a.body))
    other = min(originals, key=lambda a: len(a.body))
    rewritten = replace(longest, body=other.body + "全文另起。", content_hash="")
    store_articles([rewritten], archive, "sample")  # the same id, another text
    copy_of_old = replace(longest, id=longest.id + "-old", source="zgw", source_name="",
                          body="本报讯" + longest.body, content_hash="",
                          url="http://example.org/old.htm")
    store_articles([copy_of_old], archive, "reprints")
    assign_stories(archive)
    assert story_ref(archive, copy_of_old.id).story_id != story_ref(archive, longest.id).story_id
    assert bands_held(archive) == bands_of_stored_signatures(archive)  # the old ones gone


def bands_held(archive: Archive) -> set[tuple[int, int]]:
    return {tuple(row) for row in archive.db.execute("SELECT band_key, story_row FROM story_bands")}


def bands_of_stored_signatures(archive: Archive) -> set[tuple[int, int]]:
    return {(key, row["rowid"])
            for row in archive.db.execute("SELECT rowid, signature FROM article_stories")
            for key in band_keys(from_bytes(row["signature"]).hashvalues)}
