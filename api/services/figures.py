"""The figure ledger, and checking one figure against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from api.analytics.figures import (
    LEDGER_ORDER,
    NEWEST_FIRST,
    Selection,
    add_sources,
    agrees,
    claim_from_extraction,
    claim_from_question,
    claim_selection,
    count_figures,
    counts_of,
    figure_rows,
    find_conflicts,
    ledger_selection,
    narrowed,
    question_text,
)
from api.analytics.table_rows import check_record, figure_record
from api.services import Services
from indexer.archive import Archive
from indexer.search.query import SearchQuery
from indexer.tables.figures import OLDEST_FIRST, with_metrics
from indexer.tables.scope import search_scope


def ledger_selection_of(services: Services, query: SearchQuery) -> Selection:
    """Every figure of the search's articles, about the filtered provinces and years."""
    return ledger_selection(search_scope(services.backend, query),
                            provinces=query.filters.get("province", ()),
                            years=query.filters.get("year", ()))


ORDERS = {"metric": LEDGER_ORDER, "newest": NEWEST_FIRST, "oldest": OLDEST_FIRST}


def ledger(services: Services, query: SearchQuery, metric: str, unit: str,
           order: str = "metric") -> dict[str, Any]:
    """One page of the ledger's rows (of ``metric`` and ``unit``, when given) in ``order``,
    conflicts flagged, with the metrics and units of the whole selection."""
    archive = services.archive
    everything = ledger_selection_of(services, query)
    chosen = narrowed(everything, metric=metric, unit=unit)
    flagged, conflicts = find_conflicts(archive, chosen)
    page = figure_rows(archive, chosen, ORDERS[order], limit=query.size, offset=query.offset)
    rows = [flagged.get(row["id"], row) for row in page]
    add_sources(archive, rows)
    return {
        "total": count_figures(archive, chosen), "page": query.page, "size": query.size,
        "rows": rows,
        "conflicts": conflicts,
        "metrics": counts_of(archive, everything, "metric"),
        "units": counts_of(archive, everything, "unit"),
    }


def check(services: Services, query: SearchQuery, text: str) -> dict[str, Any]:
    """The claim read from ``text`` and one page of the ledger rows about the same thing,
    each marked as agreeing or not, with their source articles. A question
    (内蒙古有多少家职工书屋) is a claim of a metric and place without a value: its rows
    are the answer, none agreeing or not."""
    claim, matches = checked_rows(services, query, text)
    start = query.offset
    shown = matches[start:start + query.size]
    return {
        "text": text, "claim": claim, "total": len(matches), "page": query.page,
        "size": query.size,
        "agreeing": sum(1 for m in matches if m["agrees"]),
        "disagreeing": sum(1 for m in matches if m["agrees"] is False),
        "matches": shown,
        "sources": list({m["article"]["id"]: m["article"] for m in shown}.values()),
    }


def checked_rows(services: Services, query: SearchQuery, text: str
                 ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The claim read from ``text`` and every ledger row about the same thing (all pages)."""
    from indexer.nlp.pipeline import extract

    archive = services.archive
    claim = claim_from_extraction(extract(text))
    if claim is None and (question := question_text(text)):
        claim = claim_from_question(extract(question))
    everything = ledger_selection_of(services, query)
    found = figure_rows(archive, claim_selection(everything, claim, text), LEDGER_ORDER)
    matches = [{**row, "agrees": agrees(claim, row)} for row in found]
    _flag_matches(archive, everything, matches)
    return claim, matches


def _flag_matches(archive: Archive, everything: Selection, matches: list[dict[str, Any]]) -> None:
    """Conflict flags as the whole ledger has them (a conflict never crosses metrics)."""
    metrics = sorted({m["metric"] for m in matches if m["metric"]})
    if not metrics:
        return
    flagged, _ = find_conflicts(archive, with_metrics(everything, metrics), NEWEST_FIRST)
    for match in matches:
        if match["id"] in flagged:
            match["conflict"] = True
            match["conflicts_with"] = flagged[match["id"]]["conflicts_with"]


# -- as tables (format=csv): every row, not a page ------------------------------------------


def ledger_records(services: Services, query: SearchQuery, metric: str, unit: str,
                   order: str = "metric") -> Iterator[dict[str, Any]]:
    """Every ledger row of the selection as a CSV record, conflicts flagged, read as written."""
    archive = services.archive
    chosen = narrowed(ledger_selection_of(services, query), metric=metric, unit=unit)
    flagged, _ = find_conflicts(archive, chosen)
    for row in figure_rows(archive, chosen, ORDERS[order]):
        yield figure_record(flagged.get(row["id"], row))


def check_records(services: Services, query: SearchQuery, text: str) -> list[dict[str, Any]]:
    """Every ledger row the check of ``text`` finds, as CSV records with the claim."""
    claim, matches = checked_rows(services, query, text)
    return [check_record(text, claim, match) for match in matches]
