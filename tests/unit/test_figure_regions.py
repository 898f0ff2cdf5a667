"""A figure's place as the ledger reads it, stored without a copy of its article's.

Most figures are about the article's primary region; ``figures.region`` keeps only the
places that differ, and the ledger reads the article's in the others' place.
"""

from __future__ import annotations

from pathlib import Path

from indexer.archive import Archive
from indexer.documents import index_document
from indexer.models import Article
from indexer.search.query import SearchQuery
from indexer.tables import figures
from indexer.tables.schema import prepare_tables
from indexer.tables.scope import facet_scope
from indexer.tables.write import write_rows

QINGHAI = {"name": "青海省", "adcode": "630000", "level": "province", "province": "青海省"}
XINING = {"name": "西宁市", "adcode": "630100", "level": "city", "province": "青海省"}


def test_each_figure_reads_its_own_place_the_article_s_or_none(tmp_path: Path) -> None:
    article = Article(id="a1", source="grrb", title="青海工会", date="2025-03-19",
                      body="青海建成100个驿站,西宁建成20个驿站,另有3个书屋。")
    extraction = {"primary_region": QINGHAI, "figures": [
        {"value": 100, "unit": "个", "metric": "驿站", "start": 4, "end": 8, "text": "100个"},
        {"value": 20, "unit": "个", "metric": "驿站", "region": XINING, "text": "20个"},
        {"value": 3, "unit": "个", "metric": "书屋", "region": "999999", "text": "3个"},
        {"value": 5, "unit": "个", "metric": "书屋", "region": dict(QINGHAI), "text": "5个"},
    ]}
    with Archive(tmp_path / "a.sqlite3") as archive:
        archive.upsert(article)
        prepare_tables(archive)
        write_rows(archive, article, extraction, index_document(article, extraction),
                   canonical=True, revision=1)
        stored = [row[0] for row in archive.db.execute(
            "SELECT region FROM figures ORDER BY seq")]
        rows = list(figures.figure_rows(archive, figures.Selection(facet_scope(SearchQuery())),
                                        order="f.seq"))
    assert stored[0] is None and stored[3] is None  # the article's: not copied
    assert [row.region for row in rows] == [QINGHAI, XINING, None, QINGHAI]
