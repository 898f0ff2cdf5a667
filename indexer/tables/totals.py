"""The catalogue's counts over the whole archive, kept as articles come and go.

An article's share of every count is what the catalogue's own queries
(``indexer.tables.programme_counts``) give over a scope of that one article; the writer
adds it when it writes the article's rows and takes it away before it deletes them,
so ``programme_totals`` always equals those queries over every canonical article.
Besides the catalogue's parts (kind, theme, province, county) it keeps what similar
programmes compare: entries per primary province ('entry', '' for none), the terms
around the mentions ('term', ``articles`` the times met) and the programmes named in
the same article ('together', ``articles`` the articles naming both).

A search counts stories unless told otherwise (``count=stories``: a reprint that is
not its story's lead counts nowhere), so every row keeps its counts twice: over every
printing (``articles``, ``mentions``, ``oldest_*``) and over the leads (``lead_*``).
An article's share goes to the first columns always and to the leads' too when its
``entity_articles.lead`` says it leads, the flag its index document was built with;
taking it away reads the same flag, so what is subtracted is what was added. When
story assignment moves a story's lead (``indexer.stories``), the printings whose flag
changed get a new revision, so their rows are stale and derived again: their share
moves from one set of columns to the other. Columns rather than a second set of
parts keep one row, and one upsert, per share: the write costs what it did.
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
    within_province,
)

# The article alone, if it is canonical: a duplicate counts nowhere.
ONE = ("WITH scope(article_id) AS (SELECT article_id FROM entity_articles"
       " WHERE article_id = ? AND canonical = 1) ")
MENTIONED = ("SELECT DISTINCT m.name FROM scope"
             " JOIN programme_mentions m ON m.article_id = scope.article_id")

# The oldest article of a county's row: the first dated one by date key, then by id (as
# MIN(e.date_key) picks it in COUNTIES), or the first by id when none is dated; ``{c}``
# the columns' prefix ('' or 'lead_'). A share with no oldest (a reprint's, for the
# leads' columns) never replaces one.
OLDER = """(excluded.{c}oldest_id IS NOT NULL AND ({c}oldest_id IS NULL OR CASE
    WHEN excluded.{c}oldest_key IS NULL
        THEN {c}oldest_key IS NULL AND excluded.{c}oldest_id < {c}oldest_id
    WHEN {c}oldest_key IS NULL THEN 1
    ELSE (excluded.{c}oldest_key, excluded.{c}oldest_id) < ({c}oldest_key, {c}oldest_id) END))"""
OLDEST_SET = ", ".join(f"{{c}}oldest_{column} = CASE WHEN {OLDER}"
                       f" THEN excluded.{{c}}oldest_{column} ELSE {{c}}oldest_{column} END"
                       for column in ("key", "id", "region"))
UPSERT = f"""
INSERT INTO programme_totals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (part, name, value) DO UPDATE
SET articles = articles + excluded.articles, mentions = mentions + excluded.mentions,
    lead_articles = lead_articles + excluded.lead_articles,
    lead_mentions = lead_mentions + excluded.lead_mentions,
    {OLDEST_SET.format(c="")},
    {OLDEST_SET.format(c="lead_")}
"""
TAKEN_AWAY = """
UPDATE programme_totals SET articles = articles - ?, mentions = mentions - ?,
    lead_articles = lead_articles - ?, lead_mentions = lead_mentions - ?
WHERE name = ? AND part = ? AND value = ?
RETURNING articles, oldest_id, lead_articles, lead_oldest_id
"""
# ``e.lead >= ?``: 0 for every printing, 1 for the leads (the reprints skipped on the walk);
# ``{within}``: nothing, or the article's province facet for a part of one province.
NEXT_OLDEST = """
SELECT p.date_key, p.article_id, e.primary_region
FROM article_programmes p JOIN entity_articles e ON e.article_id = p.article_id
WHERE p.name = ? AND p.county = ? AND p.canonical = 1 AND p.article_id != ? AND e.lead >= ?
  {within}
