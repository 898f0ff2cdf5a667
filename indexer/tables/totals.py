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

# The oldest article of a county's row: the first dated one by date key, then by id (as
# MIN(e.date_key) picks it in COUNTIES), or the first by id when none is dated.
OLDER = """(oldest_id IS NULL OR CASE
    WHEN excluded.oldest_key IS NULL THEN oldest_key IS NULL AND excluded.oldest_id < oldest_id
    WHEN oldest_key IS NULL THEN 1
    ELSE (excluded.oldest_key, excluded.oldest_id) < (oldest_key, oldest_id) END)"""
UPSERT = f"""
INSERT INTO programme_totals VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (name, part, value) DO UPDATE
SET articles = articles + excluded.articles, mentions = mentions + excluded.mentions,
    oldest_key = CASE WHEN {OLDER} THEN excluded.oldest_key ELSE oldest_key END,
    oldest_id = CASE WHEN {OLDER} THEN excluded.oldest_id ELSE oldest_id END,
    oldest_region = CASE WHEN {OLDER} THEN excluded.oldest_region ELSE oldest_region END
"""
TAKEN_AWAY = """
UPDATE programme_totals SET articles = articles - ?, mentions = mentions - ?
WHERE name = ? AND part = ? AND value = ?
RETURNING articles, oldest_id
"""
NEXT_OLDEST = """
SELECT p.date_key, p.article_id, e.primary_region
FROM article_programmes p JOIN entity_articles e ON e.article_id = p.article_id
WHERE p.name = ? AND p.county = ? AND p.canonical = 1 AND p.article_id != ?
ORDER BY p.date_key IS NULL, p.date_key, p.article_id LIMIT 1
"""
OLDEST = ("UPDATE programme_totals SET oldest_key = ?, oldest_id = ?, oldest_region = ?"
          " WHERE name = ? AND part = 'county' AND value = ?")
EMPTIED = "DELETE FROM programme_totals WHERE name = ? AND part = ? AND value = ? AND articles = 0"


def add_article(archive: Archive, article_id: str) -> None:
    """Add the article's share of the totals (its rows are in)."""
    archive.db.executemany(UPSERT, [(name, part, value, articles, mentions, *oldest) for
                                    name, part, value, articles, mentions, oldest in
                                    shares(archive, article_id)])


def take_away_article(archive: Archive, article_id: str) -> None:
    """Take the article's share away (before its rows go); where it was a county's oldest
    article, the next oldest takes its place."""
    db = archive.db
    for name, part, value, articles, mentions, _ in shares(archive, article_id):
        left, oldest_id = db.execute(TAKEN_AWAY, (articles, mentions, name, part, value)
                                     ).fetchone()
        if left <= 0:
            db.execute(EMPTIED, (name, part, value))
        elif oldest_id == article_id:
            following = db.execute(NEXT_OLDEST, (name, value, article_id)).fetchone()
            db.execute(OLDEST, (*following, name, value))


Share = tuple[str, str, str, int, int, tuple[int | None, str | None, str | None]]
NOT_OLDEST = (None, None, None)


def shares(archive: Archive, article_id: str) -> Iterator[Share]:
    """(programme, part, value, articles, mentions, (date key, id, region) if a county's
    row) the article adds; none for a duplicate."""
    db = archive.db
    rows = db.execute(ONE + COUNTS.format(where=""), (article_id,)).fetchall()
    for name, kind, articles, mentions in rows:
        yield name, "kind", kind or "", articles, mentions, NOT_OLDEST
    for name, province, entries in db.execute(ONE + ENTRIES, (article_id,)).fetchall():
        yield name, "entry", province or "", entries, 0, NOT_OLDEST
    for name, terms in db.execute(ONE + TERMS, (article_id,)).fetchall():
        for term, count in Counter(terms.split(TERM_SEPARATOR)).items():
            yield name, "term", term, count, 0, NOT_OLDEST
    named = [row[0] for row in db.execute(ONE + MENTIONED, (article_id,)).fetchall()]
    for name in named:
        for other in named:
            yield name, "together", other, 1, 0, NOT_OLDEST
    names = sorted({row[0] for row in rows})
    if not names:
        return
    marks, params = ",".join("?" * len(names)), (article_id, *names)
    for part, sql in (("theme", THEMES), ("province", PROVINCES)):
        for name, value, count in db.execute(ONE + sql.format(names=marks), params).fetchall():
            yield name, part, value, count, 0, NOT_OLDEST
    for name, county, count, region, key in db.execute(ONE + COUNTIES.format(names=marks),
                                                       params).fetchall():
        yield name, "county", county, count, 0, (key, article_id, region)
