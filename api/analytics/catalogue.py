"""The programme catalogue: every named initiative, where and when it appears.

A programme is placed where the article that mentions it is about (its primary
region): a report on 民乐县's 三级对话 counts for 甘肃省 and 民乐县.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from api.analytics.counting import place_counts, value_counts
from api.analytics.places import RegionIndex
from api.analytics.scope import ARTICLE_COLUMNS, ArticleFacts, Scope
from api.schemas import region_object
from indexer.archive import Archive

MENTIONS_SHOWN = 20  # per province on a programme's page


@dataclass
class ProgrammeTally:
    name: str
    kinds: Counter[str] = field(default_factory=Counter)
    themes: Counter[str] = field(default_factory=Counter)
    provinces: Counter[str] = field(default_factory=Counter)
    counties: Counter[str] = field(default_factory=Counter)
    county_regions: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: int = 0
    mentions: int = 0
    first: tuple[str, dict[str, Any]] | None = None
    last: tuple[str, dict[str, Any]] | None = None

    def add(self, article: ArticleFacts, kind: str | None, mentions: int) -> None:
        self.articles += 1
        self.mentions += max(1, mentions)
        if kind:
            self.kinds[kind] += 1
        self.themes.update(article.themes)
        self._add_place(article)
        self._add_date(article)

    def _add_place(self, article: ArticleFacts) -> None:
        primary = article.primary_region
        self.provinces.update([article.province] if article.province else article.provinces)
        if primary and article.level == "county" and article.county:
            self.counties[article.county] += 1
            self.county_regions[article.county] = region_object(primary) or {}

    def _add_date(self, article: ArticleFacts) -> None:
        date = article.date
        if not date:
            return
        if self.first is None or date < self.first[0]:
            self.first = (date, article.ref())
        if self.last is None or date > self.last[0]:
            self.last = (date, article.ref())

    def entry(self, regions: RegionIndex) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kinds.most_common(1)[0][0] if self.kinds else None,
            "themes": value_counts(self.themes),
            "provinces": place_counts(self.provinces, regions.province),
            "counties": place_counts(self.counties, self.county_regions.get),
            "articles": self.articles,
            "mentions": self.mentions,
            "first": _dated(self.first),
            "last": _dated(self.last),
        }


def _dated(pair: tuple[str, dict[str, Any]] | None) -> dict[str, Any] | None:
    return {"date": pair[0], "article": pair[1]} if pair else None


# One row per programme entry of an article, newest article first (the order of a search
# without words); an article naming a programme twice counts once, with its first entry.
ENTRIES = f"""
SELECT {ARTICLE_COLUMNS}, m.entry, m.name, m.kind, COUNT(m.span_start) AS mentions
FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
JOIN entity_articles e ON e.article_id = m.article_id
{{where}}
GROUP BY m.article_id, m.entry
ORDER BY e.date_key DESC, m.article_id, m.entry
"""


def tally_programmes(archive: Archive, scope: Scope,
                     names: Iterable[str] = ()) -> dict[str, ProgrammeTally]:
    """Tallies of every programme in the scope, or of ``names`` only."""
    names = tuple(names)
    where = f"WHERE m.name IN ({','.join('?' * len(names))})" if names else ""
    tallies: dict[str, ProgrammeTally] = {}
    seen: set[tuple[str, str]] = set()
    facts: dict[str, ArticleFacts] = {}
    for row in scope.rows(archive, ENTRIES.format(where=where), names):
        if (row["article_id"], row["name"]) in seen:
            continue
        seen.add((row["article_id"], row["name"]))
        article = facts.get(row["article_id"]) or facts.setdefault(
            row["article_id"], ArticleFacts.from_row(row))
        tally = tallies.setdefault(row["name"], ProgrammeTally(row["name"]))
        tally.add(article, row["kind"], row["mentions"])
    return tallies


def programme_catalogue(
    archive: Archive, scope: Scope, regions: RegionIndex,
    kind: str | None = None, name: str = "",
) -> list[dict[str, Any]]:
    """Catalogue entries, most widely reported first; ``name`` matches part of a name."""
    entries = [tally.entry(regions) for tally in tally_programmes(archive, scope).values()]
    entries = [e for e in entries if (kind is None or e["kind"] == kind) and name in e["name"]]
    return sorted(entries, key=lambda e: (-e["articles"], -e["mentions"], e["name"]))


def catalogue_entry(archive: Archive, scope: Scope, regions: RegionIndex,
                    name: str) -> dict[str, Any] | None:
    """One programme's entry, as the catalogue of the same scope has it."""
    tally = tally_programmes(archive, scope, names=(name,)).get(name)
    return tally.entry(regions) if tally else None


def kind_counts(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return value_counts(Counter(e["kind"] for e in entries if e["kind"]))


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
        article = facts.get(row["article_id"]) or facts.setdefault(
            row["article_id"], ArticleFacts.from_row(row))
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
