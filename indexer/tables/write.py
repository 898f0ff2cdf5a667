"""Writing one article's rows: the writer pipeline's "derive" step.

Called inside the transaction that stores the article's extraction, so the tables
never disagree with it; each article's rows carry the archive revision they were
derived from, which is how ``schema.stale_article_ids`` finds the ones to derive again.
The article's share of ``programme_totals`` and ``figure_totals`` is added once its rows
are in and taken away before they go (``indexer.tables.totals``,
``indexer.tables.figure_totals``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from indexer.archive import Archive
from indexer.models import Article
from indexer.tables.figure_totals import add_figures, take_away_figures
from indexer.tables.rows import (
    article_programme_rows,
    article_row,
    facet_rows,
    figure_rows,
    mention_rows,
)
from indexer.tables.schema import ARTICLE_TABLES
from indexer.tables.totals import add_article, take_away_article

if TYPE_CHECKING:
    from indexer.search.analysis import Segmentation


def write_rows(archive: Archive, article: Article, extraction: Mapping[str, Any],
               document: Mapping[str, Any], canonical: bool, revision: int,
               words: Segmentation | None = None) -> None:
    """Replace the article's rows with those its extraction and index document give
    (``words``: its text's cut, if the writer made it for the index already)."""
    with archive.transaction() as db:
        if has_rows(archive, article.id):
            delete_rows(archive, article.id)
        row = article_row(article, extraction, canonical, revision)
        # Whether it leads its story as its index document says: a count by stories in
        # the tables counts what the index counts, and the totals know which share it got.
        lead = int(document.get("story_lead", True))
        db.execute(f"INSERT INTO entity_articles VALUES ({_marks(16)})", (*row, lead))
        db.executemany("INSERT OR IGNORE INTO article_facets VALUES (?,?,?)",
                       facet_rows(document))
        dated = _dated(row)
        db.executemany(f"INSERT OR IGNORE INTO article_programmes VALUES ({_marks(8)})",
                       [(*p, *dated) for p in article_programme_rows(article, extraction)])
        db.executemany(f"INSERT INTO programme_mentions VALUES ({_marks(12)})",
                       [(*m, *_placed(row)) for m in mention_rows(article, extraction, words)])
        db.executemany(f"INSERT INTO figures VALUES ({_marks(24)})",
                       figure_rows(article, extraction, document, canonical))
        add_article(archive, article.id)
        add_figures(archive, article.id)


def _dated(row: tuple) -> tuple:
    """What ``article_programmes`` copies of its ``entity_articles`` row: canonical, date,
    date key, and the county when the primary region is one."""
    county, level = row[12], row[13]
    return row[1], row[5], row[6], county if level == "county" and county else None


def _placed(row: tuple) -> tuple:
    """What ``programme_mentions`` copies of its ``entity_articles`` row: canonical, the
    primary region's province, date, date key."""
    return row[1], row[11], row[5], row[6]


def has_rows(archive: Archive, article_id: str) -> bool:
    """Whether the article has rows: every writer gives it its ``entity_articles`` row."""
    return archive.db.execute("SELECT 1 FROM entity_articles WHERE article_id = ?",
                              (article_id,)).fetchone() is not None


def delete_rows(archive: Archive, article_id: str) -> None:
    """Leave the article out of every analysis (its extraction is gone)."""
    with archive.transaction() as db:
        take_away_article(archive, article_id)
        take_away_figures(archive, article_id)
        for table in ARTICLE_TABLES:
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def _marks(count: int) -> str:
    return ",".join("?" * count)
