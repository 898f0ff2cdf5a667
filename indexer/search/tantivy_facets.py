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
  document or not), both sides are counted over the same live documents, and every
  value's count is asked for (``all_counts`` refuses a partial answer);
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
    DOC_COUNT,
    DOC_COUNT_AGGREGATION,
    all_counts,
    all_values_aggregation,
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

# The words must match more than this share of their scope for the complement to pay.
COMPLEMENT_SHARE = 0.5
SEARCHES_CACHED = 512  # a search's counts are a few KB
SCOPES_CACHED = 64  # a scope's counts of every value of one facet (person: ~100 k values)

# (query, facet left out or None, parsed words) -> the tantivy query of that scope
ScopeQuery = Callable[[SearchQuery, "str | None", ParsedQuery], Query]
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
            total = doc_count(searcher.aggregate(
                self.scope_query(query, None, parsed), {DOC_COUNT: DOC_COUNT_AGGREGATION}))
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
            return ({f: ranked_values(whole[f], scope.facet_size) for f in facets},
                    whole[DOC_COUNT])
        aggs: dict[str, Any] = {f: facet_aggregation(f, scope.facet_size) for f in facets}
        aggs[DOC_COUNT] = DOC_COUNT_AGGREGATION
        result = searcher.aggregate(self.scope_query(scope, None, parsed), aggs)
        return ({f: facet_values(result.get(f), scope.facet_size) for f in facets},
                doc_count(result))

    def _by_complement(self, searcher: tantivy.Searcher, state: IndexState,
                       scope: SearchQuery, parsed: ParsedQuery, facets: Sequence[str]
                       ) -> tuple[dict[str, list[FacetValue]], int]:
        assert parsed.tree is not None
        bare = _without_words(scope)
        whole = self._whole(searcher, state, bare, facets)
        without_words = Query.boolean_query([
            (Occur.Must, self.scope_query(bare, None, NO_WORDS)),
            (Occur.MustNot, self.text_query(parsed.tree)),
        ])
        aggs: dict[str, Any] = {f: all_values_aggregation(f) for f in facets}
        aggs[DOC_COUNT] = DOC_COUNT_AGGREGATION
        rest = searcher.aggregate(without_words, aggs)
        found = {}
        for facet in facets:
            left_out = all_counts(rest.get(facet))
            counts = {v: n - left_out.get(v, 0) for v, n in whole[facet].items()}
            found[facet] = ranked_values(counts, scope.facet_size)
        return found, whole[DOC_COUNT] - doc_count(rest)

    def _whole(self, searcher: tantivy.Searcher, state: IndexState, bare: SearchQuery,
               facets: Sequence[str]) -> dict[str, Any]:
        """Every value's count of each facet in a scope without words, and the scope's
        documents (under ``DOC_COUNT``): kept per index state."""
        base = scope_key(bare)
        kept = {f: self.scopes.get((state, base, f)) for f in (*facets, DOC_COUNT)}
        missing = [f for f in facets if kept[f] is None]
        if missing or kept[DOC_COUNT] is None:
            aggs: dict[str, Any] = {f: all_values_aggregation(f) for f in missing}
            aggs[DOC_COUNT] = DOC_COUNT_AGGREGATION
            result = searcher.aggregate(self.scope_query(bare, None, NO_WORDS), aggs)
            for facet in missing:
                kept[facet] = all_counts(result.get(facet))
                self.scopes.put((state, base, facet), kept[facet])
            kept[DOC_COUNT] = doc_count(result)
            self.scopes.put((state, base, DOC_COUNT), kept[DOC_COUNT])
        return kept


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
