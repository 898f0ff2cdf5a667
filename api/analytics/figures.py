"""The figure ledger: every numeric claim with its place, date and source sentence.

Two figures conflict when they count the same thing (metric and unit) for the same
place in the same year, and no value could satisfy both once their qualifiers are
read as ranges: 7100多 is 7100–7199, 6万以上 is 60000 or more, 近300 is a little
under 300. Figures of change (下降60%) are only compared with the same change.

Rows come from the archive's ``figures`` table, where each figure's place and range
were worked out when it was stored: counting, filtering, ordering, paging and finding
the groups that conflict happen in SQL, and only the rows shown become objects.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from api.analytics.counting import value_counts
from api.analytics.scope import ARTICLE_COLUMNS, ArticleFacts, Scope
from api.schemas import region_object
from indexer.archive import Archive
from indexer.entity_tables import value_range

IN_SCOPE = ("FROM scope JOIN figures f ON f.article_id = scope.article_id"
            " JOIN entity_articles e ON e.article_id = f.article_id")
COLUMNS = (f"{ARTICLE_COLUMNS}, f.seq, f.value, f.unit, f.qualifier, f.change, f.metric,"
           " f.text, f.phrase, f.sentence, f.region, f.low, f.high")
NEWEST_FIRST = "e.date_key DESC, f.article_id, f.seq"  # the order of a search without words
# By metric, place, date and value; as Python sorts, with None as "".
LEDGER_ORDER = ("COALESCE(f.metric, ''), COALESCE(f.adcode, ''), COALESCE(e.date, ''), f.value, "
                + NEWEST_FIRST)
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


def count_figures(archive: Archive, selection: Selection) -> int:
    return selection.rows(archive, "COUNT(*)")[0][0]


def counts_of(archive: Archive, selection: Selection, column: str) -> list[dict[str, Any]]:
    """``{value, count}`` of a column (metric, unit) over the figures that have one."""
    rows = selection.where(f"COALESCE(f.{column}, '') != ''").rows(
        archive, f"f.{column}, COUNT(*)", f"GROUP BY f.{column}")
    return value_counts(dict(rows))  # type: ignore[arg-type]


def figure_rows(archive: Archive, selection: Selection, order: str = NEWEST_FIRST,
                limit: int = -1, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Ledger rows in ``order``, read as they are consumed."""
    sql = selection.sql(COLUMNS, f"ORDER BY {order} LIMIT ? OFFSET ?")
    article: ArticleFacts | None = None
    for row in selection.scope.cursor(archive, sql, (*selection.params, limit, offset)):
        if article is None or article.id != row["article_id"]:
            article = ArticleFacts.from_row(row)
        yield _row(row, article)


def _row(row: Mapping[str, Any], article: ArticleFacts) -> dict[str, Any]:
    return {
        "id": f"{article.id}:{row['seq']}",
        "value": row["value"],
        "unit": row["unit"],
        "qualifier": row["qualifier"],
        "change": row["change"],
        "metric": row["metric"],
        "text": row["text"],
        "phrase": row["phrase"],
        "sentence": row["sentence"],
        "region": region_object(json.loads(row["region"])) if row["region"] else None,
        "date": article.date,
        "period": article.year,
        "article": article.ref(),
        "range": [row["low"], row["high"]],
        "conflict": False,
        "conflicts_with": [],
    }


# -- conflicts ---------------------------------------------------------------------------


