"""Reading programmes from the tables: counts, details, mentions, the words around them.

Every read is over a scope (``indexer.tables.scope``) and returns dataclasses; the
catalogue's ranking and the similarity of programmes are the analyses' own business.
Over the whole archive, or the articles of the programmes asked about, the counts are
read from ``programme_totals`` (kept by the writer, ``indexer.tables.totals``; its
leads' columns when the scope counts stories) and each first, last or oldest article
is one probe of an index on ``article_programmes``; over one of those less a few
articles (a search whose words are in most of it, ``Scope.whole``), the totals less
those articles' counts, and the walks go past them;
any other scope is counted by the queries below, which the totals are made of.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from indexer.archive import Archive
from indexer.tables.articles import ARTICLE_COLUMNS, ArticleFacts, loads
from indexer.tables.contexts import TERM_SEPARATOR
from indexer.tables.programme_counts import (
    COUNTIES,
    COUNTS,
    ENTRIES,
    IN_SCOPE,
    PROVINCES,
    TERMS,
    THEMES,
    TOGETHER,
)
from indexer.tables.schema import ensure_readable
from indexer.tables.scope import Scope

T = TypeVar("T")


@dataclass(frozen=True)
class ProgrammeRow:
    """A programme as the articles of one kind name it: how many, how often."""

    name: str
    kind: str | None
    articles: int
    mentions: int  # an article naming it without offsets counts one


@dataclass(frozen=True)
class ValueCount:
    """Articles of a programme with a value (a theme, a province)."""

    name: str
    value: str
    count: int


@dataclass(frozen=True)
class CountyCount:
    name: str
    county: str
    count: int
    primary: str | None  # the county's region as its oldest article has it, as stored

    @property
    def region(self) -> dict[str, Any]:
        """Read when asked: a catalogue page shows 10 of a programme's thousands of counties."""
        return loads(self.primary) or {}


@dataclass(frozen=True)
class DatedArticle:
    """The article that names a programme first (or last)."""

    name: str
    date: str
    article: ArticleFacts


@dataclass(frozen=True)
class Mention:
    article: ArticleFacts
    start: int
    end: int
    context: str


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


# ``{c}``: the columns of every printing ('') or of the leads ('lead_', count=stories).
TOTALS = """
SELECT name, value, {c}articles, {c}mentions FROM programme_totals
WHERE part = ? AND {c}articles > 0 {names}
"""


def _columns(scope: Scope) -> str:
    return "lead_" if scope.leads else ""


def _totals(archive: Archive, scope: Scope, part: str, names: Sequence[str]) -> list[Any]:
    where = f"AND name IN ({_marks(names)})" if names else ""
    ensure_readable(archive)
    sql = TOTALS.format(c=_columns(scope), names=where)
    return archive.db.execute(sql, (part, *names)).fetchall()


def programme_rows(archive: Archive, scope: Scope, names: Sequence[str] = ()
                   ) -> list[ProgrammeRow]:
    """Every programme of the scope, or those of ``names``, once per kind given it."""
    if part := scope.totals_part("kind", names):
        return [ProgrammeRow(name, kind or None, articles, mentions)
                for name, kind, articles, mentions in _totals(archive, scope, part, names)]
    if scope.whole is not None and scope.whole.totals_part("kind", names):
        less = {(r.name, r.kind): r for r in programme_rows(archive, scope.excluded, names)}
        rows = (_less(row, less.get((row.name, row.kind)), "articles", "mentions")
                for row in programme_rows(archive, scope.whole, names))
        return [row for row in rows if row.articles > 0]
    where = f"WHERE +p.name IN ({_marks(names)})" if names else ""  # as in programme_counts
    sql = _joined(scope, COUNTS.format(where=where))
    return [ProgrammeRow(*row) for row in scope.rows(archive, sql, names)]


DATED = f"""
SELECT p.name, {{pick}}(e.date) AS picked, {ARTICLE_COLUMNS} {IN_SCOPE}
WHERE +p.name IN ({{names}}) AND COALESCE(e.date, '') != '' GROUP BY p.name
"""


