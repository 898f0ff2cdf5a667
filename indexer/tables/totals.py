"""The catalogue's counts over the whole archive, kept as articles come and go.

An article's share of every count is what the catalogue's own queries
(``indexer.tables.programmes``) give over a scope of that one article; the writer
adds it when it writes the article's rows and takes it away before it deletes them,
so ``programme_totals`` always equals those queries over every canonical article.
"""

from __future__ import annotations

from collections.abc import Iterator

from indexer.archive import Archive
from indexer.tables.programmes import (
    programme_counties,
    programme_provinces,
    programme_rows,
    programme_themes,
)
from indexer.tables.scope import Scope

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
    one = Scope("SELECT article_id FROM entity_articles WHERE article_id = ? AND canonical = 1",
                (article_id,))
    rows = programme_rows(archive, one)
    for row in rows:
        yield row.name, "kind", row.kind or "", row.articles, row.mentions
    names = sorted({row.name for row in rows})
    if not names:
        return
    for part, counts in (("theme", programme_themes(archive, one, names)),
                         ("province",
                          programme_provinces(archive, one, names))):
        for count in counts:
            yield count.name, part, count.value, count.count, 0
    for county in programme_counties(archive, one, names):
        yield county.name, "county", county.county, county.count, 0
