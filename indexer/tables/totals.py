"""The catalogue's counts over the whole archive, kept as articles come and go.

An article's share of every count is what the catalogue's own queries
(``indexer.tables.programme_counts``) give over a scope of that one article; the writer
adds it when it writes the article's rows and takes it away before it deletes them,
so ``programme_totals`` always equals those queries over every canonical article.
Besides the catalogue's parts (kind, theme, province, county) it keeps what similar
programmes compare: entries per primary province ('entry', '' for none), the terms
around the mentions ('term', ``articles`` the times met) and the programmes named in
the same article ('together', ``articles`` the articles naming both).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from indexer.archive import Archive
from indexer.tables.contexts import TERM_SEPARATOR
from indexer.tables.programme_counts import (
    COUNTIES,
    COUNTS,
    ENTRIES,
    PROVINCES,
    TERMS,
    THEMES,
)

# The article alone, if it is canonical: a duplicate counts nowhere.
ONE = ("WITH scope(article_id) AS (SELECT article_id FROM entity_articles"
       " WHERE article_id = ? AND canonical = 1) ")
MENTIONED = ("SELECT DISTINCT m.name FROM scope"
             " JOIN programme_mentions m ON m.article_id = scope.article_id")

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
    for name, province, entries in db.execute(ONE + ENTRIES, (article_id,)).fetchall():
        yield name, "entry", province or "", entries, 0
    for name, terms in db.execute(ONE + TERMS, (article_id,)).fetchall():
        for term, count in Counter(terms.split(TERM_SEPARATOR)).items():
            yield name, "term", term, count, 0
    named = [row[0] for row in db.execute(ONE + MENTIONED, (article_id,)).fetchall()]
    for name in named:
        for other in named:
            yield name, "together", other, 1, 0
    names = sorted({row[0] for row in rows})
    if not names:
        return
    marks, params = ",".join("?" * len(names)), (article_id, *names)
    for part, sql in (("theme", THEMES), ("province", PROVINCES), ("county", COUNTIES)):
        for name, value, count, *_ in db.execute(ONE + sql.format(names=marks),
                                                     params).fetchall():
            yield name, part, value, count, 0