def _rows(archive: Archive, scope: Scope, sql: str, names: Sequence[str],
          **parts: str) -> list[Any]:
    return scope.rows(archive, _joined(scope, sql.format(names=_marks(names), **parts)), names)


def _joined(scope: Scope, sql: str) -> str:
    """``sql`` joined as the scope is best read. Index hits (materialized: perhaps every
    article) drive the join, each hit's rows read by key (``+p.name``: no name index);
    a scope of filters is an IN list SQLite checks, so the names asked drive it, by
    their index: 20 programmes' articles, not a pass over every article."""
    return sql if scope.materialized else sql.replace("+p.name IN", "p.name IN")


def _less(row: T, taken: T | None, *counts: str) -> T:
    """``row`` with the ``counts`` of ``taken`` (the same key's, over fewer articles)
    taken away."""
    if taken is None:
        return row
    return replace(row, **{c: getattr(row, c) - getattr(taken, c) for c in counts})


def _counts(archive: Archive, scope: Scope, sql: str, part: str, names: Sequence[str]
            ) -> list[ValueCount]:
    if totals := scope.totals_part(part, names):
        return [ValueCount(name, value, count) for name, value, count, _
                in _totals(archive, scope, totals, names)]
    if scope.whole is not None and scope.whole.totals_part(part, names):
        return values_less(_counts(archive, scope.whole, sql, part, names),
                           _counts(archive, scope.excluded, sql, part, names))
    return [ValueCount(*row) for row in _rows(archive, scope, sql, names)]


def values_less(whole: list[ValueCount], left_out: list[ValueCount]) -> list[ValueCount]:
    """The counts of ``whole`` less those of the articles left out of it."""
    less = {(r.name, r.value): r for r in left_out}
    rows = (_less(row, less.get((row.name, row.value)), "count") for row in whole)
    return [row for row in rows if row.count > 0]


def programme_themes(archive: Archive, scope: Scope, names: Sequence[str]) -> list[ValueCount]:
    return _counts(archive, scope, THEMES, "theme", names)


def programme_provinces(archive: Archive, scope: Scope, names: Sequence[str]
                        ) -> list[ValueCount]:
    """Articles per province: the primary region's, else each province the article names."""
    return _counts(archive, scope, PROVINCES, "province", names)


# Each county's count, and the region of its oldest article (``indexer.tables.totals``).
COUNTY_TOTALS = """
SELECT name, value, {c}articles, {c}oldest_region, {c}oldest_id FROM programme_totals
WHERE part = ? AND {c}articles > 0 AND name IN ({names})
"""
# The articles of some of a programme's counties, each county's oldest first, as its
# totals' oldest is picked (``indexer.tables.totals.NEXT_OLDEST``).
COUNTIES_OLDEST = """
SELECT p.county, p.article_id, e.primary_region
FROM article_programmes p JOIN entity_articles e ON e.article_id = p.article_id
WHERE p.name = ? AND p.county IN ({counties}) AND p.canonical = 1 AND e.lead >= ? {within}
ORDER BY p.county, p.date_key IS NULL, p.date_key, p.article_id
"""


# Of the totals, each programme's ``listed`` most reported counties (as a page lists
# them: by count, then name) and how many it has; the thousands of rows of a national
# programme are ranked in SQLite, and only the listed ones' regions are read.
COUNTY_TOTALS_LISTED = """
SELECT t.name, t.value, t.{c}articles, t.{c}oldest_region, ranked.counties
FROM (SELECT name, value, COUNT(*) OVER (PARTITION BY name) AS counties,
             ROW_NUMBER() OVER (PARTITION BY name ORDER BY {c}articles DESC, value) AS rank
      FROM programme_totals WHERE part = ? AND {c}articles > 0 AND name IN ({names})) ranked
JOIN programme_totals t ON t.part = ? AND t.name = ranked.name AND t.value = ranked.value
WHERE ranked.rank <= ?
"""


