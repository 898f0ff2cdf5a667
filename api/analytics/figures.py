"""The figure ledger: every numeric claim with its place, date and source sentence.

Two figures conflict when they count the same thing (metric and unit) for the same
place in the same year, and no value could satisfy both once their qualifiers are
read as ranges: 7100多 is 7100–7199, 6万以上 is 60000 or more, 近300 is a little
under 300. Figures of change (下降60%) are only compared with the same change.

Rows come from the analysis tables (``indexer.tables.figures``), where each figure's
place and range were worked out when it was derived; here they become the ledger's
rows, and the members of each group that may conflict are paired.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from api.schemas import region_object
from indexer.archive import Archive
from indexer.models import Article
from indexer.nlp.figures import UNIT_PATTERN
from indexer.stories import printing_ref
from indexer.tables import figures as table
from indexer.tables.articles import ARTICLE_COLUMNS, ArticleFacts
from indexer.tables.figures import (
    LEDGER_ORDER,
    NEWEST_FIRST,
    FigureRow,
    Selection,
    count_figures,
    ledger_selection,
    narrowed,
)
from indexer.tables.qualifiers import value_range

# A conflict is listed by at most so many row ids (with how many there are): a figure
# that disagrees with hundreds of others is a misreading to fix, not a list to read.
CONFLICTS_LISTED = 20
GROUP_ROWS_LISTED = 50

# 多少, 几, 若干 with the classifier after them: the number a question asks for.
QUESTION = re.compile(f"(?:多少|几|若干)(?P<unit>{UNIT_PATTERN})?")

__all__ = ["LEDGER_ORDER", "NEWEST_FIRST", "Selection", "add_sources", "agrees",
           "claim_from_extraction", "claim_from_question", "claim_selection", "count_figures",
           "figure_rows", "find_conflicts", "flag_conflicts", "flag_page",
           "ledger_selection", "narrowed", "question_text", "ranges_overlap", "value_range"]


def figure_rows(archive: Archive, selection: Selection, order: str = NEWEST_FIRST,
                limit: int = -1, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Ledger rows in ``order``, read as they are consumed."""
    for row in table.figure_rows(archive, selection, order, limit, offset):
        yield _row(row)


def _row(row: FigureRow) -> dict[str, Any]:
    article = row.article
    return {
        "id": f"{article.id}:{row.seq}",
        "value": row.value,
        "unit": row.unit,
        "qualifier": row.qualifier,
        "change": row.change,
        "metric": row.metric,
        "text": row.text,
        "phrase": row.phrase,
        "sentence": row.sentence,
        "region": region_object(row.region) if row.region else None,
        "date": article.date,
        "period": article.year,
        "article": article.ref(),
        "range": [row.low, row.high],
        "conflict": False,
        "conflicts_with": [],
        "conflicts_count": 0,
    }


# -- reprints: one claim, several sources ------------------------------------------------


def add_sources(archive: Archive, rows: list[dict[str, Any]]) -> None:
    """Each row's ``sources``: every printing of its story that prints the same figure
    (the row's own article first), and the ``story`` they share.

    A figure repeated by reprints is one claim, not several reports agreeing: counted
    by stories (the default) the ledger has one row for it, and the row says where
    else it was printed.
    """
    stories = story_of_articles(archive, {row["article"]["id"] for row in rows})
    printed = same_figure_printings(archive, set(stories.values()))
    for row in rows:
        story = stories.get(row["article"]["id"], row["article"]["id"])
        others = [ref for ref in printed.get((story, *_claim(row)), [])
                  if ref["id"] != row["article"]["id"]]
        row["story"] = story
        row["sources"] = [row["article"], *others]


def _claim(row: Mapping[str, Any]) -> tuple:
    return (float(row["value"]), row["unit"] or "", row["metric"] or "", row["change"] or "")


