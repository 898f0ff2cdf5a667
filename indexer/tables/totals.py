"""The catalogue's counts over the whole archive, kept as articles come and go.

An article's share of every count is what the catalogue's own queries
(``indexer.tables.programme_counts``) give over a scope of that one article; the writer
adds it when it writes the article's rows and takes it away before it deletes them,
so ``programme_totals`` always equals those queries over every canonical article.
"""

from __future__ import annotations

from collections.abc import Iterator

from indexer.archive import Archive
from indexer.tables.programme_counts import COUNTIES, COUNTS, PROVINCES, THEMES

# The article alone, if it is canonical: a duplicate counts nowhere.
ONE = ("WITH scope(article_id) AS (SELECT article_id FROM entity_articles"
       " WHERE article_id = ? AND canonical = 1) ")

UPSERT = """
INSERT INTO programme_totals (name, part, value, articles, mentions) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (name, part, value) DO UPDATE
SET articles = articles + excluded.articles, mentions = mentions + excluded.mentions
"""
EMPTIED = "DELETE FROM programme_totals WHERE name = ? AND part = ? AND value = ? AND articles = 0"


def add_article(archive: Archive, article_id: str, sign: int = 1) -> None:
    """Add (``sign`` 1) or take away (-1) the article's share of the totals."""
    db = archive.db
    for name, part, value, articles, mentions in shares(archive, article_id):
        key = (name, part, value)
        db.execute(UPSERT, (*key, sign * articles, sign * mentions))
        if sign < 0:
            db.execute(EMPTIED, key)


def shares(archive: Archive, article_id: str) -> Iterator[tuple[str, str, str, int, int]]:
    """(programme, part, value, articles, mentions) the article adds; none for a duplicate."""
    db = archive.db
    rows = db.execute(ONE + COUNTS.format(where=""), (article_id,)).fetchall()
    for name, kind, articles, mentions in rows:
        yield name, "kind", kind or "", articles, mentions
    names = sorted({row[0] for row in rows})
    if not names:
        return
    marks, params = ",".join("?" * len(names)), (article_id, *names)
    for part, sql in (("theme", THEMES), ("province", PROVINCES), ("county", COUNTIES)):
        for name, value, count, *_ in db.execute(ONE + sql.format(names=marks),
                                                     params).fetchall():
            yield name, part, value, count, 0