@dataclass(frozen=True)
class Counties:
    """Each programme's most reported counties, and how many counties it has."""

    rows: list[CountyCount]
    numbers: dict[str, int]


def programme_counties(archive: Archive, scope: Scope, names: Sequence[str]
                       ) -> list[CountyCount]:
    if part := scope.totals_part("county", names):
        return [CountyCount(*row[:4]) for row in _county_totals(archive, scope, part, names)]
    if scope.whole is not None and scope.whole.totals_part("county", names):
        return counties_less(archive, scope, names,
                             programme_counties(archive, scope.excluded, names)).rows
    return [CountyCount(*row[:4]) for row in _rows(archive, scope, COUNTIES, names)]


def listed_counties(archive: Archive, scope: Scope, names: Sequence[str], listed: int
                    ) -> Counties:
    """The ``listed`` most reported counties of each of ``names`` (by count, then name),
    and how many each has: ``programme_counties`` cut as a catalogue page lists them."""
    if part := scope.totals_part("county", names):
        ensure_readable(archive)
        sql = COUNTY_TOTALS_LISTED.format(c=_columns(scope), names=_marks(names))
        rows = archive.db.execute(sql, (part, *names, part, listed)).fetchall()
        return Counties([CountyCount(*row[:4]) for row in rows],
                        {name: counties for name, *_, counties in rows})
    if scope.whole is not None and scope.whole.totals_part("county", names):
        return counties_less(archive, scope, names,
                             programme_counties(archive, scope.excluded, names), listed)
    return cut_counties(programme_counties(archive, scope, names), listed)


def cut_counties(rows: Iterable[CountyCount], listed: int) -> Counties:
    """Each programme's ``listed`` most reported of ``rows``, and how many it has."""
    by_name: defaultdict[str, list[CountyCount]] = defaultdict(list)
    for row in rows:
        by_name[row.name].append(row)
    return Counties(
        [row for counties in by_name.values()
         for row in heapq.nsmallest(listed, counties, key=lambda r: (-r.count, r.county))],
        {name: len(counties) for name, counties in by_name.items()})


def _county_totals(archive: Archive, scope: Scope, part: str, names: Sequence[str]
                   ) -> list[Any]:
    ensure_readable(archive)
    sql = COUNTY_TOTALS.format(c=_columns(scope), names=_marks(names))
    return archive.db.execute(sql, (part, *names)).fetchall()


# A programme's counties' counts, without their regions (a national programme has
# thousands, a page lists ten); and the stored regions of the few listed.
COUNTY_COUNTS = """
SELECT name, value, {c}articles, {c}oldest_id FROM programme_totals
WHERE part = ? AND {c}articles > 0 AND name IN ({names})
"""
COUNTY_REGIONS = """
SELECT t.name, t.value, t.{c}oldest_region FROM json_each(?) j CROSS JOIN programme_totals t
ON t.part = ? AND t.name = j.value ->> 0 AND t.value = j.value ->> 1
"""


def counties_less(archive: Archive, scope: Scope, names: Sequence[str],
                  left_out_rows: list[CountyCount], listed: int | None = None) -> Counties:
    """The county rows of the scope's whole less those of its left-out articles
    (``left_out_rows``), each programme's ``listed`` most reported (all when None); where
    a county's oldest article is left out, its oldest article still in the scope gives
    the region. Regions are read for the counties kept alone."""
    assert scope.whole is not None
    part = scope.whole.totals_part("county", names)
    assert part is not None
    ensure_readable(archive)
    columns = _columns(scope.whole)
    less = {(r.name, r.county): r.count for r in left_out_rows}
    counts: defaultdict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for name, county, count, oldest in archive.db.execute(
            COUNTY_COUNTS.format(c=columns, names=_marks(names)), (part, *names)):
        count -= less.get((name, county), 0)
        if count > 0:
            counts[name].append((-count, county, oldest))
    kept = {name: rows if listed is None else heapq.nsmallest(listed, rows)
            for name, rows in counts.items()}
    left_out, moved = set(scope.less), defaultdict(list)
    stored = []
    for name, rows in kept.items():
        for _, county, oldest in rows:
            if oldest in left_out:
                moved[name].append(county)
            else:
                stored.append((name, county))
    regions = {(name, county): region for name, county, region in archive.db.execute(
        COUNTY_REGIONS.format(c=columns), (json.dumps(stored), part))}
    regions.update({(name, county): region for name, moved_counties in moved.items()
                    for county, region in _oldest_regions(archive, scope, name,
                                                          moved_counties, left_out)})
    return Counties([CountyCount(name, county, -negative, regions.get((name, county)))
                     for name, rows in kept.items() for negative, county, _ in rows],
                    {name: len(rows) for name, rows in counts.items()})


