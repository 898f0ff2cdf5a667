"""The figure ledger: every numeric claim with its place, date and source sentence.

Two figures conflict when they count the same thing (metric and unit) for the same
place in the same year, and no value could satisfy both once their qualifiers are
read as ranges: 7100多 is 7100–7199, 6万以上 is 60000 or more, 近300 is a little
under 300. Figures of change (下降60%) are only compared with the same change.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from api.analytics.places import RegionIndex
from api.analytics.scope import ARTICLE_COLUMNS, ArticleFacts, Scope
from api.schemas import region_object
from indexer.archive import Archive

AT_LEAST = frozenset({"以上", "超过", "超", "逾", "不少于", "至少"})
A_BIT_MORE = frozenset({"多", "余", "余个", "多个"})
NEARLY = frozenset({"近", "将近", "接近", "近乎"})
ABOUT = frozenset({"约", "大约", "左右", "上下", "约为"})
AT_MOST = frozenset({"不到", "以下", "不足", "不超过", "以内"})
ABOUT_SPREAD = 0.1  # 约 / 左右: within ten per cent


def value_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a figure allows, as a closed range (``math.inf`` when open-ended)."""
    q = qualifier or ""
    if q in AT_LEAST:
        return value, math.inf
    if q in A_BIT_MORE:
        return value, value + _step(value) * 0.999
    if q in NEARLY:
        return value * (1 - ABOUT_SPREAD), value
    if q in ABOUT:
        return value * (1 - ABOUT_SPREAD), value * (1 + ABOUT_SPREAD)
    if q in AT_MOST:
        return 0.0, value
    return value, value


def _step(value: float) -> float:
    """The unit of the last written digit: 7100 → 100, 50 → 10, 20000000 → 10000000."""
    if value <= 0:
        return 1.0
    if float(value).is_integer():
        number, step = int(value), 1
        while number % 10 == 0:
            number, step = number // 10, step * 10
        return float(step)
    decimals = len(repr(float(value)).split(".")[1])
    return 10.0 ** -decimals


def ranges_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def figure_region(row: Mapping[str, Any], article: ArticleFacts,
                  regions: RegionIndex) -> dict[str, Any] | None:
    """The place a figure is about: its own region if the NLP found one, else the article's."""
    if row["region"]:
        return region_object(json.loads(row["region"]))
    if row["region_adcode"]:
        return regions.get(row["region_adcode"])
    return region_object(article.primary_region)


# Newest article first (the order of a search without words), figures in text order.
FIGURES = f"""
SELECT {ARTICLE_COLUMNS}, f.seq, f.value, f.unit, f.qualifier, f.change, f.metric, f.text,
       f.phrase, f.sentence, f.region, f.region_adcode
FROM scope JOIN figures f ON f.article_id = scope.article_id
JOIN entity_articles e ON e.article_id = f.article_id
ORDER BY e.date_key DESC, f.article_id, f.seq
"""


def figure_rows(archive: Archive, scope: Scope,
                regions: RegionIndex) -> Iterator[dict[str, Any]]:
    """One ledger row per figure, article by article, read as they are consumed."""
    facts: dict[str, ArticleFacts] = {}
    for row in scope.cursor(archive, FIGURES):
        article = facts.get(row["article_id"])
        if article is None:
            facts.clear()  # rows come article by article: keep one
            article = facts[row["article_id"]] = ArticleFacts.from_row(row)
        yield _row(row, article, regions)


def _row(row: sqlite3.Row, article: ArticleFacts, regions: RegionIndex) -> dict[str, Any]:
    low, high = value_range(float(row["value"]), row["qualifier"])
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
        "region": figure_region(row, article, regions),
        "date": article.date,
        "period": article.year,
        "article": article.ref(),
        "range": [low, None if math.isinf(high) else high],
        "conflict": False,
        "conflicts_with": [],
    }


def select_rows(rows: list[dict[str, Any]], metric: str = "", unit: str = "",
                provinces: Iterable[str] = (), years: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Rows whose metric contains ``metric``, in ``unit``, about one of ``provinces``."""
    provinces, years = set(provinces), set(years)
    return [
        row for row in rows
        if (not metric or metric in (row["metric"] or ""))
        and (not unit or row["unit"] == unit)
        and (not provinces or (row["region"] or {}).get("province") in provinces)
        and (not years or row["period"] in years)
    ]


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
    found = False
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if not ranges_overlap(_range(a), _range(b)):
                a["conflict"] = b["conflict"] = found = True
                a["conflicts_with"].append(b["id"])
                b["conflicts_with"].append(a["id"])
    return found


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


def order_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["metric"] or "", (r["region"] or {}).get("adcode") or "",
                                       r["date"] or "", r["value"]))


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


def check_claim(claim: Mapping[str, Any] | None, rows: list[dict[str, Any]],
                text: str) -> list[dict[str, Any]]:
    """Ledger rows about the same thing as the claim, each saying whether it agrees.

    Without a parsed claim, the rows whose text or sentence contains the phrase.
    """
    if claim is None:
        return [{**r, "agrees": None} for r in rows
                if text in (r["phrase"] or "") or text in (r["sentence"] or "")]
    return [{**row, "agrees": ranges_overlap(_range(claim), _range(row))}
            for row in rows if _same_thing(claim, row)]


def _same_thing(claim: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    metric, other = claim["metric"] or "", row["metric"] or ""
    if not metric or not other or not (metric in other or other in metric):
        return False
    if claim["unit"] and row["unit"] and claim["unit"] != row["unit"]:
        return False
    if (claim["change"] or "") != (row["change"] or ""):
        return False
    province = (claim["region"] or {}).get("province")
    return not province or (row["region"] or {}).get("province") == province
