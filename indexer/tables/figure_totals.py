"""The ledger's counts over the whole archive and per province, kept as articles come and go.

The ledger's first screen counts its figures per metric and unit and the comparison
groups whose ranges cannot all hold; over a million articles each is a scan of every
figure. ``figure_totals`` keeps them per *part* of the ledger, a part being what a
search without words or dates selects: ``counted`` 'printings' (the figures of every
canonical article) or 'stories' (leaving out the printings that are not their story's
lead, as ``count=stories`` does), and ``province`` '' (all of those) or one province
(the figures about it whose article has it among its province facets: what a search
filtered by that one province selects, ``ledger_selection``'s ``f.province``).

The figure check counts the figures about a claim (its metrics, change, unit, and
province if it names one) and how many of them have a range that meets the claim's:
``figure_ranges`` holds those figures per distinct range, so the count reads a row per
range of values the archive gives, not a row per figure (kept for the parts without a
province: a check filtered by province is counted by query).

An article's share is what its own rows count, added when its rows are written and taken
away before they are deleted (``indexer.tables.write``), so the totals equal the queries
by construction. Whether a group conflicts (``MAX(low) > MIN(high)`` over more than one
member, ``indexer.tables.figures.CONFLICTING``) is not a sum, and a maximum cannot be
taken back: for each group the article has a figure in, its members are read (one probe
of the ``figures_group`` index, which holds what decides it) and the group's state with
and without the article says whether its metric and unit's ``conflicting`` count gains
or loses one. A figure's story lead is its index document's (``story_lead``): when a
new printing takes a story's lead, ``indexer.stories`` has the printings whose flag
changed indexed again, which derives their rows again in the same pass, so the totals
follow the stories as the index does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indexer.archive import Archive
from indexer.search.query import SearchQuery, date_bounds
from indexer.search.validation import check_query
from indexer.tables.schema import ensure_readable

COUNTED = ("printings", "stories")


@dataclass(frozen=True)
class Part:
    """A part of the ledger the totals are kept for."""

    counted: str  # 'printings' or 'stories'
    province: str = ""  # '' for every figure

    def holds(self, story_lead: int, province: str | None, faceted: int) -> bool:
        """Whether a canonical article's figure is in this part."""
        return ((self.counted == "printings" or bool(story_lead))
                and (not self.province or (bool(faceted) and province == self.province)))


def ledger_part(query: SearchQuery) -> Part | None:
    """The part a search's ledger is, when it is one: no words, no dates, no filter but
    at most one province. Other searches are counted by query."""
    check_query(query)
    if query.text.strip() or date_bounds(query) != (None, None):
        return None
    filters = query.active_filters()
    if not filters:
        return Part(query.count)
    if filters.keys() == {"province"} and len(filters["province"]) == 1:
        return Part(query.count, filters["province"][0])
    return None


# -- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """One row of the totals: a metric and unit ('' for none) of a part."""

    metric: str
    unit: str
    figures: int
    conflicting: int  # comparison groups of this metric and unit that conflict


def part_totals(archive: Archive, part: Part) -> list[Total]:
    ensure_readable(archive)
    rows = archive.db.execute(
        "SELECT metric, unit, figures, conflicting FROM figure_totals"
        " WHERE counted = ? AND province = ?", (part.counted, part.province))
    return [Total(*row) for row in rows]


def narrowed_totals(totals: Iterable[Total], metric: str = "", unit: str = "") -> list[Total]:
    """The totals of figures whose metric contains ``metric``, in ``unit`` (as
    ``indexer.tables.figures.narrowed`` selects them; '' for no condition)."""
    return [t for t in totals if (not metric or (t.metric and metric in t.metric))
            and (not unit or t.unit == unit)]


def metrics_meeting(totals: Iterable[Total], metric: str) -> list[str]:
    """The part's metrics that contain ``metric`` or are contained in it (what the figure
    check reads as about the same thing, ``indexer.tables.figures.about``)."""
    return sorted({t.metric for t in totals if t.metric and metric
                   and (metric in t.metric or t.metric in metric)})


def count_claim(archive: Archive, counted: str, metrics: Sequence[str], change: str,
                unit: str | None, province: str | None, low: float | None,
                high: float | None) -> dict[str, tuple[int, int]]:
    """Metric -> (figures about a claim, how many meet its range [low, high]; high None:
    no limit, low None: no range, so none), for the metrics that have such figures, as
    ``indexer.tables.figures.about`` selects them from the part ``counted`` of every
    figure: one of ``metrics``, ``change`` ('' for none), ``unit`` or none if given,
    ``province`` if given."""
    if not metrics:
        return {}
    where = [f"counted = ? AND province = ? AND metric IN ({','.join('?' * len(metrics))})"
             " AND change = ?"]
    params: list = [counted, province or "", *metrics, change]
    if unit:
        where.append("unit IN ('', ?)")
        params.append(unit)
    meets = "0" if low is None else "high >= ?" + ("" if high is None else " AND low <= ?")
    bounds = [] if low is None else [low] if high is None else [low, high]
    ensure_readable(archive)
    rows = archive.db.execute(
        f"SELECT metric, SUM(figures), COALESCE(SUM(CASE WHEN {meets} THEN figures END), 0)"
        f" FROM figure_ranges WHERE {' AND '.join(where)} GROUP BY metric",
        (*bounds, *params))
    return {metric: (total, meeting) for metric, total, meeting in rows}


