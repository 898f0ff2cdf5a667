"""The programme catalogue: every named initiative, where and when it appears.

A programme is placed where the article that mentions it is about (its primary
region): a report on 民乐县's 三级对话 counts for 甘肃省 and 民乐县.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from api.analytics.counting import place_counts, value_counts
from api.analytics.places import RegionIndex
from api.schemas import region_object
from indexer.archive import Archive
from indexer.tables import programmes as table
from indexer.tables.programme_details import Details, programme_details
from indexer.tables.scope import Scope

MENTIONS_SHOWN = 20  # per province on a programme's page
UNKNOWN_PLACE = "未知地区"
# Counties listed per programme in a catalogue page (the programme's page and the CSV list
# all): a national programme is reported from thousands of counties.
COUNTIES_LISTED = 10


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


def programme_counts(archive: Archive, scope: Scope,
                     names: Sequence[str] = ()) -> dict[str, ProgrammeCount]:
    """Every programme of the scope, or those of ``names``."""
    counts: dict[str, ProgrammeCount] = {}
    for row in table.programme_rows(archive, scope, names):
        count = counts.setdefault(row.name, ProgrammeCount(row.name))
        count.articles += row.articles
        count.mentions += row.mentions
        if row.kind:
            count.kinds[row.kind] += row.articles
    return counts


def ranked_programmes(archive: Archive, scope: Scope, kind: str | None = None,
                      name: str = "") -> list[ProgrammeCount]:
    """The catalogue's programmes, most widely reported first; ``name`` matches part of a name."""
    counts = programme_counts(archive, scope).values()
    chosen = [c for c in counts if (kind is None or c.kind == kind) and name in c.name]
    return sorted(chosen, key=lambda c: (-c.articles, -c.mentions, c.name))


def kind_counts(ranked: Sequence[ProgrammeCount]) -> list[dict[str, Any]]:
    return value_counts(Counter(c.kind for c in ranked if c.kind))


# -- the details of the programmes shown ---------------------------------------------


@dataclass
class ProgrammeDetails:
    """Themes, places, first and last mention of a few programmes, by name."""

    themes: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    provinces: defaultdict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))
    counties: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # Each county's row, whose region is read only if the county is listed.
    county_rows: defaultdict[str, dict[str, table.CountyCount]] = field(
        default_factory=lambda: defaultdict(dict))
    first: dict[str, dict[str, Any]] = field(default_factory=dict)
    last: dict[str, dict[str, Any]] = field(default_factory=dict)
    county_numbers: dict[str, int] = field(default_factory=dict)  # when not all were read

    @classmethod
    def read(cls, archive: Archive, scope: Scope, names: Sequence[str],
             counties: int | None = None) -> ProgrammeDetails:
        """``counties``: each programme's most reported so many counties are read."""
        details = cls()
        if not names:
            return details
        return details.counted(programme_details(archive, scope, names, counties))

    def counted(self, read: Details) -> ProgrammeDetails:
        """These details, counted from what the tables read."""
        for row in read.themes:
            self.themes[row.name][row.value] += row.count
        for row in read.provinces:
            self.provinces[row.name][row.value] += row.count
        for county in read.counties:
            self.counties[county.name][county.county] += county.count
            self.county_rows[county.name][county.county] = county
        self.first, self.last = _dated(read.first), _dated(read.last)
        self.county_numbers = read.county_numbers or {}
        return self

    def entry(self, count: ProgrammeCount, regions: RegionIndex,
              counties: int | None = None) -> dict[str, Any]:
        """The programme's entry; ``counties``: list only the most frequent so many."""
        name = count.name
        county_counts = self.counties[name]
        if counties is not None:  # the cut as the list is ordered: by count, then name
            county_counts = Counter(dict(heapq.nsmallest(
                counties, county_counts.items(), key=lambda item: (-item[1], item[0]))))
        return {
            "name": name,
            "kind": count.kind,
            "themes": value_counts(self.themes[name]),
            "provinces": place_counts(self.provinces[name], regions.province),
            "counties": place_counts(county_counts, self._county_region(name)),
            "county_count": self.county_numbers.get(name, len(self.counties[name])),
            "articles": count.articles,
            "mentions": count.mentions,
            "first": self.first.get(name),
            "last": self.last.get(name),
        }


    def _county_region(self, name: str) -> Callable[[str], dict[str, Any]]:
        rows = self.county_rows[name]
        return lambda county: region_object(rows[county].region) or {}