ORDER BY p.date_key IS NULL, p.date_key, p.article_id LIMIT 1
"""
OLDEST = ("UPDATE programme_totals SET {c}oldest_key = ?, {c}oldest_id = ?, {c}oldest_region = ?"
          " WHERE name = ? AND part = ? AND value = ?")
# The catalogue's parts, kept again per province facet value of the article.
PROVINCE_PARTS = ("kind", "theme", "province", "county")
FACET_PROVINCES = "SELECT value FROM article_facets WHERE article_id = ? AND facet = 'province'"
EMPTIED = "DELETE FROM programme_totals WHERE name = ? AND part = ? AND value = ? AND articles = 0"
LEAD = "SELECT lead FROM entity_articles WHERE article_id = ?"


def add_article(archive: Archive, article_id: str) -> None:
    """Add the article's share of the totals (its rows are in): to the leads' columns
    too if it leads its story."""
    lead = _lead(archive, article_id)
    archive.db.executemany(UPSERT, [
        (name, part, value, articles, mentions, *oldest,
         *((articles, mentions, *oldest) if lead else (0, 0, *NOT_OLDEST)))
        for name, part, value, articles, mentions, oldest in shares(archive, article_id)])


def take_away_article(archive: Archive, article_id: str) -> None:
    """Take the article's share away (before its rows go), from the columns it was added
    to (its rows say whether it led); where it was a county's oldest article, the next
    oldest takes its place."""
    db, lead = archive.db, _lead(archive, article_id)
    for name, part, value, articles, mentions, _ in shares(archive, article_id):
        taken = (articles, mentions, *((articles, mentions) if lead else (0, 0)))
        left, oldest_id, leads_left, lead_oldest_id = db.execute(
            TAKEN_AWAY, (*taken, name, part, value)).fetchone()
        if left <= 0:
            db.execute(EMPTIED, (name, part, value))
            continue
        if oldest_id == article_id:
            _next_oldest(archive, name, part, value, article_id, "")
        if lead_oldest_id == article_id:
            _next_oldest(archive, name, part, value, article_id, "lead_", leads_left > 0)


def _next_oldest(archive: Archive, name: str, part: str, county: str, article_id: str,
                 columns: str, any_left: bool = True) -> None:
    """The county's oldest article after ``article_id``, over every printing (``columns``
    '') or the leads ('lead_'), among one province's articles when ``part`` is of one;
    none when no lead is left."""
    following = None
    if any_left:
        _, _, province = part.partition("@")
        within = ("AND EXISTS (SELECT 1 FROM article_facets f WHERE f.facet = 'province'"
                  " AND f.value = ? AND f.article_id = p.article_id)") if province else ""
        following = archive.db.execute(
            NEXT_OLDEST.format(within=within),
            (name, county, article_id, int(bool(columns)), *([province] if province else []))
        ).fetchone()
    archive.db.execute(OLDEST.format(c=columns),
                       (*(following or NOT_OLDEST), name, part, county))


def _lead(archive: Archive, article_id: str) -> bool:
    row = archive.db.execute(LEAD, (article_id,)).fetchone()
    return bool(row and row[0])


Share = tuple[str, str, str, int, int, tuple[int | None, str | None, str | None]]
NOT_OLDEST = (None, None, None)


def shares(archive: Archive, article_id: str) -> Iterator[Share]:
    """(programme, part, value, articles, mentions, (date key, id, region) if a county's
    row) the article adds; none for a duplicate. The catalogue's parts come again for
    each province facet value of the article (``kind@山东省``…), so a province's
    catalogue reads counts too."""
    provinces = [row[0] for row in archive.db.execute(FACET_PROVINCES, (article_id,))]
    for share in _shares(archive, article_id):
        yield share
        name, part = share[0], share[1]
        if part in PROVINCE_PARTS:
            for province in provinces:
                yield (name, within_province(part, province), *share[2:])


def _shares(archive: Archive, article_id: str) -> Iterator[Share]:
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
