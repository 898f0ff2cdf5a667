"""The figure ledger, and checking one figure against it.

A search that is a part of the ledger whose counts the writer keeps (no words, no dates,
no filter but one province: ``indexer.tables.figure_totals.ledger_part``) is answered
from those counts and from index walks: the page is read in order from an index, the
metrics, units, totals and conflicting groups are the part's kept rows, the conflicts
of a page and the agreement of a check are probes of the page's or the claim's groups.
A part but for words in most of it is that part less the articles without them
(``indexer.tables.figures_less``). Other searches (rarer words, dates, other filters,
several provinces) are counted by query over their articles, as are the CSV tables,
which read every row anyway, and a check whose text states no figure (its rows are
those quoting the text).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from api.analytics.counting import value_counts
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
    figure_rows,
    find_conflicts,
    flag_page,
    ledger_selection,
    narrowed,
    question_text,
)
from api.analytics.table_rows import check_record, figure_record
from api.services import Services
from api.services.answers import kept
from indexer.archive import Archive
from indexer.search.query import SearchQuery
from indexer.tables.figure_totals import (
    Part,
    Total,
    column_totals,
    count_claim,
    ledger_part,
    metrics_meeting,
    narrowed_totals,
    part_totals,
)
from indexer.tables.figures import (
    OLDEST_FIRST,
    count_agreeing,
    part_selection,
    selection_counts,
    with_metrics,
)
from indexer.tables.figures_less import part_but_words, part_less, totals_less
from indexer.tables.scope import search_scope


def ledger_selection_of(services: Services, query: SearchQuery) -> Selection:
    """Every figure of the search's articles, about the filtered provinces and years."""
    part = ledger_part(query)
    if part is not None:
        return part_selection(part)
    return ledger_selection(search_scope(services.backend, query),
                            provinces=query.filters.get("province", ()),
                            years=query.filters.get("year", ()))


@dataclass(frozen=True)
class Ledger:
    """A search's whole ledger: its figures as paged and as probed (the same figures; of
    a part, said for the index each read uses), and the part's totals, if it is one."""

    paged: Selection
    probed: Selection
    part: Part | None = None
    totals: list[Total] | None = None


def ledger_of(services: Services, query: SearchQuery) -> Ledger:
    part = ledger_part(query)
    if part is None:
        if less := _part_less(services, query):
            return less
        selection = ledger_selection_of(services, query)
        return Ledger(selection, selection)
    return Ledger(part_selection(part), part_selection(part, paged=False), part,
                  part_totals(services.archive, part))


def _part_less(services: Services, query: SearchQuery) -> Ledger | None:
    """A part of the ledger but for words in most of it: the part less the articles
    without them (``indexer.tables.figures_less``), its totals less theirs. Not a part
    itself: what reads a part's own tables (the check's ranges) counts by query."""
    found = part_but_words(services.backend, services.archive, query)
    if found is None:
        return None
    part, scope = found
    totals = totals_less(services.archive, part, part_totals(services.archive, part),
                         scope.less)
    return Ledger(part_less(part, scope.less), part_less(part, scope.less, paged=False),
                  None, totals)


ORDERS = {"metric": LEDGER_ORDER, "newest": NEWEST_FIRST, "oldest": OLDEST_FIRST}


@kept
def ledger(services: Services, query: SearchQuery, metric: str, unit: str,
           order: str = "metric") -> dict[str, Any]:
    """One page of the ledger's rows (of ``metric`` and ``unit``, when given) in ``order``,
    the page's conflicts flagged, with the metrics and units of the whole selection."""
    archive = services.archive
    whole = ledger_of(services, query)
    if whole.totals is None:
        chosen = narrowed(whole.paged, metric=metric, unit=unit)
        counts = read_counts(archive, whole.paged, metric, unit)
    else:
        metrics = sorted({t.metric for t in narrowed_totals(whole.totals, metric, unit)})
        chosen = narrowed(whole.paged, metric=metric, unit=unit,
                          metrics=metrics if metric or unit else None)
        counts = kept_counts(whole.totals, metric, unit)
    rows = list(figure_rows(archive, chosen, ORDERS[order], limit=query.size,
                            offset=query.offset))
    # A group is one metric and unit, so its members are all in ``chosen`` or none: they
    # are read from the whole selection, by the group's index, not by the metric's walk.
    conflicts = flag_page(archive, whole.probed, rows)
    add_sources(archive, rows)
    return {"page": query.page, "size": query.size, "rows": rows, "conflicts": conflicts,
            **counts}


def read_counts(archive: Archive, everything: Selection, metric: str,
                unit: str) -> dict[str, Any]:
    """The ledger's counts, by query: figures and conflicting groups of the selection
    narrowed to ``metric`` and ``unit``, metrics and units of the whole."""
    counted = selection_counts(archive, everything,
                               narrowed(Selection(None), metric=metric, unit=unit))
    return {
        "total": counted.figures,
        "conflict_groups": counted.conflicting,
        "metrics": value_counts(Counter(counted.metrics)),
        "units": value_counts(Counter(counted.units)),
    }