def story_of_articles(archive: Archive, ids: set[str]) -> dict[str, str]:
    found = archive.db.execute(
        "SELECT article_id, story_id FROM article_stories"
        " WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),))
    return {row["article_id"]: row["story_id"] for row in found}


def same_figure_printings(archive: Archive, stories: set[str]) -> dict[tuple, list[dict]]:
    """(story, value, unit, metric, change) -> the printings carrying that figure, with
    the word-for-word copies of each (they are not analysed again, but were printed)."""
    found = archive.db.execute(
        f"SELECT s.story_id, f.value, f.unit, f.metric, f.change, {ARTICLE_COLUMNS}"
        " FROM article_stories s JOIN figures f ON f.article_id = s.article_id"
        " JOIN entity_articles e ON e.article_id = f.article_id"
        # +canonical: found from the stories (an index probe each), not from every
        # canonical article
        " WHERE s.story_id IN (SELECT value FROM json_each(?)) AND +e.canonical = 1"
        " ORDER BY e.date_key, e.article_id", (json.dumps(sorted(stories)),))
    printed: dict[tuple, list[dict]] = {}
    for row in found:
        key = (row["story_id"], float(row["value"]), row["unit"] or "", row["metric"] or "",
               row["change"] or "")
        refs = printed.setdefault(key, [])
        ref = ArticleFacts.from_row(row).ref()
        if all(r["id"] != ref["id"] for r in refs):
            refs.append(ref)
    copies = exact_copies(archive, {r["id"] for refs in printed.values() for r in refs})
    return {key: [c for r in refs for c in (r, *copies.get(r["id"], []))]
            for key, refs in printed.items()}


def exact_copies(archive: Archive, ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    found = archive.db.execute(
        "SELECT duplicate_of, record FROM articles"
        " WHERE duplicate_of IN (SELECT value FROM json_each(?)) ORDER BY date, rowid",
        (json.dumps(sorted(ids)),))
    copies: dict[str, list[dict[str, Any]]] = {}
    for row in found:
        copies.setdefault(row["duplicate_of"], []).append(
            printing_ref(Article.from_dict(json.loads(row["record"]))))
    return copies


# -- conflicts ---------------------------------------------------------------------------


def find_conflicts(archive: Archive, selection: Selection, order: str = LEDGER_ORDER
                   ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The rows of the selection that conflict with another, by id, and the conflicts.

    SQL finds the groups where some value is above another's range; only their members
    are read and paired. Reads every such group: for one page, ``flag_page`` reads only
    the groups of the page's rows.
    """
    rows = list(figure_rows(archive, table.in_conflicting_groups(selection), order))
    conflicts = flag_conflicts(rows)
    return {row["id"]: row for row in rows if row["conflict"]}, conflicts


def flag_page(archive: Archive, selection: Selection,
              rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag the conflicts of ``rows`` (one page of the selection), reading only the
    groups they belong to; return those groups' conflicts. A ledger of a million
    articles holds tens of thousands of groups: a page needs a handful."""
    keys = sorted({key for row in rows if (key := comparison_key(row)) is not None})
    members = list(figure_rows(archive, table.in_groups(selection, keys), LEDGER_ORDER))
    conflicts = flag_conflicts(members)
    flagged = {member["id"]: member for member in members if member["conflict"]}
    for row in rows:
        if row["id"] in flagged:
            row["conflict"] = True
            row["conflicts_with"] = flagged[row["id"]]["conflicts_with"]
            row["conflicts_count"] = flagged[row["id"]]["conflicts_count"]
    return conflicts


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
    """Mark each member with the others whose range its own does not meet (how many, and
    the first ``CONFLICTS_LISTED`` in member order). Sorted bounds make it n log n, so a
    group of thousands of figures costs no more than reading them."""
    spans = [_range(m) for m in members]
    if max(low for low, _ in spans) <= min(high for _, high in spans):
        return False  # every range meets every other
    by_high = sorted(range(len(spans)), key=lambda i: spans[i][1])
    by_low = sorted(range(len(spans)), key=lambda i: spans[i][0])
    highs = [spans[i][1] for i in by_high]
    lows = [spans[i][0] for i in by_low]
    for member, (low, high) in zip(members, spans, strict=True):
        below = bisect_left(highs, low)  # the others ending under this one's start
        above = len(lows) - bisect_right(lows, high)  # and starting over its end
        if below + above == 0:
            continue
        listed = sorted([*by_high[:min(below, CONFLICTS_LISTED)],
                         *by_low[len(lows) - min(above, CONFLICTS_LISTED):]])
        member["conflict"] = True
        member["conflicts_with"] = [members[i]["id"] for i in listed[:CONFLICTS_LISTED]]
        member["conflicts_count"] = below + above
    return True


def _range(row: Mapping[str, Any]) -> tuple[float, float]:
    low, high = row["range"]
    return low, math.inf if high is None else high


def _conflict(members: list[dict[str, Any]]) -> dict[str, Any]:
    first, listed = members[0], members[:GROUP_ROWS_LISTED]
    return {
        "metric": first["metric"], "region": first["region"], "period": first["period"],
        "unit": first["unit"], "count": len(members),
        "rows": [m["id"] for m in listed],
        "values": [m["phrase"] or m["value"] for m in listed],
    }


# -- checking a figure -------------------------------------------------------------------


def claim_from_extraction(extraction: Mapping[str, Any]) -> dict[str, Any] | None:
    """The figure a pasted phrase states, with the place it names (if any): the figure's
    own place (福建省新建工会驿站112个 is about 福建省), else the text's primary region."""
    figures = [f for f in extraction.get("figures") or []
               if isinstance(f.get("value"), int | float)]
    if not figures:
        return None
    figure = next((f for f in figures if f.get("metric")), figures[0])
    low, high = value_range(float(figure["value"]), figure.get("qualifier"))
    places = {r.get("adcode"): r for r in extraction.get("regions") or []}
    region = places.get(figure.get("region")) or extraction.get("primary_region")
    return {
        "value": figure["value"], "unit": figure.get("unit"), "qualifier": figure.get("qualifier"),
        "change": figure.get("change"), "metric": figure.get("metric"), "text": figure.get("text"),
        "region": region_object(region),
        "range": [low, None if math.isinf(high) else high],
    }


def question_text(text: str) -> str | None:
    """A question about a figure (内蒙古有多少家职工书屋, 建了几个驿站) as the statement it
    asks for, its question word standing for a number (内蒙古有1家职工书屋), so that the
    metric and place are read as any figure's are; None when the text asks no such thing."""
    match = QUESTION.search(text)
    if match is None:
        return None
    unit = match.group("unit") or "个"
    return text[:match.start()] + "1" + unit + text[match.end():]


def claim_from_question(extraction: Mapping[str, Any]) -> dict[str, Any] | None:
    """What a question asks for: the metric and place of its figure, no value."""
    claim = claim_from_extraction(extraction)
    if claim is None or not claim["metric"]:
        return None
    return {**claim, "value": None, "qualifier": None, "text": None, "range": [None, None],
            "question": True}


def claim_selection(selection: Selection, claim: Mapping[str, Any] | None,
                    text: str, metrics: Sequence[str] | None = None,
                    paged: bool = True) -> Selection:
    """Figures about the same thing as the claim; without a parsed claim, the figures
    whose phrase or sentence contains the text. ``metrics``: the selection's metrics
    that meet the claim's, when its totals name them (``paged``: for a page of them,
    else for counting them: ``indexer.tables.figures.with_metrics``)."""
    if claim is None:
        return table.quoting(selection, text)
    province = (claim["region"] or {}).get("province")
    # A question's classifier (多少个, 几家) is the asker's, not the report's.
    unit = None if claim.get("question") else claim["unit"]
    return table.about(selection, claim["metric"] or "", unit, claim["change"], province,
                       metrics, paged)


def agrees(claim: Mapping[str, Any] | None, row: Mapping[str, Any]) -> bool | None:
    """Whether a row's range meets the claim's; None without a claim or a value."""
    if claim is None or claim.get("value") is None:
        return None
    return ranges_overlap(_range(claim), _range(row))
