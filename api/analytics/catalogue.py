"""The programme catalogue: every named initiative, where and when it appears.

A programme is placed where the article that mentions it is about (its primary
region): a report on 民乐县's 三级对话 counts for 甘肃省 and 民乐县.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from api.analytics.counting import place_counts, value_counts
from api.analytics.places import RegionIndex
from api.analytics.scope import ARTICLE_COLUMNS, ArticleFacts, Scope
from api.schemas import region_object
from indexer.archive import Archive

MENTIONS_SHOWN = 20  # per province on a programme's page
IN_SCOPE = ("FROM scope JOIN article_programmes p ON p.article_id = scope.article_id"
            " JOIN entity_articles e ON e.article_id = p.article_id")


@dataclass
class ProgrammeCount:
    """What ranks a programme in the catalogue, counted for every programme of a search."""

    name: str
    articles: int = 0
    mentions: int = 0  # an article naming it without offsets counts one
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def kind(self) -> str | None:
        """The kind most articles give it; a tie goes to the first name in order."""
        ranked = sorted(self.kinds.items(), key=lambda item: (-item[1], item[0]))
        return ranked[0][0] if ranked else None


COUNTS = """
SELECT p.name, p.kind, COUNT(*), SUM(MAX(1, p.mentions))
FROM scope JOIN article_programmes p ON p.article_id = scope.article_id
{where} GROUP BY p.name, p.kind
"""


def programme_counts(archive: Archive, scope: Scope,
                     names: Sequence[str] = ()) -> dict[str, ProgrammeCount]:
    """Every programme of the scope, or those of ``names``."""
    where = f"WHERE p.name IN ({_marks(names)})" if names else ""
    counts: dict[str, ProgrammeCount] = {}
    for name, kind, articles, mentions in scope.rows(archive, COUNTS.format(where=where), names):
        if name not in counts:
            counts[name] = ProgrammeCount(name)
        count = counts[name]
        count.articles += articles
        count.mentions += mentions
        if kind:
            count.kinds[kind] += articles
    return counts


def ranked_programmes(archive: Archive, scope: Scope, kind: str | None = None,
                      name: str = "") -> list[ProgrammeCount]:
    """The catalogue's programmes, most widely reported first; ``name`` matches part of a name."""
    counts = programme_counts(archive, scope).values()
    chosen = [c for c in counts if (kind is None or c.kind == kind) and name in c.name]
    return sorted(chosen, key=lambda c: (-c.articles, -c.mentions, c.name))


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def kind_counts(ranked: Sequence[ProgrammeCount]) -> list[dict[str, Any]]:
    return value_counts(Counter(c.kind for c in ranked if c.kind))


# -- the details of the programmes shown ---------------------------------------------
# A programme is placed by its articles' primary regions; an article without one counts
# for every province it names.

THEMES = f"""
SELECT p.name, f.value, COUNT(*) {IN_SCOPE}
JOIN article_facets f ON f.article_id = p.article_id AND f.facet = 'theme'
WHERE p.name IN ({{names}}) GROUP BY p.name, f.value
"""
PROVINCES = f"""
SELECT p.name, COALESCE(NULLIF(e.province, ''), f.value) AS province, COUNT(*) {IN_SCOPE}
LEFT JOIN article_facets f ON COALESCE(e.province, '') = ''
    AND f.article_id = p.article_id AND f.facet = 'province'
WHERE p.name IN ({{names}}) AND province IS NOT NULL GROUP BY p.name, province
"""
# The region shown for a county is that of its oldest article (names repeat: 朝阳区).
COUNTIES = f"""
SELECT p.name, e.county, COUNT(*), e.primary_region, MIN(e.date_key) {IN_SCOPE}
WHERE p.name IN ({{names}}) AND e.level = 'county' AND COALESCE(e.county, '') != ''
GROUP BY p.name, e.county
"""
DATED = f"""
SELECT p.name, {{pick}}(e.date), {ARTICLE_COLUMNS} {IN_SCOPE}
WHERE p.name IN ({{names}}) AND COALESCE(e.date, '') != '' GROUP BY p.name
"""