def _oldest_regions(archive: Archive, scope: Scope, name: str, counties: Sequence[str],
                    left_out: set[str]) -> Iterable[tuple[str, str | None]]:
    """(county, region of its oldest article not left out) for ``counties`` of ``name``."""
    assert scope.whole is not None
    within, params = _within(scope.whole)
    sql = COUNTIES_OLDEST.format(counties=_marks(counties), within=within)
    found: dict[str, str | None] = {}
    for county, article_id, region in archive.db.execute(
            sql, (name, *counties, int(scope.leads), *params)):
        if county not in found and article_id not in left_out:
            found[county] = region
    return found.items()


# A programme's first (last) dated article, as MIN (MAX) of e.date picks it in DATED: the
# first in article-id order of those with that date; ``e.lead >= 1`` for the leads (the
# walk down the index skips the reprints), ``>= 0`` for every printing.
DATED_ONE = f"""
SELECT p.name, p.date AS picked, {ARTICLE_COLUMNS}
FROM article_programmes p JOIN entity_articles e ON e.article_id = p.article_id
WHERE p.name = ? AND p.canonical = 1 AND p.date > '' AND e.lead >= ? {{within}}
ORDER BY p.date {{direction}}, p.article_id
"""
# Over one province's articles: the same walk, each article probed for the province's
# facet until one has it (the shown programmes are the province's busiest: a few steps).
IN_PROVINCE = ("AND EXISTS (SELECT 1 FROM article_facets f WHERE f.facet = 'province'"
               " AND f.value = ? AND f.article_id = p.article_id)")


def programme_dates(archive: Archive, scope: Scope, names: Sequence[str],
                    last: bool = False) -> list[DatedArticle]:
    """Each programme's first (or ``last``) dated article."""
    walked = scope.whole if scope.whole is not None else scope
    if walked.covers(names) or walked.province:
        # A walk down the programme's dated index; over a whole less a few articles,
        # past those (the words match most of it: a step or two).
        ensure_readable(archive)
        within, params = _within(walked, names)
        sql = DATED_ONE.format(direction="DESC" if last else "", within=within)
        left_out = set(scope.less)
        rows = [row for name in dict.fromkeys(names) for row in _first(
            archive.db.execute(sql, (name, int(scope.leads), *params)), left_out)]
    else:
        rows = _rows(archive, scope, DATED, names, pick="MAX" if last else "MIN")
    return [DatedArticle(row["name"], row["picked"], ArticleFacts.from_row(row)) for row in rows]


def _within(scope: Scope, names: Sequence[str] = ()) -> tuple[str, tuple[str, ...]]:
    """The walks' condition (and its parameters) for a scope of one province."""
    return ("", ()) if scope.covers(names) or not scope.province else (
        IN_PROVINCE, (scope.province,))


def _first(rows: Iterable[Any], left_out: set[str]) -> list[Any]:
    """The first of ``rows`` (a walk, read lazily) not left out; none if all are."""
    return [row] if (row := next((r for r in rows if r["article_id"] not in left_out),
                                None)) is not None else []


MENTIONS = f"""
SELECT {ARTICLE_COLUMNS}, m.span_start, m.span_end, m.context
FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
JOIN entity_articles e ON e.article_id = m.article_id
WHERE m.name = ? AND m.span_start IS NOT NULL
ORDER BY e.date_key, m.article_id, m.entry, m.mention
"""