def column_totals(totals: Iterable[Total], column: str) -> dict[str, int]:
    """Figures per metric or unit, among those with one (``column_counts``)."""
    counts: dict[str, int] = defaultdict(int)
    for total in totals:
        value = getattr(total, column)
        if value:
            counts[value] += total.figures
    return dict(counts)


# -- keeping ---------------------------------------------------------------------------

ROWS = ("SELECT metric, unit, change, place, year, province, story_lead, faceted, low, high"
        " FROM figures WHERE article_id = ? AND canonical = 1")
# One comparison group's members (figures_group: the members and what decides a conflict).
MEMBERS = """
SELECT article_id = ? AS mine, story_lead, province, faceted, low, high FROM figures
WHERE metric = ? AND place = ? AND year = ? AND COALESCE(unit, '') = ?
  AND COALESCE(change, '') = ? AND canonical = 1
"""
UPSERT = """
INSERT INTO figure_totals VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (counted, province, metric, unit) DO UPDATE
SET figures = figures + excluded.figures, conflicting = conflicting + excluded.conflicting
"""
EMPTIED = ("DELETE FROM figure_totals WHERE counted = ? AND province = ? AND metric = ?"
           " AND unit = ? AND figures = 0")
RANGES_UPSERT = """
INSERT INTO figure_ranges VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (counted, metric, change, unit, province, low, high) DO UPDATE
SET figures = figures + excluded.figures
"""
RANGES_EMPTIED = ("DELETE FROM figure_ranges WHERE counted = ? AND metric = ? AND change = ?"
                  " AND unit = ? AND province = ? AND low = ? AND high = ? AND figures = 0")

Key = tuple[str, str, str, str]  # counted, province, metric, unit
Group = tuple[str, str, str, str, str]  # metric, place, year, unit, change
# counted, metric, change, unit, province, low, high
Range = tuple[str, str, str, str, str, float, float]


def add_figures(archive: Archive, article_id: str) -> None:
    """Add the article's share of the totals (its rows are in)."""
    totals, ranges = shares(archive, article_id)
    _apply(archive, totals, ranges, 1)


def take_away_figures(archive: Archive, article_id: str) -> None:
    """Take the article's share away (before its rows go)."""
    totals, ranges = shares(archive, article_id)
    _apply(archive, totals, ranges, -1)
    archive.db.executemany(EMPTIED, list(totals))
    archive.db.executemany(RANGES_EMPTIED, list(ranges))


def _apply(archive: Archive, totals: dict[Key, list[int]], ranges: dict[Range, int],
           sign: int) -> None:
    archive.db.executemany(UPSERT, [(*key, sign * figures, sign * conflicting)
                                    for key, (figures, conflicting) in totals.items()])
    archive.db.executemany(RANGES_UPSERT, [(*key, sign * figures)
                                           for key, figures in ranges.items()])


def shares(archive: Archive, article_id: str
           ) -> tuple[dict[Key, list[int]], dict[Range, int]]:
    """What the article adds: (counted, province, metric, unit) -> [figures, conflicting
    groups], the groups being those that conflict with it and would not without it; and
    its figures that say what they count per range (``figure_ranges``)."""
    shared: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    ranges: dict[Range, int] = defaultdict(int)
    groups: dict[Group, set[Part]] = defaultdict(set)
    for metric, unit, change, place, year, province, lead, faceted, low, high in \
            archive.db.execute(ROWS, (article_id,)).fetchall():
        parts = parts_of(lead, province, faceted)
        for part in parts:
            shared[(part.counted, part.province, metric or "", unit or "")][0] += 1
            if metric and not part.province:
                for place_of in {"", province or ""}:
                    ranges[(part.counted, metric, change or "", unit or "", place_of, low,
                            math.inf if high is None else high)] += 1
        if metric and place and year:  # comparable (COMPARABLE)
            groups[(metric, place, year, unit or "", change or "")].update(parts)
    for group, parts in groups.items():
        members = archive.db.execute(MEMBERS, (article_id, *group)).fetchall()
        for part in parts:
            held = [m for m in members if part.holds(m["story_lead"], m["province"],
                                                     m["faceted"])]
            gained = conflicts(held) - conflicts([m for m in held if not m["mine"]])
            if gained:
                shared[(part.counted, part.province, group[0], group[3])][1] += gained
    return dict(shared), dict(ranges)


def parts_of(story_lead: int, province: str | None, faceted: int) -> list[Part]:
    """The parts a canonical article's figure is in."""
    provinces = ["", *([province] if province and faceted else [])]
    return [part for counted in COUNTED for name in provinces
            if (part := Part(counted, name)).holds(story_lead, province, faceted)]


def conflicts(members: Sequence[dict]) -> int:
    """1 when the members' ranges cannot all hold, as ``CONFLICTING`` reads it: more
    than one, and the highest low above the lowest high (a NULL high has no limit)."""
    highs = [m["high"] for m in members if m["high"] is not None]
    return int(len(members) > 1 and bool(highs) and max(m["low"] for m in members) > min(highs))
