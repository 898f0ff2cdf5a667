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
from api.analytics.scope import ScopedArticle, article_ref, context
from api.schemas import region_object

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

    def add(self, scoped: ScopedArticle, programme: dict[str, Any]) -> None:
        self.articles += 1
        self.mentions += max(1, len(programme.get("mentions") or []))
        if programme.get("kind"):
            self.kinds[programme["kind"]] += 1
        self.themes.update(scoped.extraction.get("themes") or [])
        self._add_place(scoped)
        self._add_date(scoped)

    def _add_place(self, scoped: ScopedArticle) -> None:
        primary = scoped.primary_region
        provinces = [primary["province"]] if primary and primary.get("province") \
            else scoped.doc.get("province") or []
        self.provinces.update(provinces)
        if primary and primary.get("level") == "county" and primary.get("county"):
            self.counties[primary["county"]] += 1
            self.county_regions[primary["county"]] = region_object(primary) or {}

    def _add_date(self, scoped: ScopedArticle) -> None:
        date = scoped.article.date
        if not date:
            return
        ref = article_ref(scoped)
        if self.first is None or date < self.first[0]:
            self.first = (date, ref)
        if self.last is None or date > self.last[0]:
            self.last = (date, ref)

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


def tally_programmes(scoped: Iterable[ScopedArticle]) -> dict[str, ProgrammeTally]:
    tallies: dict[str, ProgrammeTally] = {}
    for item in scoped:
        for programme in _distinct_programmes(item.extraction):
            name = programme["name"]
            tallies.setdefault(name, ProgrammeTally(name)).add(item, programme)
    return tallies


def _distinct_programmes(extraction: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for programme in extraction.get("programmes") or []:
        if programme.get("name"):
            seen.setdefault(programme["name"], programme)
    return list(seen.values())


def programme_catalogue(
    scoped: Iterable[ScopedArticle], regions: RegionIndex,
    kind: str | None = None, name: str = "",
) -> list[dict[str, Any]]:
    """Catalogue entries, most widely reported first; ``name`` matches part of a name."""
    entries = [tally.entry(regions) for tally in tally_programmes(scoped).values()]
    entries = [e for e in entries if (kind is None or e["kind"] == kind) and name in e["name"]]
    return sorted(entries, key=lambda e: (-e["articles"], -e["mentions"], e["name"]))


def kind_counts(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return value_counts(Counter(e["kind"] for e in entries if e["kind"]))


def programme_mentions(scoped: Iterable[ScopedArticle], name: str) -> list[dict[str, Any]]:
    """Every mention of the programme: its article, its place, the words around it."""
    rows = []
    for item in scoped:
        text = item.article.text
        for programme in item.extraction.get("programmes") or []:
            if programme.get("name") != name:
                continue
            for start, end in _spans(programme):
                rows.append({
                    "article": article_ref(item),
                    "region": region_object(item.primary_region),
                    "context": context(text, start, end),
                    "start": start, "end": end,
                })
    return rows


def _spans(programme: dict[str, Any]) -> list[tuple[int, int]]:
    return [(int(m[0]), int(m[1])) for m in programme.get("mentions") or [] if len(m) >= 2]


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