def programme_mentions(archive: Archive, scope: Scope, name: str) -> list[Mention]:
    """Every mention of the programme, oldest article first."""
    facts: dict[str, ArticleFacts] = {}
    mentions = []
    for row in scope.rows(archive, MENTIONS, (name,)):
        article = facts.get(row["article_id"])
        if article is None:
            article = facts[row["article_id"]] = ArticleFacts.from_row(row)
        mentions.append(Mention(article, row["span_start"], row["span_end"], row["context"]))
    return mentions


# The newest mentions of each province (the primary region's), and how many it has, over
# any scope: one pass in SQL. The mentions are ranked on their keys alone, and only the
# newest ``limit`` of each province are read whole: a national programme has thousands
# of mentions, and sorting them with their contexts costs twice the sort of the keys.
NEWEST_BY_PROVINCE = f"""
SELECT {ARTICLE_COLUMNS}, m.span_start, m.span_end, m.context, r.province, r.in_province
FROM (
  SELECT m.article_id, m.entry, m.mention, e.province AS province,
         ROW_NUMBER() OVER (PARTITION BY e.province ORDER BY COALESCE(e.date, '') DESC,
                            e.date_key, m.article_id, m.entry, m.mention) AS rank,
         COUNT(*) OVER (PARTITION BY e.province) AS in_province
  FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
  JOIN entity_articles e ON e.article_id = m.article_id
  WHERE m.name = ? AND m.span_start IS NOT NULL
) r
JOIN programme_mentions m
  ON (m.article_id, m.entry, m.mention) = (r.article_id, r.entry, r.mention)
JOIN entity_articles e ON e.article_id = r.article_id
WHERE r.rank <= ? ORDER BY r.province, r.rank
"""
# A scope of every article naming the programme is the mentions' own copy of their
# article's province and date: counts from the index, then a walk of ``limit`` rows down
# ``programme_mentions_newest`` per province, the same order as above. A count by
# stories joins each mention's article for its lead flag (which moves, so it is not
# copied); ``e.lead >= ?`` is 1 for the leads only, 0 for every printing.
PROVINCE_COUNTS = """
SELECT m.province, COUNT(*) FROM programme_mentions m {leads}
WHERE m.name = ? AND m.canonical = 1 AND m.span_start IS NOT NULL
GROUP BY m.province
"""
LEADS_ONLY = "JOIN entity_articles e ON e.article_id = m.article_id AND e.lead = 1"
NEWEST_IN_PROVINCE = f"""
SELECT {ARTICLE_COLUMNS}, m.span_start, m.span_end, m.context
FROM programme_mentions m JOIN entity_articles e ON e.article_id = m.article_id
WHERE m.name = ? AND m.canonical = 1 AND m.province {{province}}
  AND m.span_start IS NOT NULL AND e.lead >= ?
ORDER BY COALESCE(m.date, '') DESC, m.date_key, m.article_id, m.entry, m.mention LIMIT ?
"""


@dataclass
class ProvinceMentions:
    province: str | None
    count: int  # all its mentions
    newest: list[Mention]


def newest_mentions_by_province(archive: Archive, scope: Scope, name: str,
                                limit: int) -> list[ProvinceMentions]:
    """Per province of the mentioning articles, its mention count and newest ``limit``
    mentions, newest first (articles without a date last)."""
    if scope.covers([name]):
        return _newest_by_index(archive, name, limit, int(scope.leads))
    groups: dict[str | None, ProvinceMentions] = {}
    for row in scope.rows(archive, NEWEST_BY_PROVINCE, (name, limit)):
        group = groups.get(row["province"])
        if group is None:
            group = groups[row["province"]] = ProvinceMentions(
                row["province"], row["in_province"], [])
        group.newest.append(_mention(row))
    return list(groups.values())