def find_conflicts(archive: Archive, selection: Selection, order: str = LEDGER_ORDER
                   ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The rows of the selection that conflict with another, by id, and the conflicts.

    SQL finds the groups where some value is above another's range (the highest
    low above the lowest high); only their members are read and paired.
    """
    comparable = selection.where(COMPARABLE)
    groups = comparable.sql(COMPARISON_KEY, CONFLICTING)
    members = comparable.where(f"({COMPARISON_KEY}) IN ({groups})", *comparable.params)
    rows = list(figure_rows(archive, members, order))
    conflicts = flag_conflicts(rows)
    return {row["id"]: row for row in rows if row["conflict"]}, conflicts


def ranges_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def comparison_key(row: Mapping[str, Any]) -> tuple | None:
    """What must agree for two figures to be about the same thing; None: not comparable."""
    region = row["region"] or {}
    place = region.get("adcode") or region.get("name")
    if not row["metric"] or not place or not row["period"]:
        return None
    return (row["metric"], place, row["period"], row["unit"] or "", row["change"] or "")


def flag_conflicts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark rows that disagree with another row of their group; return the groups."""
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        key = comparison_key(row)
        if key is not None:
            groups.setdefault(key, []).append(row)
    conflicts = []
    for members in groups.values():
        if _mark_pairs(members):
            conflicts.append(_conflict(members))
    return conflicts


def _mark_pairs(members: list[dict[str, Any]]) -> bool:
    """Mark each member with the others whose range its own does not meet, in member order."""
    spans = [_range(m) for m in members]
    if max(low for low, _ in spans) <= min(high for _, high in spans):
        return False  # every range meets every other
    for member, (low, high) in zip(members, spans, strict=True):
        others = [other["id"] for other, (o_low, o_high) in zip(members, spans, strict=True)
                  if o_high < low or o_low > high]
        if others:
            member["conflict"] = True
            member["conflicts_with"].extend(others)
    return True


def _range(row: Mapping[str, Any]) -> tuple[float, float]:
    low, high = row["range"]
    return low, math.inf if high is None else high


def _conflict(members: list[dict[str, Any]]) -> dict[str, Any]:
    first = members[0]
    return {
        "metric": first["metric"], "region": first["region"], "period": first["period"],
        "unit": first["unit"],
        "rows": [m["id"] for m in members],
        "values": [m["phrase"] or m["value"] for m in members],
    }


# -- checking a figure -------------------------------------------------------------------


def claim_from_extraction(extraction: Mapping[str, Any]) -> dict[str, Any] | None:
    """The figure a pasted phrase states, with the place it names (if any)."""
    figures = [f for f in extraction.get("figures") or []
               if isinstance(f.get("value"), int | float)]
    if not figures:
        return None
    figure = next((f for f in figures if f.get("metric")), figures[0])
    low, high = value_range(float(figure["value"]), figure.get("qualifier"))
    region = figure.get("region") if isinstance(figure.get("region"), Mapping) else None
    return {
        "value": figure["value"], "unit": figure.get("unit"), "qualifier": figure.get("qualifier"),
        "change": figure.get("change"), "metric": figure.get("metric"), "text": figure.get("text"),
        "region": region_object(region or extraction.get("primary_region")),
        "range": [low, None if math.isinf(high) else high],
    }


def claim_selection(selection: Selection, claim: Mapping[str, Any] | None,
                    text: str) -> Selection:
    """Figures about the same thing as the claim: metric (one contains the other), unit if
    both have one, change, and the claim's province if it names one.

    Without a parsed claim, the figures whose phrase or sentence contains the text.
    """
    if claim is None:
        return selection.where("(instr(f.phrase, ?) > 0 OR instr(f.sentence, ?) > 0)",
                               text, text)
    metric = claim["metric"] or ""
    if not metric:
        return selection.where("0")
    selection = selection.where(
        "COALESCE(f.metric, '') != '' AND (instr(f.metric, ?) > 0 OR instr(?, f.metric) > 0)",
        metric, metric)
    if claim["unit"]:
        selection = selection.where("(COALESCE(f.unit, '') = '' OR f.unit = ?)", claim["unit"])
    selection = selection.where("COALESCE(f.change, '') = ?", claim["change"] or "")
    province = (claim["region"] or {}).get("province")
    return selection.where("f.province = ?", province) if province else selection


def agrees(claim: Mapping[str, Any] | None, row: Mapping[str, Any]) -> bool | None:
    """Whether a row's range meets the claim's; None without a claim."""
    return None if claim is None else ranges_overlap(_range(claim), _range(row))
