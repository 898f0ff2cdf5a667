"""Every table the site shows, as flat rows for a spreadsheet: each table's columns and
how one entry of its JSON becomes one row.

The JSON answers nest (a programme's provinces, a figure's article); a CSV row cannot,
so a nested object becomes a few named columns and a list one cell (``甘肃省 3; 青海省 1``).
The rows are written by the project's one CSV writer (``api.analytics.export.csv_chunks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

Row = dict[str, Any]

ARTICLE_COLUMNS = ("article_id", "article_title", "source", "page", "article_date", "url")
FIGURE_COLUMNS = ("id", "phrase", "value", "unit", "qualifier", "change", "metric", "region",
                  "province", "date", "period", "conflict", "conflicts_with", "conflicts_count",
                  "sentence", "sentence_url", *ARTICLE_COLUMNS)
CHECK_COLUMNS = ("checked_text", "claim_value", "claim_unit", "claim_metric", "agrees",
                 *FIGURE_COLUMNS)
CATALOGUE_COLUMNS = ("name", "kind", "articles", "mentions", "provinces", "counties", "themes",
                     "first_date", "first_article_id", "last_date", "last_article_id")
MENTION_COLUMNS = ("programme", "province", "city", "county", "context", "start", "end",
                   *ARTICLE_COLUMNS)
SIMILAR_COLUMNS = ("programme", "similar", "score", "provinces", "shared_terms")
COMPARE_COLUMNS = ("column", "column_kind", "column_query", "articles", "item", "value",
                   "count", "metric", "unit", "figure_date", "reports", "sentence",
                   "sentence_url", *ARTICLE_COLUMNS)
REGION_COLUMNS = ("level", "name", "province", "city", "county", "adcode", "count", "lat", "lon")
# What each comparison item is, in its CSV's ``item`` column.
COMPARE_ITEMS = (("programmes", "programme"), ("orgs", "org"), ("themes", "theme"),
                 ("counties", "county"))


def article_cells(ref: Mapping[str, Any] | None) -> Row:
    ref = ref or {}
    return {"article_id": ref.get("id"), "article_title": ref.get("title"),
            "source": ref.get("source"), "page": ref.get("page"),
            "article_date": ref.get("date"), "url": ref.get("url")}


def sentence_url(figure_id: str) -> str:
    """The article page at the figure's sentence (``web`` marks it ``fig-ID``)."""
    article_id, _, seq = figure_id.rpartition(":")
    return f"/articles/{quote(article_id, safe='')}#figure-{seq}"


def counts_cell(values: Iterable[Mapping[str, Any]]) -> list[str]:
    """``[{value, count}]`` as ``["甘肃省 3", "青海省 1"]`` (one cell, ``;`` between)."""
    return [f"{v['value']} {v['count']}" for v in values]


# -- figures -------------------------------------------------------------------------------


def figure_record(row: Mapping[str, Any]) -> Row:
    region = row.get("region") or {}
    return {
        "id": row["id"], "phrase": row.get("phrase") or row.get("text"),
        **{key: row.get(key) for key in ("value", "unit", "qualifier", "change", "metric",
                                         "date", "period", "conflict", "conflicts_with",
                                         "conflicts_count", "sentence")},
        "region": region.get("name"), "province": region.get("province"),
        "sentence_url": sentence_url(row["id"]),
        **article_cells(row.get("article")),
    }


def check_record(text: str, claim: Mapping[str, Any] | None, match: Mapping[str, Any]) -> Row:
    claim = claim or {}
    return {"checked_text": text, "claim_value": claim.get("value"),
            "claim_unit": claim.get("unit"), "claim_metric": claim.get("metric"),
            "agrees": match.get("agrees"), **figure_record(match)}


# -- programmes ------------------------------------------------------------------------------


def catalogue_record(entry: Mapping[str, Any]) -> Row:
    first, last = entry.get("first") or {}, entry.get("last") or {}
    return {
        "name": entry["name"], "kind": entry.get("kind"), "articles": entry["articles"],
        "mentions": entry["mentions"], "provinces": counts_cell(entry["provinces"]),
        "counties": counts_cell(entry["counties"]), "themes": counts_cell(entry["themes"]),
        "first_date": first.get("date"), "first_article_id": (first.get("article") or {}).get("id"),
        "last_date": last.get("date"), "last_article_id": (last.get("article") or {}).get("id"),
    }


def mention_record(name: str, mention: Mapping[str, Any]) -> Row:
    region = mention.get("region") or {}
    return {"programme": name, "province": region.get("province"), "city": region.get("city"),
            "county": region.get("county"), "context": mention.get("context"),
            "start": mention.get("start"), "end": mention.get("end"),
            **article_cells(mention.get("article"))}


def similar_record(name: str, match: Mapping[str, Any]) -> Row:
    return {"programme": name, "similar": match["name"], "score": match["score"],
            "provinces": counts_cell(match["provinces"]), "shared_terms": match["shared_terms"]}


# -- comparison ------------------------------------------------------------------------------


def compare_records(comparison: Mapping[str, Any]) -> Iterator[Row]:
    """One row per column × item: its article count, then each programme, union body,
    theme, county, key figure (with what it counts) and latest article."""
    for column in comparison.get("columns") or []:
        head = {"column": column["value"], "column_kind": comparison.get("by"),
                "column_query": column.get("query"), "articles": column["count"]}
        yield {**head, "item": "articles", "count": column["count"]}
        for key, item in COMPARE_ITEMS:
            for value in column[key]:
                yield {**head, "item": item, "value": value["value"], "count": value["count"]}
        for figure in column["figures"]:
            yield {**head, **_figure_item(figure)}
        for article in column["articles"]:
            yield {**head, "item": "article", "value": article["title"],
                   **article_cells(article)}


def _figure_item(figure: Mapping[str, Any]) -> Row:
    return {"item": "figure", "value": figure.get("value"), "count": figure.get("reports"),
            "metric": figure.get("metric"), "unit": figure.get("unit"),
            "figure_date": figure.get("date"), "reports": figure.get("reports"),
            "sentence": figure.get("sentence"), "sentence_url": sentence_url(figure["id"]),
            **article_cells(figure.get("article"))}


# -- timeline and regions ----------------------------------------------------------------------


def timeline_table(timeline: Mapping[str, Any]) -> tuple[list[str], list[Row]]:
    """One row per period, one column per series: ``count`` (and ``total``, ``share`` as a
    share) when not split; each group's count, or share, when split by a facet."""
    share = timeline.get("mode") == "share"
    if not timeline.get("by"):
        columns = ["period", "count", *(("total", "share") if share else ())]
        rows = [{"period": b["key"], **b} for b in timeline["buckets"]]
        return columns, rows
    groups = [g["value"] for g in timeline["groups"]]
    table: dict[str, Row] = {key: {"period": key} for key in timeline["keys"]}
    for bucket in timeline["buckets"]:
        table[bucket["key"]][bucket["group"]] = bucket["share" if share else "count"]
    return ["period", *groups], list(table.values())


def region_records(provinces: Iterable[Mapping[str, Any]]) -> Iterator[Row]:
    """The region tree depth first: each province, then its cities and their counties."""
    for node in provinces:
        region = node.get("region") or {}
        yield {"level": region.get("level"), "name": node["value"],
               **{key: region.get(key) for key in ("province", "city", "county", "adcode",
                                                   "lat", "lon")},
               "count": node["count"]}
        yield from region_records(node.get("children") or [])
