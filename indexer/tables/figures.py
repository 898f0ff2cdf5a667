"""Reading the figures table: selections of a scope's figures, their counts and rows.

A ``Selection`` is the figures of a scope narrowed by SQL conditions on ``f`` (the
figure) and ``e`` (its article); counting, ordering, paging and finding the groups
whose ranges cannot all hold happen in SQL, and only the rows read become objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.archive import Archive
from indexer.tables.articles import ARTICLE_COLUMNS, ArticleFacts, loads
from indexer.tables.scope import Scope

IN_SCOPE = ("FROM scope JOIN figures f ON f.article_id = scope.article_id"
            " JOIN entity_articles e ON e.article_id = f.article_id")
COLUMNS = (f"{ARTICLE_COLUMNS}, f.seq, f.value, f.unit, f.qualifier, f.change, f.metric,"
           " f.text, f.phrase, f.sentence, COALESCE(f.region, e.primary_region) AS region,"
           " f.low, f.high")
NEWEST_FIRST = "e.date_key DESC, f.article_id, f.seq"  # the order of a search without words
OLDEST_FIRST = "e.date_key ASC, f.article_id, f.seq"
# By metric, place, date and value; as Python sorts, with None as "".
LEDGER_ORDER = ("COALESCE(f.metric, ''), COALESCE(f.adcode, ''), COALESCE(e.date, ''), f.value, "
                + NEWEST_FIRST)
# Two figures are about the same thing when these agree: metric, place, year, unit, change.
COMPARISON_KEY = "f.metric, f.place, e.year, COALESCE(f.unit, ''), COALESCE(f.change, '')"
CONFLICTING = (f"GROUP BY {COMPARISON_KEY}"
               " HAVING COUNT(*) > 1 AND MAX(f.low) > MIN(f.high)")  # NULL high: no limit
COMPARABLE = ("COALESCE(f.metric, '') != '' AND COALESCE(f.place, '') != ''"
              " AND COALESCE(e.year, '') != ''")


@dataclass(frozen=True)
class Selection:
    """Figures of a scope, narrowed by SQL conditions on ``f`` (figure) and ``e`` (article)."""

    scope: Scope
    conditions: tuple[str, ...] = ()
    params: tuple[Any, ...] = ()

    def where(self, condition: str, *params: Any) -> Selection:
        return Selection(self.scope, (*self.conditions, condition), (*self.params, *params))

    def sql(self, select: str, tail: str = "") -> str:
        where = f" WHERE {' AND '.join(self.conditions)}" if self.conditions else ""
        return f"SELECT {select} {IN_SCOPE}{where} {tail}"

    def rows(self, archive: Archive, select: str, tail: str = "",
             params: Sequence[Any] = ()) -> list[Any]:
        return self.scope.rows(archive, self.sql(select, tail), (*self.params, *params))


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


def narrowed(selection: Selection, metric: str = "", unit: str = "") -> Selection:
    """Figures whose metric contains ``metric``, in ``unit``."""
    if metric:
        selection = selection.where("instr(f.metric, ?) > 0", metric)
    if unit:
        selection = selection.where("f.unit = ?", unit)
    return selection


def with_metrics(selection: Selection, metrics: Sequence[str]) -> Selection:
    """Figures whose metric is one of ``metrics``."""
    return selection.where(f"f.metric IN ({_marks(metrics)})", *metrics)


def in_province(selection: Selection, province: str) -> Selection:
    """Figures about ``province`` that say what they count."""
    return selection.where("COALESCE(f.metric, '') != '' AND f.province = ?", province)


def about(selection: Selection, metric: str, unit: str | None, change: str | None,
          province: str | None) -> Selection:
    """Figures about the same thing as a claim: metric (one contains the other), unit if
    both have one, change, and the claim's province if it names one."""
    if not metric:
        return selection.where("0")
    selection = selection.where(
        "COALESCE(f.metric, '') != '' AND (instr(f.metric, ?) > 0 OR instr(?, f.metric) > 0)",
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
    values = ",".join("(?,?,?,?,?)" for _ in keys)
    return selection.where(COMPARABLE).where(
        f"({COMPARISON_KEY}) IN (VALUES {values})", *(part for key in keys for part in key))


def in_range(selection: Selection, low: float, high: float | None) -> Selection:
    """Figures whose range meets [low, high] (high None: no upper limit)."""
    selection = selection.where("(f.high IS NULL OR f.high >= ?)", low)
    return selection if high is None else selection.where("f.low <= ?", high)


def count_conflicting_groups(archive: Archive, selection: Selection) -> int:
    """How many groups of the selection hold figures whose ranges cannot all be right."""
    groups = selection.where(COMPARABLE).sql("1", CONFLICTING)
    return selection.scope.rows(archive, f"SELECT COUNT(*) FROM ({groups})",
                                selection.params)[0][0]


def count_figures(archive: Archive, selection: Selection) -> int:
    return selection.rows(archive, "COUNT(*)")[0][0]


def column_counts(archive: Archive, selection: Selection, column: str) -> dict[str, int]:
    """How many figures have each value of ``column`` (metric, unit), among those with one."""
    rows = selection.where(f"COALESCE(f.{column}, '') != ''").rows(
        archive, f"f.{column}, COUNT(*)", f"GROUP BY f.{column}")
    return dict(rows)  # type: ignore[arg-type]


def figure_rows(archive: Archive, selection: Selection, order: str = NEWEST_FIRST,
                limit: int = -1, offset: int = 0) -> Iterator[FigureRow]:
    """The selection's figures in ``order``, read as they are consumed."""
    sql = selection.sql(COLUMNS, f"ORDER BY {order} LIMIT ? OFFSET ?")
    article: ArticleFacts | None = None
    for row in selection.scope.cursor(archive, sql, (*selection.params, limit, offset)):
        if article is None or article.id != row["article_id"]:
            article = ArticleFacts.from_row(row)
        yield FigureRow(
            article, row["seq"], row["value"], row["unit"], row["qualifier"], row["change"],
            row["metric"], row["text"], row["phrase"], row["sentence"], loads(row["region"]),
            row["low"], row["high"],
        )