def _newest_by_index(archive: Archive, name: str, limit: int, leads: int
                     ) -> list[ProvinceMentions]:
    ensure_readable(archive)
    groups = []
    counts = PROVINCE_COUNTS.format(leads=LEADS_ONLY if leads else "")
    for province, count in archive.db.execute(counts, (name,)).fetchall():
        # ``IS NULL`` spelled out: ``= ?`` never matches NULL, and ``IS ?`` is no index probe.
        where = "IS NULL" if province is None else "= ?"
        params = (name, leads, limit) if province is None else (name, province, leads, limit)
        rows = archive.db.execute(NEWEST_IN_PROVINCE.format(province=where), params)
        groups.append(ProvinceMentions(province, count, [_mention(row) for row in rows]))
    return groups


def _mention(row: Any) -> Mention:
    return Mention(ArticleFacts.from_row(row), row["span_start"], row["span_end"], row["context"])


# -- what similar programmes compare ---------------------------------------------------

TOGETHER_TOTALS = ("SELECT value, {c}articles FROM programme_totals"
                   " WHERE name = ? AND part = 'together' AND {c}articles > 0")
# The articles of a scope naming each programme named with ``name`` (as the totals count).
TOGETHER_COUNTS = TOGETHER.replace("SELECT DISTINCT m.name",
                                   "SELECT m.name, COUNT(DISTINCT m.article_id)") + (
    " GROUP BY m.name")


def programme_entries(archive: Archive, scope: Scope) -> list[tuple[str, str | None, int]]:
    """(programme, primary province or None, entries): one per entry, as the extraction
    lists them."""
    if scope.everything:
        return [(name, province or None, entries) for name, province, entries, _
                in _totals(archive, scope, "entry", ())]
    if (whole := _every_article_of(scope)) is not None:
        less = Counter({(name, province or None): entries for name, province, entries
                        in programme_entries(archive, scope.excluded)})
        rows = ((name, province, entries - less[name, province]) for name, province, entries
                in programme_entries(archive, whole))
        return [row for row in rows if row[2] > 0]
    return [(name, province, entries) for name, province, entries
            in scope.rows(archive, ENTRIES)]


def programme_terms(archive: Archive, scope: Scope) -> dict[str, Counter[str]]:
    """Each programme's content words around all its mentions, counted as often as met."""
    if scope.everything:
        terms: dict[str, Counter[str]] = {}
        for name, term, count, _ in _totals(archive, scope, "term", ()):
            counter = terms.get(name)
            if counter is None:  # not one Counter made per row (tens of thousands)
                counter = terms[name] = Counter()
            counter[term] = count
        return terms
    if (whole := _every_article_of(scope)) is not None:
        terms = programme_terms(archive, whole)
        for name, taken in programme_terms(archive, scope.excluded).items():
            left = terms[name]
            left.subtract(taken)
            terms[name] = +left  # the terms met only in the articles left out go
        return {name: counter for name, counter in terms.items() if counter}
    return {name: Counter(terms.split(TERM_SEPARATOR))
            for name, terms in scope.rows(archive, TERMS)}


def named_together(archive: Archive, scope: Scope, name: str) -> set[str]:
    """The programmes named in an article of the scope that also names ``name``."""
    if scope.everything:
        return set(_together(archive, scope, name))
    if (whole := _every_article_of(scope)) is not None:
        less = dict(scope.excluded.rows(archive, TOGETHER_COUNTS, (name,)))
        return {other for other, articles in _together(archive, whole, name).items()
                if articles > less.get(other, 0)}
    return {row[0] for row in scope.rows(archive, TOGETHER, (name,))}


def _together(archive: Archive, scope: Scope, name: str) -> dict[str, int]:
    ensure_readable(archive)
    sql = TOGETHER_TOTALS.format(c=_columns(scope))
    return dict(archive.db.execute(sql, (name,)).fetchall())


def _every_article_of(scope: Scope) -> Scope | None:
    """The whole archive, when the scope is all of it less a few articles (similar
    programmes' totals are kept for the whole archive only, not per province)."""
    return scope.whole if scope.whole is not None and scope.whole.everything else None
