"""Writing one article's rows: the writer pipeline's "derive" step.

Called inside the transaction that stores the article's extraction, so the tables
never disagree with it; each article's rows carry the archive revision they were
derived from, which is how ``schema.stale_article_ids`` finds the ones to derive again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indexer.archive import Archive
from indexer.models import Article
from indexer.tables.rows import (
    article_programme_rows,
    article_row,
    facet_rows,
    figure_rows,
    mention_rows,
)
from indexer.tables.schema import TABLES


def write_rows(archive: Archive, article: Article, extraction: Mapping[str, Any],
               document: Mapping[str, Any], canonical: bool, revision: int) -> None:
    """Replace the article's rows with those its extraction and index document give."""
    with archive.transaction() as db:
        delete_rows(archive, article.id)
        db.execute(f"INSERT INTO entity_articles VALUES ({_marks(15)})",
                   article_row(article, extraction, canonical, revision))
        db.executemany("INSERT OR IGNORE INTO article_facets VALUES (?,?,?)",
                       facet_rows(document))
        db.executemany("INSERT OR IGNORE INTO article_programmes VALUES (?,?,?,?)",
                       article_programme_rows(article, extraction))
        db.executemany(f"INSERT INTO programme_mentions VALUES ({_marks(8)})",
                       mention_rows(article, extraction))
        db.executemany(f"INSERT INTO figures VALUES ({_marks(18)})",
                       figure_rows(article, extraction))


def delete_rows(archive: Archive, article_id: str) -> None:
    """Leave the article out of every analysis (its extraction is gone)."""
    with archive.transaction() as db:
        for table in TABLES:
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def _marks(count: int) -> str:
    return ",".join("?" * count)
