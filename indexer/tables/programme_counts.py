"""How the catalogue counts a programme's articles: the queries, over a scope.

``indexer.tables.programmes`` runs them over the scope of a search; the writer runs
them over each article alone to keep ``programme_totals`` (``indexer.tables.totals``),
so the totals are these counts by construction. Each reads the table expression
``scope(article_id)``.
"""

from __future__ import annotations

IN_SCOPE = ("FROM scope JOIN article_programmes p ON p.article_id = scope.article_id"
            " JOIN entity_articles e ON e.article_id = p.article_id")

COUNTS = """
SELECT p.name, p.kind, COUNT(*), SUM(MAX(1, p.mentions))
FROM scope JOIN article_programmes p ON p.article_id = scope.article_id
{where} GROUP BY p.name, p.kind
"""

# ``+p.name``: the name index is not used, so each article of the scope has its few rows
# read by the primary key, not one probe of the index per name asked (20 on a page).
# A programme is placed by its articles' primary regions; an article without one counts
# for every province it names.
THEMES = f"""
SELECT p.name, f.value, COUNT(*) {IN_SCOPE}
JOIN article_facets f ON f.article_id = p.article_id AND f.facet = 'theme'
WHERE +p.name IN ({{names}}) GROUP BY p.name, f.value
"""
# (Not ``AS province``: in WHERE that name is e.province, and the articles without one,
# NULL, counted for no province.)
PROVINCES = f"""
SELECT p.name, COALESCE(NULLIF(e.province, ''), f.value) AS place, COUNT(*) {IN_SCOPE}
LEFT JOIN article_facets f ON COALESCE(e.province, '') = ''
    AND f.article_id = p.article_id AND f.facet = 'province'
WHERE +p.name IN ({{names}}) AND place IS NOT NULL GROUP BY p.name, place
"""
# The region shown for a county is that of its oldest article (names repeat: 朝阳区).
COUNTIES = f"""
SELECT p.name, e.county, COUNT(*), e.primary_region, MIN(e.date_key) {IN_SCOPE}
WHERE +p.name IN ({{names}}) AND e.level = 'county' AND COALESCE(e.county, '') != ''
GROUP BY p.name, e.county
"""
ENTRIES = """
SELECT m.name, e.province, COUNT(*)
FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
JOIN entity_articles e ON e.article_id = m.article_id
WHERE m.mention = 0 GROUP BY m.name, e.province
"""
# The terms around each mention were segmented when the rows were derived; SQLite joins
# each programme's into one string, so Python splits once per programme.
TERMS = """
SELECT m.name, group_concat(m.context_terms, ' ')
FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
WHERE m.context_terms != '' GROUP BY m.name
"""
TOGETHER = """
SELECT DISTINCT m.name
FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
WHERE m.article_id IN (SELECT article_id FROM programme_mentions WHERE name = ?)
"""


def within_province(part: str, province: str) -> str:
    """The name of a catalogue part counted over one province's articles (``kind@山东省``):
    the writer keeps the catalogue's parts again per province facet value."""
    return f"{part}@{province}"
