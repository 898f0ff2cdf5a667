"""Reading the figures table: selections of a scope's figures, their counts and rows.

A ``Selection`` is the figures of a scope narrowed by SQL conditions on ``f`` (the
figure) and ``e`` (its article); counting, ordering, paging and finding the groups
whose ranges cannot all hold happen in SQL, and only the rows read become objects.

A selection of a part of the ledger whose counts the writer keeps
(``indexer.tables.figure_totals``: every figure, or one province's, by stories or
printings) needs no scope: its conditions are on the figure's own columns (``f.canonical``,
``f.story_lead``, ``f.faceted``), so its pages are walks of the ``figures_ledger`` and
``figures_newest`` indexes, read until the page is full, and a metric is narrowed to
the part's metrics that contain it, a list of equalities the index seeks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from indexer.archive import Archive
from indexer.tables.articles import ARTICLE_COLUMNS, ArticleFacts, loads
from indexer.tables.figure_totals import Part
from indexer.tables.schema import ensure_readable
from indexer.tables.scope import Scope

IN_SCOPE = ("FROM scope JOIN figures f ON f.article_id = scope.article_id"
            " JOIN entity_articles e ON e.article_id = f.article_id")
# A part's figures alone (its counts read nothing else), or with their articles (rows).
IN_PART = "FROM figures f"
IN_PART_ARTICLES = "FROM figures f JOIN entity_articles e ON e.article_id = f.article_id"
COLUMNS = (f"{ARTICLE_COLUMNS}, f.seq, f.value, f.unit, f.qualifier, f.change, f.metric,"
           " f.text, f.phrase, f.sentence, COALESCE(f.region, e.primary_region) AS region,"
           " f.low, f.high")
# The orders are of the figure's own copies of its article's date (as the indexes hold
# them): the same order as the article's, which a part's page walks instead of sorting.
NEWEST_FIRST = "f.date_key DESC, f.article_id, f.seq"  # the order of a search without words
OLDEST_FIRST = "f.date_key ASC, f.article_id, f.seq"
# By metric, place, date and value; as Python sorts, with None as "".
LEDGER_ORDER = ("COALESCE(f.metric, ''), COALESCE(f.adcode, ''), COALESCE(f.date, ''), f.value, "
                + NEWEST_FIRST)
# Two figures are about the same thing when these agree: metric, place, year, unit, change.
COMPARISON_KEY = "f.metric, f.place, f.year, COALESCE(f.unit, ''), COALESCE(f.change, '')"
CONFLICTING = (f"GROUP BY {COMPARISON_KEY}"
               " HAVING COUNT(*) > 1 AND MAX(f.low) > MIN(f.high)")  # NULL high: no limit
COMPARABLE = ("COALESCE(f.metric, '') != '' AND COALESCE(f.place, '') != ''"
              " AND COALESCE(f.year, '') != ''")


@dataclass(frozen=True)
class Selection:
    """Figures of a scope, narrowed by SQL conditions on ``f`` (figure) and ``e`` (article);
    without a scope, the figures the conditions select (``part_selection``)."""

    scope: Scope | None
    conditions: tuple[str, ...] = ()
    params: tuple[Any, ...] = ()
    # Found by the conditions (a few groups' equalities, ``in_groups``), each kept if its
    # article is in the scope: not a pass over the scope's figures to find a handful.
    by_conditions: bool = False

    def where(self, condition: str, *params: Any) -> Selection:
        return replace(self, conditions=(*self.conditions, condition),
                       params=(*self.params, *params))

    def sql(self, select: str, tail: str = "", articles: bool = False) -> str:
        """The SELECT; ``articles``: ``select`` reads ``e`` too (a scope's always has it)."""
        conditions = self.conditions
        if self.scope is None or self.by_conditions:
            source = IN_PART_ARTICLES if articles or self.scope is not None else IN_PART
            if self.scope is not None:  # +: not found by article, but checked
                conditions = ("+f.article_id IN (SELECT article_id FROM scope)", *conditions)
        else:
            source = IN_SCOPE
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return f"SELECT {select} {source}{where} {tail}"

    def rows(self, archive: Archive, select: str, tail: str = "",
             params: Sequence[Any] = ()) -> list[Any]:
        return self.cursor(archive, self.sql(select, tail), (*self.params, *params)).fetchall()

    def cursor(self, archive: Archive, sql: str, params: Sequence[Any] = ()) -> Any:
        """``sql`` run with its scope in reach (if it has one), read lazily."""
        if self.scope is not None:
            return self.scope.cursor(archive, sql, params)
        ensure_readable(archive)
        return archive.db.execute(sql, tuple(params))


def part_selection(part: Part, paged: bool = True) -> Selection:
    """The figures of a part of the ledger, by their own columns. ``paged``: for pages,
    whose walk of one province is ``figures_province``; else for the probes of groups
    and the counts of a claim's rows, which ``figures_group`` answers (the province
    written so that SQLite does not walk that province instead)."""
    selection = Selection(None).where("f.canonical = 1")
    if part.counted == "stories":
        selection = selection.where("f.story_lead = 1")
    if part.province:
        province = "f.province" if paged else "+f.province"
        selection = selection.where(f"{province} = ? AND f.faceted = 1", part.province)
    return selection


@dataclass(frozen=True)
class FigureRow:
    """One figure as stored: its reading, the range its qualifier allows, its article."""

    article: ArticleFacts
    seq: int  # its place in the extraction's list: ``article.id:seq`` names it
    value: int | float
    unit: str | None
    qualifier: str | None
    change: str | None
    metric: str | None
    text: str | None
    phrase: str | None
    sentence: str | None
    region: dict[str, Any] | None
    low: float
    high: float | None  # None: no upper limit (以上)


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def ledger_selection(scope: Scope, provinces: Sequence[str] = (),
                     years: Sequence[str] = ()) -> Selection:
    """The figures of the scope about one of ``provinces``, in one of ``years``."""
    selection = Selection(scope)
    if provinces:
        selection = selection.where(f"f.province IN ({_marks(provinces)})", *provinces)
    if years:
        selection = selection.where(f"e.year IN ({_marks(years)})", *years)
    return selection


def narrowed(selection: Selection, metric: str = "", unit: str = "",
             metrics: Sequence[str] | None = None) -> Selection:
    """Figures whose metric contains ``metric``, in ``unit``; ``metrics``: the metrics
    ('' for none) of the selection's figures that do, when known (a part's totals name
    them), so that a page of them is a walk of those metrics only."""
    if metrics is not None:
        selection = with_metrics(selection, metrics)
    elif metric:
        selection = selection.where("instr(f.metric, ?) > 0", metric)
    if unit:
        selection = selection.where("f.unit = ?", unit)
    return selection


def with_metrics(selection: Selection, metrics: Sequence[str], paged: bool = True) -> Selection:
    """Figures whose metric is one of ``metrics``. ``paged``: said as the ledger's order
    has it, so a page of them in that order is a walk of ``figures_ledger``; else as
    ``figures_group`` has it, so a count of them reads that index alone."""
    if not metrics:
        return selection.where("0")
    if not paged:
        return selection.where(f"f.metric IN ({_marks(metrics)})", *metrics)
    # A NULL in the list matches nothing, but keeps a list of one from being read as an
    # equality, after which SQLite sorts the rows rather than walk them in index order.
    return selection.where(f"COALESCE(f.metric, '') IN ({_marks(metrics)}, NULL)", *metrics)


def in_province(selection: Selection, province: str) -> Selection:
    """Figures about ``province`` that say what they count."""
    return selection.where("COALESCE(f.metric, '') != '' AND f.province = ?", province)


def about(selection: Selection, metric: str, unit: str | None, change: str | None,
          province: str | None, metrics: Sequence[str] | None = None,
          paged: bool = True) -> Selection:
    """Figures about the same thing as a claim: metric (one contains the other), unit if
    both have one, change, and the claim's province if it names one; ``metrics``: the
    selection's metrics that meet the claim's, when known (``paged`` as ``with_metrics``)."""
    if not metric:
        return selection.where("0")
    if metrics is not None:
        selection = with_metrics(selection, metrics, paged)
    else:
        selection = selection.where("COALESCE(f.metric, '') != ''"
                                    " AND (instr(f.metric, ?) > 0 OR instr(?, f.metric) > 0)",
                                    metric, metric)
    if unit:
        selection = selection.where("(COALESCE(f.unit, '') = '' OR f.unit = ?)", unit)
    selection = selection.where("COALESCE(f.change, '') = ?", change or "")
    return selection.where("f.province = ?", province) if province else selection


def quoting(selection: Selection, text: str) -> Selection:
    """Figures whose phrase or sentence contains ``text``."""
    return selection.where("(instr(f.phrase, ?) > 0 OR instr(f.sentence, ?) > 0)", text, text)


def in_conflicting_groups(selection: Selection) -> Selection:
    """The comparable figures of groups where some value is above another's range (the
    highest low above the lowest high): the only ones that can conflict."""
    comparable = selection.where(COMPARABLE)
    groups = comparable.sql(COMPARISON_KEY, CONFLICTING)
    return comparable.where(f"({COMPARISON_KEY}) IN ({groups})", *comparable.params)


def in_groups(selection: Selection, keys: Sequence[tuple[Any, ...]]) -> Selection:
    """The comparable figures of the groups named by ``keys`` (each a comparison key:
    metric, place, year, unit or '', change or '')."""
    if not keys:
        return selection.where("0")
    # Each group as equalities, which SQLite finds with figures_group, group by group.
    group = ("(f.metric = ? AND f.place = ? AND f.year = ? AND COALESCE(f.unit, '') = ?"
             " AND COALESCE(f.change, '') = ?)")
    found = selection.where(COMPARABLE).where(
        f"({' OR '.join(group for _ in keys)})", *(part for key in keys for part in key))
    return replace(found, by_conditions=True)


def count_agreeing(archive: Archive, selection: Selection, low: float,
                   high: float | None) -> tuple[int, int]:
    """The selection's figures, and how many of them have a range that meets [low, high]
    (high None: no upper limit), counted in one read."""
    meets = "(f.high IS NULL OR f.high >= ?)" + ("" if high is None else " AND f.low <= ?")
    bounds = (low,) if high is None else (low, high)
    sql = selection.sql(f"COUNT(*), COALESCE(SUM({meets}), 0)")
    total, meeting = selection.cursor(archive, sql, (*bounds, *selection.params)).fetchone()
    return total, meeting


# A selection's counts in one read: its figures read once (MATERIALIZED: over a scope of
# index hits, a pass over the hits' figures, which four reads made four times), each
# marked with whether the narrowing (a metric, a unit) keeps it; then counted: figures
# and conflicting groups of the narrowed, figures per metric and unit of the whole.
# The picked rows are ``f`` again, so COMPARABLE and CONFLICTING read them unchanged.
COUNTS_IN_ONE_READ = f"""
{{open}} picked AS MATERIALIZED ({{select}})
SELECT 'figures', NULL, COUNT(*) FROM picked f WHERE f.chosen
UNION ALL
SELECT 'metric', f.metric, COUNT(*) FROM picked f WHERE COALESCE(f.metric, '') != ''
GROUP BY f.metric
UNION ALL
SELECT 'unit', f.unit, COUNT(*) FROM picked f WHERE COALESCE(f.unit, '') != '' GROUP BY f.unit
UNION ALL
SELECT 'conflicting', NULL, COUNT(*) FROM (
  SELECT 1 FROM picked f WHERE f.chosen AND {COMPARABLE} {CONFLICTING})
"""
PICKED_COLUMNS = "f.metric, f.unit, f.place, f.year, f.change, f.low, f.high"


@dataclass(frozen=True)
class SelectionCounts:
    figures: int  # of the narrowed selection
    conflicting: int  # groups of the narrowed selection
    metrics: dict[str, int]  # of the whole selection, among figures with one
    units: dict[str, int]


def selection_counts(archive: Archive, selection: Selection,
                     narrowing: Selection) -> SelectionCounts:
    """The counts of a ledger page in one read: figures and conflicting groups of the
    selection narrowed by ``narrowing``'s conditions (``narrowed(Selection(None), ...)``),
    metrics and units of the whole selection."""
    kept = " AND ".join(narrowing.conditions) or "1"
    select = selection.sql(f"({kept}) AS chosen, {PICKED_COLUMNS}")
    sql = COUNTS_IN_ONE_READ.format(open="WITH" if selection.scope is None else ",", select=select)
    counted: dict[str, dict[str, int]] = {"metric": {}, "unit": {}}
    totals: dict[str, int] = {}
    for part, value, count in selection.cursor(archive, sql,
                                               (*narrowing.params, *selection.params)):
        if part in counted:
            counted[part][value] = count
        else:
            totals[part] = count
    return SelectionCounts(totals["figures"], totals["conflicting"], counted["metric"],
                           counted["unit"])


def count_figures(archive: Archive, selection: Selection) -> int:
    return selection.rows(archive, "COUNT(*)")[0][0]


@dataclass(frozen=True)
class FigureKey:
    """What groups and ranks a figure, without its words or place (``figure_keys``)."""

    article_id: str
    seq: int
    metric: str | None
    value: int | float
    unit: str  # '' for none
    change: str  # '' for none
    title: str | None  # its article's


KEY_COLUMNS = ("f.article_id, f.seq, f.metric, f.value, COALESCE(f.unit, ''),"
               " COALESCE(f.change, ''), e.title")


def figure_keys(archive: Archive, selection: Selection, order: str = NEWEST_FIRST,
                limit: int = -1) -> list[FigureKey]:
    """The selection's figures in ``order`` as keys: an analysis that ranks thousands of
    figures to show ten reads the rest of those ten alone (``named_figures``)."""
    sql = selection.sql(KEY_COLUMNS, f"ORDER BY {order} LIMIT ?", articles=True)
    return [FigureKey(*row) for row in
            selection.cursor(archive, sql, (*selection.params, limit)).fetchall()]


def named_figures(keys: Sequence[FigureKey]) -> Selection:
    """The figures of ``keys``, each found by its primary key (no scope to join: the keys
    were read from one)."""
    named = json.dumps([[key.article_id, key.seq] for key in keys])
    return Selection(None).where(
        "(f.article_id, f.seq) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))", named)


def figure_rows(archive: Archive, selection: Selection, order: str = NEWEST_FIRST,
                limit: int = -1, offset: int = 0) -> Iterator[FigureRow]:
    """The selection's figures in ``order``, read as they are consumed."""
    sql = selection.sql(COLUMNS, f"ORDER BY {order} LIMIT ? OFFSET ?", articles=True)
    article: ArticleFacts | None = None
    for row in selection.cursor(archive, sql, (*selection.params, limit, offset)):
        if article is None or article.id != row["article_id"]:
            article = ArticleFacts.from_row(row)
        yield FigureRow(
            article, row["seq"], row["value"], row["unit"], row["qualifier"], row["change"],
            row["metric"], row["text"], row["phrase"], row["sentence"], loads(row["region"]),
            row["low"], row["high"],
        )