@dataclass
class ProgrammeDetails:
    """Themes, places, first and last mention of a few programmes, by name."""

    themes: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    provinces: defaultdict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))
    counties: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    county_regions: defaultdict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict))
    first: dict[str, dict[str, Any]] = field(default_factory=dict)
    last: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, archive: Archive, scope: Scope, names: Sequence[str]) -> ProgrammeDetails:
        details = cls()
        if not names:
            return details

        def rows(sql: str, **parts: str) -> list[sqlite3.Row]:
            return scope.rows(archive, sql.format(names=_marks(names), **parts), names)

        for name, value, count in rows(THEMES):
            details.themes[name][value] += count
        for name, value, count in rows(PROVINCES):
            details.provinces[name][value] += count
        for name, county, count, primary, _ in rows(COUNTIES):
            details.counties[name][county] += count
            details.county_regions[name][county] = region_object(_loads(primary)) or {}
        details.first = {row[0]: _dated(row) for row in rows(DATED, pick="MIN")}
        details.last = {row[0]: _dated(row) for row in rows(DATED, pick="MAX")}
        return details

    def entry(self, count: ProgrammeCount, regions: RegionIndex) -> dict[str, Any]:
        name = count.name
        return {
            "name": name,
            "kind": count.kind,
            "themes": value_counts(self.themes[name]),
            "provinces": place_counts(self.provinces[name], regions.province),
            "counties": place_counts(self.counties[name], self.county_regions[name].get),
            "articles": count.articles,
            "mentions": count.mentions,
            "first": self.first.get(name),
            "last": self.last.get(name),
        }


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else None


def _dated(row: Any) -> dict[str, Any]:
    return {"date": row[1], "article": ArticleFacts.from_row(row).ref()}


def catalogue_entries(archive: Archive, scope: Scope, regions: RegionIndex,
                      shown: Sequence[ProgrammeCount]) -> list[dict[str, Any]]:
    """The catalogue entries of the programmes ``shown``, in their order."""
    details = ProgrammeDetails.read(archive, scope, [c.name for c in shown])
    return [details.entry(count, regions) for count in shown]


def catalogue_entry(archive: Archive, scope: Scope, regions: RegionIndex,
                    name: str) -> dict[str, Any] | None:
    """One programme's entry, as the catalogue of the same scope has it."""
    count = programme_counts(archive, scope, names=(name,)).get(name)
    return catalogue_entries(archive, scope, regions, [count])[0] if count else None


MENTIONS = f"""
SELECT {ARTICLE_COLUMNS}, m.span_start, m.span_end, m.context
FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
JOIN entity_articles e ON e.article_id = m.article_id
WHERE m.name = ? AND m.span_start IS NOT NULL
ORDER BY e.date_key, m.article_id, m.entry, m.mention
"""


def programme_mentions(archive: Archive, scope: Scope, name: str) -> list[dict[str, Any]]:
    """Every mention of the programme: its article, its place, the words around it."""
    facts: dict[str, ArticleFacts] = {}
    rows = []
    for row in scope.rows(archive, MENTIONS, (name,)):
        article = facts.get(row["article_id"])
        if article is None:
            article = facts[row["article_id"]] = ArticleFacts.from_row(row)
        rows.append({
            "article": article.ref(),
            "region": region_object(article.primary_region),
            "context": row["context"],
            "start": row["span_start"], "end": row["span_end"],
        })
    return rows


def mentions_by_province(mentions: list[dict[str, Any]], regions: RegionIndex,
                         limit: int = MENTIONS_SHOWN) -> list[dict[str, Any]]:
    """Mentions grouped by the province of their article, busiest province first; the
    newest ``limit`` of each ("count" says how many there are; export has them all)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for mention in mentions:
        province = (mention["region"] or {}).get("province") or "未知地区"
        groups.setdefault(province, []).append(mention)
    ranked = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))
    return [
        {"value": province, "count": len(rows), "region": regions.province(province),
         "mentions": sorted(rows, key=lambda r: r["article"]["date"] or "", reverse=True)[:limit]}
        for province, rows in ranked
    ]