def _dated(rows: list[table.DatedArticle]) -> dict[str, dict[str, Any]]:
    return {row.name: {"date": row.date, "article": row.article.ref()} for row in rows}


def catalogue_entries(archive: Archive, scope: Scope, regions: RegionIndex,
                      shown: Sequence[ProgrammeCount],
                      counties: int | None = None) -> list[dict[str, Any]]:
    """The catalogue entries of the programmes ``shown``, in their order, each listing its
    ``counties`` most frequent counties (all when None)."""
    details = ProgrammeDetails.read(archive, scope, [c.name for c in shown], counties)
    return [details.entry(count, regions, counties) for count in shown]


def catalogue_entry(archive: Archive, scope: Scope, regions: RegionIndex,
                    name: str) -> dict[str, Any] | None:
    """One programme's entry, as the catalogue of the same scope has it."""
    count = programme_counts(archive, scope, names=(name,)).get(name)
    return catalogue_entries(archive, scope, regions, [count])[0] if count else None


def named_scope(name: str) -> Scope:
    """The articles naming ``name`` in the catalogue's tables: a programme's, and a
    facility kind's too (工会驿站, 职工书屋: no search facet holds those, the tables do)."""
    return Scope("SELECT e.article_id FROM entity_articles e WHERE e.canonical = 1 AND "
                 "e.article_id IN (SELECT article_id FROM article_programmes WHERE name = ?)",
                 (name,), programmes=(name,))


def programme_mentions(archive: Archive, scope: Scope, name: str) -> list[dict[str, Any]]:
    """Every mention of the programme: its article, its place, the words around it."""
    return [_mention(mention) for mention in table.programme_mentions(archive, scope, name)]


def _mention(mention: table.Mention) -> dict[str, Any]:
    return {
        "article": mention.article.ref(),
        "region": region_object(mention.article.primary_region),
        "context": mention.context,
        "start": mention.start, "end": mention.end,
    }


def mentions_by_province(archive: Archive, scope: Scope, name: str, regions: RegionIndex,
                         limit: int = MENTIONS_SHOWN) -> list[dict[str, Any]]:
    """Mentions grouped by the province of their article, busiest province first; the
    newest ``limit`` of each ("count" says how many there are; export has them all)."""
    groups = table.newest_mentions_by_province(archive, scope, name, limit)
    ranked = sorted(groups, key=lambda g: (-g.count, g.province or UNKNOWN_PLACE))
    return [
        {"value": group.province or UNKNOWN_PLACE, "count": group.count,
         "region": regions.province(group.province or UNKNOWN_PLACE),
         "mentions": [_mention(mention) for mention in group.newest]}
        for group in ranked
    ]


def ordered_programmes(archive: Archive, scope: Scope, ranked: list[ProgrammeCount],
                       order: str) -> list[ProgrammeCount]:
    """``ranked`` (most widely reported first) in ``order``: ``articles`` as it is, ``name``,
    ``newest`` (latest mention first) or ``oldest`` (earliest first mention first). A
    programme whose articles have no date goes last; ties keep the ranking."""
    if order == "name":
        return sorted(ranked, key=lambda c: c.name)
    if order not in ("newest", "oldest"):
        return ranked
    names = [c.name for c in ranked]
    dates = {row.name: row.date or "" for row in
             table.programme_dates(archive, scope, names, last=order == "newest")} if names else {}
    dated = [c for c in ranked if dates.get(c.name)]
    undated = [c for c in ranked if not dates.get(c.name)]
    dated.sort(key=lambda c: dates[c.name], reverse=order == "newest")
    return dated + undated