def kept_counts(totals: list[Total], metric: str, unit: str) -> dict[str, Any]:
    """The same counts, from a part's totals."""
    chosen = narrowed_totals(totals, metric, unit)
    return {
        "total": sum(t.figures for t in chosen),
        "conflict_groups": sum(t.conflicting for t in chosen),
        "metrics": value_counts(Counter(column_totals(totals, "metric"))),
        "units": value_counts(Counter(column_totals(totals, "unit"))),
    }


@kept
def check(services: Services, query: SearchQuery, text: str) -> dict[str, Any]:
    """The claim read from ``text`` and one page of the ledger rows about the same thing,
    each marked as agreeing or not, with their source articles. A question
    (内蒙古有多少家职工书屋) is a claim of a metric and place without a value: its rows
    are the answer, none agreeing or not."""
    archive = services.archive
    claim, whole = claim_of(text), ledger_of(services, query)
    kept_counts = claim_counts(archive, whole, claim)
    found, counted = claimed_rows(whole, claim, text,
                                  None if kept_counts is None else sorted(kept_counts))
    shown = [{**row, "agrees": agrees(claim, row)} for row in figure_rows(
        archive, found, LEDGER_ORDER, limit=query.size, offset=query.offset)]
    flag_page(archive, whole.probed, shown)
    if kept_counts is None:
        total, agreeing = agreement_counts(archive, counted, claim)
    else:
        total = sum(figures for figures, _ in kept_counts.values())
        agreeing = sum(meeting for _, meeting in kept_counts.values())
    valued = claim is not None and claim.get("value") is not None
    return {
        "text": text, "claim": claim, "total": total, "page": query.page,
        "size": query.size, "agreeing": agreeing,
        "disagreeing": total - agreeing if valued else 0, "matches": shown,
        "sources": list({m["article"]["id"]: m["article"] for m in shown}.values()),
    }


def claim_of(text: str) -> dict[str, Any] | None:
    """The claim read from ``text`` (a statement, or a question's metric and place)."""
    from indexer.nlp.pipeline import extract

    claim = claim_from_extraction(extract(text))
    if claim is None and (question := question_text(text)):
        claim = claim_from_question(extract(question))
    return claim


def claim_counts(archive: Archive, whole: Ledger, claim: dict[str, Any] | None
                 ) -> dict[str, tuple[int, int]] | None:
    """Of a part without a province, from ``figure_ranges``: metric -> (figures about
    the claim, how many agree with its range), for the metrics that have such figures;
    None when the claim's rows are counted by query."""
    if claim is None or whole.part is None or whole.part.province:
        return None
    low, high = claim["range"] if claim.get("value") is not None else (None, None)
    return count_claim(archive, whole.part.counted,
                       metrics_meeting(whole.totals or [], claim["metric"] or ""),
                       claim["change"] or "", None if claim.get("question") else claim["unit"],
                       (claim["region"] or {}).get("province"), low, high)


def claimed_rows(whole: Ledger, claim: dict[str, Any] | None, text: str,
                 metrics: list[str] | None = None) -> tuple[Selection, Selection]:
    """The ledger's rows about the same thing as the claim, as paged and as counted;
    ``metrics``: the metrics that have such rows, when ``claim_counts`` found them."""
    if whole.totals is None or claim is None:
        found = claim_selection(whole.paged, claim, text)
        return found, found
    if metrics is None:
        metrics = metrics_meeting(whole.totals, claim["metric"] or "")
    return (claim_selection(whole.paged, claim, text, metrics),
            claim_selection(whole.probed, claim, text, metrics, paged=False))


def agreement_counts(archive: Archive, found: Selection,
                     claim: dict[str, Any] | None) -> tuple[int, int]:
    """Rows found and how many agree with the claim's range (all pages); none without a
    claim or a value (a question has none)."""
    if claim is None or claim.get("value") is None:
        return count_figures(archive, found), 0
    return count_agreeing(archive, found, *claim["range"])


# -- as tables (format=csv): every row, not a page ------------------------------------------


def ledger_records(services: Services, query: SearchQuery, metric: str, unit: str,
                   order: str = "metric") -> Iterator[dict[str, Any]]:
    """Every ledger row of the selection as a CSV record, conflicts flagged, read as written."""
    archive = services.archive
    chosen = narrowed(ledger_selection_of(services, query), metric=metric, unit=unit)
    flagged, _ = find_conflicts(archive, chosen)
    for row in figure_rows(archive, chosen, ORDERS[order]):
        yield figure_record(flagged.get(row["id"], row))


def check_records(services: Services, query: SearchQuery, text: str) -> Iterator[dict[str, Any]]:
    """Every ledger row the check of ``text`` finds, as CSV records with the claim."""
    archive = services.archive
    claim, everything = claim_of(text), ledger_selection_of(services, query)
    found = claim_selection(everything, claim, text)
    matches = [{**row, "agrees": agrees(claim, row)}
               for row in figure_rows(archive, found, LEDGER_ORDER)]
    metrics = sorted({m["metric"] for m in matches if m["metric"]})
    if metrics:  # conflict flags as the whole ledger has them (never across metrics)
        flagged, _ = find_conflicts(archive, with_metrics(everything, metrics), NEWEST_FIRST)
        for match in matches:
            if match["id"] in flagged:
                match.update(conflict=True, conflicts_with=flagged[match["id"]]["conflicts_with"],
                             conflicts_count=flagged[match["id"]]["conflicts_count"])
    for match in matches:
        yield check_record(text, claim, match)
