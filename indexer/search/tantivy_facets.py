"""Facet counts for the tantivy backend: exact, and as cheap as the query allows.

Counting is linear in the documents aggregated, so the work is spent on the smaller
side of each count:

* **cached** — a search's counts are kept per index state (``facet_cache``): the first
  screen and the common filters are asked again and again, often a page at a time;
* **complement** — when the words match most of the scope they are counted in (工会 in
  nine reports out of ten), counts(words AND scope) = counts(scope) − counts(scope AND NOT
  words): the scope's counts of every value are counted once per index state, and only
  the few documents without the words are aggregated per query. The subtraction is
  exact: a count is the number of live documents holding a value (several values per
  document or not) and both sides are counted over the same live documents; only the
  values that can still reach the top are subtracted (a count can only fall), and the
  engine's counts are merged over every segment (``exact_top``) — tantivy's default
  keeps each segment's top few and undercounts the rest;
* **one pass** — the documents counted come from the facet aggregation itself
  (``DOC_COUNT``), so the page of hits needs no counting pass of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import tantivy
from tantivy import Occur, Query

from indexer.search.aggregations import (
    ALL_VALUES,
    DOC_COUNT,
    DOC_COUNT_AGGREGATION,
    FACET_SLACK,
    all_counts,
    doc_count,
    facet_aggregation,
    facet_scopes,
    facet_values,
    ranked_values,
)
from indexer.search.facet_cache import BoundedCache, IndexState
from indexer.search.query import FacetValue, SearchQuery
from indexer.search.query_language import (
    AllOf,
    AnyOf,
    Keyword,
    Node,
    Not,
    ParsedQuery,
    Text,
    parse_query,
    searched_fields,
)

# The words must match more than this share of the index for the complement to pay
# (measured: at half, the subtraction must widen its candidates and costs more).
COMPLEMENT_SHARE = 0.7
SEARCHES_CACHED = 512  # a search's counts are a few KB
SCOPES_CACHED = 64  # a scope's top values of one facet
WHOLE_TOP = 500  # values kept of a scope: enough for any sidebar and its complement
COMPLEMENT_ROUNDS = 2  # candidates widened once (×4); then the facet is counted straight

# (searcher, query, facet left out or None, parsed words) -> the tantivy query of that scope
ScopeQuery = Callable[[tantivy.Searcher, SearchQuery, "str | None", ParsedQuery], Query]
NO_WORDS = parse_query("")


@dataclass(frozen=True)
class Counted:
    facets: dict[str, list[FacetValue]]
    total: int | None  # the search's hits, when the counting saw them all


class FacetCounter:
    def __init__(self, scope_query: ScopeQuery, text_query: Callable[[Node], Query]) -> None:
        self.scope_query = scope_query
        self.text_query = text_query
        self.searches = BoundedCache(SEARCHES_CACHED)
        self.scopes = BoundedCache(SCOPES_CACHED)

    def clear(self, everything: bool = False) -> None:
        """Forget the searches' counts (and, with ``everything``, the scopes' too)."""
        self.searches.clear()
        if everything:
            self.scopes.clear()

    def count(self, searcher: tantivy.Searcher, state: IndexState, query: SearchQuery,
              parsed: ParsedQuery) -> Counted:
        key = (state, search_key(query))
        counted = self.searches.get(key)
        if counted is None:
            counted = self._count(searcher, state, query, parsed)
            self.searches.put(key, counted)
        return counted

    def _count(self, searcher: tantivy.Searcher, state: IndexState, query: SearchQuery,
               parsed: ParsedQuery) -> Counted:
        share = estimated_share(searcher, parsed.tree)
        counts: dict[str, list[FacetValue]] = {}
        total: int | None = None
        for skip, facets in facet_scopes(query).items():
            scope = query if skip is None else query.without_filter(skip)
            if parsed.tree is not None and share > COMPLEMENT_SHARE and self._worth(state, scope):
                found, documents = self._by_complement(searcher, state, scope, parsed, facets)
            else:
                found, documents = self._directly(searcher, state, scope, parsed, facets)
            counts.update(found)
            if skip is None:
                total = documents
        if not facet_scopes(query):  # no facet asked: the total alone, in one pass
            scope = self.scope_query(searcher, query, None, parsed)
            total = doc_count(searcher.aggregate(scope, {DOC_COUNT: DOC_COUNT_AGGREGATION}))
        return Counted({f: counts[f] for f in query.facets}, total)

    def _worth(self, state: IndexState, scope: SearchQuery) -> bool:
        """Whether the scope's own counts are kept or worth keeping: they are when the
        scope is every article (the first screen's), else only once somebody counted it."""
        bare = _without_words(scope)
        return (not bare.active_filters() and bare.date_from is None and bare.date_to is None
                ) or self.scopes.get((state, scope_key(bare), DOC_COUNT)) is not None

    def _directly(self, searcher: tantivy.Searcher, state: IndexState, scope: SearchQuery,
                  parsed: ParsedQuery, facets: Sequence[str]
                  ) -> tuple[dict[str, list[FacetValue]], int]:
        if parsed.tree is None and self._worth(state, scope):
            whole = self._whole(searcher, state, scope, facets)
            known = [f for f in facets if whole[f].holds_top(scope.facet_size)]
            found = {f: _ranked(whole[f].ranked[:scope.facet_size]) for f in known}
            rest = [f for f in facets if f not in found]
            if rest:
                found.update(self._straight(searcher, scope, parsed, rest)[0])
            return found, whole[DOC_COUNT]
        return self._straight(searcher, scope, parsed, facets)

    def _straight(self, searcher: tantivy.Searcher, scope: SearchQuery, parsed: ParsedQuery,
                  facets: Sequence[str]) -> tuple[dict[str, list[FacetValue]], int]:
        aggs: dict[str, Any] = {f: exact_top(f, scope.facet_size) for f in facets}
        aggs[DOC_COUNT] = DOC_COUNT_AGGREGATION
        result = searcher.aggregate(self.scope_query(searcher, scope, None, parsed), aggs)
        return ({f: facet_values(result.get(f), scope.facet_size) for f in facets},
                doc_count(result))

    def _by_complement(self, searcher: tantivy.Searcher, state: IndexState,
                       scope: SearchQuery, parsed: ParsedQuery, facets: Sequence[str]
                       ) -> tuple[dict[str, list[FacetValue]], int]:
        """counts(words) = counts(scope) − counts(scope without the words), for the scope's
        most frequent values: the top is exact once its last count beats every value
        further down's count in the whole scope (a count only falls by the subtraction)."""
        assert parsed.tree is not None
        bare, size = _without_words(scope), scope.facet_size
        whole = self._whole(searcher, state, bare, facets)
        without_words = Query.boolean_query([
            (Occur.Must, self.scope_query(searcher, bare, None, NO_WORDS)),
            (Occur.MustNot, self.text_query(parsed.tree)),
        ])
        found: dict[str, list[FacetValue]] = {}
        pending = {f: size + FACET_SLACK for f in facets}
        documents: int | None = None
        for _ in range(COMPLEMENT_ROUNDS):
            aggs: dict[str, Any] = {f: _among(f, whole[f].ranked[:n])
                                    for f, n in pending.items() if whole[f].ranked}
            if documents is None:
                aggs[DOC_COUNT] = DOC_COUNT_AGGREGATION
            rest = searcher.aggregate(without_words, aggs)
            if documents is None:
                documents = whole[DOC_COUNT] - doc_count(rest)
            wider = {}
            for facet, n in pending.items():
                ranked = whole[facet].ranked
                left_out = all_counts(rest.get(facet)) if ranked else {}
                top = ranked_values({v: c - left_out.get(v, 0) for v, c in ranked[:n]}, size)
                beyond = whole[facet].beyond(n)
                if beyond is not None and (beyond == 0 or (
                        len(top) == size and top[-1].count > beyond)):
                    found[facet] = top
                else:
                    wider[facet] = n * 4
            pending = wider
            if not pending:
                break
        if pending:  # the words change the order too much: count those facets straight
            found.update(self._straight(searcher, scope, parsed, list(pending))[0])
        assert documents is not None
        return found, documents

    def _whole(self, searcher: tantivy.Searcher, state: IndexState, bare: SearchQuery,
               facets: Sequence[str]) -> dict[str, Any]:
        """Each facet's most frequent values in a scope without words (``Whole``), and
        the scope's documents (``DOC_COUNT``): kept per index state."""
        base = scope_key(bare)
        kept = {f: self.scopes.get((state, base, f)) for f in (*facets, DOC_COUNT)}
        missing = [f for f in facets if kept[f] is None]
        if missing or kept[DOC_COUNT] is None:
            aggs: dict[str, Any] = {f: exact_top(f, WHOLE_TOP) for f in missing}
            aggs[DOC_COUNT] = DOC_COUNT_AGGREGATION
            result = searcher.aggregate(self.scope_query(searcher, bare, None, NO_WORDS), aggs)
            for facet in missing:
                kept[facet] = Whole.of(result.get(facet))
                self.scopes.put((state, base, facet), kept[facet])
            kept[DOC_COUNT] = doc_count(result)
            self.scopes.put((state, base, DOC_COUNT), kept[DOC_COUNT])
        return kept


@dataclass(frozen=True)
class Whole:
    """A facet's ``WHOLE_TOP`` most frequent values in a scope, exactly counted."""

    ranked: list[tuple[str, int]]  # most frequent first, ties by value
    complete: bool  # every value of the scope is in ``ranked``

    @classmethod
    def of(cls, result: dict[str, Any] | None) -> Whole:
        result = result or {}
        if result.get("doc_count_error_upper_bound", 0):
            raise ValueError("the engine returned inexact facet counts")
        buckets = [(str(b["key"]), int(b["doc_count"])) for b in result.get("buckets", [])]
        return cls(sorted(buckets, key=lambda item: (-item[1], item[0])),
                   not result.get("sum_other_doc_count", 0))

    def holds_top(self, size: int) -> bool:
        return self.complete or len(self.ranked) >= size

    def beyond(self, n: int) -> int | None:
        """The highest count after the first ``n`` values (None: not known)."""
        if n < len(self.ranked):
            return self.ranked[n][1]
        return 0 if self.complete else None


def exact_top(facet: str, size: int) -> dict[str, Any]:
    """The most frequent values, exactly: every segment's counts of every value merged
    (tantivy's default keeps a segment's top ``1.5 × size + 10`` only, and a value just
    under that in one segment is then undercounted, its place taken by another)."""
    agg = facet_aggregation(facet, size)
    agg["terms"]["shard_size"] = ALL_VALUES
    return agg


def _among(facet: str, candidates: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """The counts of just these values."""
    return {"terms": {"field": facet, "size": len(candidates), "shard_size": ALL_VALUES,
                      "include": [value for value, _ in candidates]}}


def _ranked(items: Sequence[tuple[str, int]]) -> list[FacetValue]:
    return [FacetValue(value, count) for value, count in items]


def scope_key(query: SearchQuery) -> tuple[Any, ...]:
    """Which documents a query matches: its words, filters, dates and what it counts."""
    filters = tuple(sorted((f, tuple(sorted(set(v)))) for f, v in query.active_filters().items()))
    return (query.text.strip(), filters, query.date_from, query.date_to, query.count)


def search_key(query: SearchQuery) -> tuple[Any, ...]:
    """What a search's counts depend on: not its page, order or highlighting."""
    return (*scope_key(query), tuple(query.facets), query.facet_size)


def _without_words(query: SearchQuery) -> SearchQuery:
    return replace(query, text="")


def estimated_share(searcher: tantivy.Searcher, tree: Node | None) -> float:
    """About what share of the index the words match, from document frequencies alone
    (no query run): only which way to count depends on it, never a count."""
    documents = searcher.num_docs
    if tree is None or documents == 0:
        return 1.0
    return min(1.0, _estimate(searcher, tree) / documents)


def _estimate(searcher: tantivy.Searcher, node: Node) -> float:
    if isinstance(node, Text):
        fields = searched_fields(node)
        # A token in any field: at least its most frequent field's documents.
        return min((max(searcher.doc_freq(name, token) for name in fields)
                    for token in node.tokens), default=0)
    if isinstance(node, Keyword):
        return sum(searcher.doc_freq(node.field, value) for value in node.values)
    if isinstance(node, AnyOf):
        return sum(_estimate(searcher, part) for part in node.parts)
    if isinstance(node, Not):
        return searcher.num_docs - _estimate(searcher, node.part)
    assert isinstance(node, AllOf)
    return min(_estimate(searcher, part) for part in node.parts)
