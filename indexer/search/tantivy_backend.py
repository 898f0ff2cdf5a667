"""The embedded search backend: a tantivy index in a local folder.

Text is segmented by ``analysis`` before tantivy sees it (whitespace tokenizer), so
index and queries agree; facets are raw-tokenized fast fields counted by terms
aggregations; ``date_key`` is a fast integer for sorting and date ranges.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import tantivy
from tantivy import FieldType, Occur, Order, Query

from indexer.search.aggregations import (
    facet_aggregation,
    facet_scopes,
    facet_values,
    histogram_aggregation,
    histogram_buckets,
)
from indexer.search.base import BackendUnavailable, SearchBackend
from indexer.search.facet_cache import BoundedCache
from indexer.search.facet_pages import (
    FacetPage,
    FacetRequest,
    check_facet_request,
    page_of_values,
    values_aggregation,
)
from indexer.search.fields import (
    FIELDS,
    FIRST_PRINTING,
    derived_values,
    keyword_values,
)
from indexer.search.query import (
    Bucket,
    FacetValue,
    Hit,
    IndexReport,
    SearchQuery,
    SearchResult,
    date_bounds,
    effective_sort,
)
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
from indexer.search.snippets import make_snippet
from indexer.search.tantivy_facets import FacetCounter
from indexer.search.tantivy_ids import matching_ids
from indexer.search.tantivy_store import STORED_DOC, Generation, IndexStore
from indexer.search.validation import check_query

WRITER_HEAP = 128_000_000
LOCK_WAIT_SECONDS = 10.0  # an ingest batch commits well within this
# A story's other printings (``fields.derived_values``); named here, not in fields.py,
# whose source is part of the documents' fingerprint (editing it reindexes everything).
REPRINT = "reprint"
# The bench's switch (bench/bench_facets.py): "plain" counts facets the old way, every
# time; "uncached" keeps no search's counts (every request counted as the first time).
FACETS_ENV = "UNIONKB_FACETS"


class TantivyBackend(SearchBackend):
    name = "tantivy"
    keeps_counts = True

    def __init__(
        self, index_dir: Path, writer_heap: int = WRITER_HEAP, fast_facets: bool | None = None
    ) -> None:
        self.store = IndexStore(Path(index_dir))
        self.schema = self.store.schema
        self.writer_heap = writer_heap
        mode = os.environ.get(FACETS_ENV, "")
        # Cached and complement counting (tantivy_facets); False: every count counted
        # straight, as before, for the bench's comparison.
        self.fast_facets = mode != "plain" if fast_facets is None else fast_facets
        self.facet_counter = FacetCounter(
            self._scope,
            lambda tree: _translate(self.schema, tree))
        if mode == "uncached":
            self.facet_counter.searches = BoundedCache(0)
        # One writer at a time in this process; tantivy's lock file covers other processes.
        self._write_lock = threading.Lock()

    # -- writing ---------------------------------------------------------------------

    def index_documents(self, docs: Iterable[dict[str, Any]]) -> IndexReport:
        with self._write_lock:
            generation = self.store.live()
            report = self._write(generation, docs, replace=True)
            generation.reload()
        return report

    def delete(self, ids: Iterable[str]) -> None:
        with self._write_lock:
            generation = self.store.live()
            writer = self._writer(generation)
            for doc_id in ids:
                writer.delete_documents_by_term("id", str(doc_id))
            _finish(writer)
            generation.reload()

    def rebuild(self, docs: Iterable[dict[str, Any]]) -> IndexReport:
        with self._write_lock:
            generation = self.store.new_generation()
            try:
                report = self._write(generation, docs, replace=False)
            except BaseException:
                self.store.discard(generation)
                raise
            self.store.switch(generation)
        return report

    def _writer(self, generation: Generation) -> tantivy.IndexWriter:
        """A writer, waiting a while if another process holds the index's write lock."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return generation.index.writer(heap_size=self.writer_heap)
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise BackendUnavailable(
                        f"Another process is writing the search index at {generation.path}; "
                        "try again when it has finished."
                    ) from None
                time.sleep(0.2)

    def _write(
        self, generation: Generation, docs: Iterable[dict[str, Any]], replace: bool
    ) -> IndexReport:
        report = IndexReport()
        writer = self._writer(generation)
        try:
            for doc in docs:
                self._add(writer, doc, report, replace)
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()  # releases the lock even while the error is kept
            raise
        _finish(writer)
        return report

    def _add(
        self, writer: tantivy.IndexWriter, doc: dict[str, Any], report: IndexReport, replace: bool
    ) -> None:
        try:
            document = to_tantivy(doc)
        except Exception as exc:  # noqa: BLE001 - one bad document is reported, not fatal
            report.errors.append((str(doc.get("id", "?")), f"{type(exc).__name__}: {exc}"))
            return
        if replace:
            writer.delete_documents_by_term("id", str(doc["id"]))
        writer.add_document(document)
        report.indexed += 1

    # -- reading ---------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        check_query(query)
        searcher, state = self._reader()
        parsed = parse_query(query.text)
        if not self.fast_facets:
            total, page = self._page(searcher, query, parsed)
            facets = self._facets(searcher, query, parsed)
        else:
            counted = self.facet_counter.count(searcher, state, query, parsed)
            scope = self._scope(searcher, query, None, parsed)
            hits = None if counted.total is None else self._by_date_among_years(
                searcher, query, parsed, scope, counted.facets)
            if hits is None:
                total, page = self._page(searcher, query, parsed, known_total=counted.total,
                                         scope=scope)
            else:
                total, page = counted.total, hits
            assert total is not None
            facets = {f: list(values) for f, values in counted.facets.items()}  # kept: copy
        hits = [self._hit(searcher, score, address, query, parsed) for score, address in page]
        return SearchResult(total=total, hits=hits, facets=facets)

    def count(self, query: SearchQuery) -> int:
        check_query(query)
        return self._searcher().search(self._query(query), limit=1, count=True).count

    def scan(self, query: SearchQuery) -> Iterator[dict[str, Any]]:
        check_query(query)
        searcher = self._searcher()
        parsed = parse_query(query.text)
        total = searcher.search(self._query(query, parsed=parsed), limit=1).count
        if total == 0:
            return iter(())
        _, hits = self._ranked(searcher, query, parsed, limit=total, offset=0)
        return (_stored(searcher, address) for _, address in hits)

    def scan_ids(self, query: SearchQuery) -> list[str]:
        check_query(query)
        searcher = self._searcher()
        scope = self._scope(searcher, query, None, parse_query(query.text))
        total = searcher.search(scope, limit=1, count=True).count
        ids = matching_ids(searcher, self.schema, scope, total)
        if ids is None or len(ids) != total:  # no cut into parts: the stored documents
            return [doc["id"] for doc in self.scan(query)]
        return ids

    def histogram(
        self, query: SearchQuery, interval: Literal["year", "month"], by: str | None = None
    ) -> list[Bucket]:
        check_query(query)
        agg = histogram_aggregation(interval, by)
        result = self._searcher().aggregate(self._query(query), {"histogram": agg})
        return histogram_buckets(result["histogram"], by)

    def facet_page(self, query: SearchQuery, request: FacetRequest) -> FacetPage:
        check_query(query)
        check_facet_request(request)
        scope = self._query(query, skip_facet=request.facet)
        result = self._searcher().aggregate(scope, {"values": values_aggregation(request.facet)})
        return page_of_values(result.get("values"), request)

    def _searcher(self) -> tantivy.Searcher:
        return self._reader()[0]

    def _reader(self) -> tuple[tantivy.Searcher, tuple[str, Any]]:
        """A searcher, and the state of the index it reads (the facet counts' cache key).

        The stamp is read before the reload, so counts are never kept under a newer
        state than the one they were counted on."""
        generation = self.store.live()
        generation.refresh()
        return generation.index.searcher(), generation.state

    def _query(
        self, query: SearchQuery, skip_facet: str | None = None,
        parsed: ParsedQuery | None = None,
    ) -> Query:
        if parsed is None:
            parsed = parse_query(query.text)
        return build_query(self.schema, query, parsed, skip_facet)

    def _scope(self, searcher: tantivy.Searcher, query: SearchQuery, skip_facet: str | None,
               parsed: ParsedQuery) -> Query:
        """``_query``, without the lead-printings clause when the index holds no reprint at
        all (not even a deleted one): the clause then matches every document, and an
        intersection with it costs a ranked page three times its words alone."""
        every_one_a_lead = searcher.doc_freq("printing", REPRINT) == 0
        return build_query(self.schema, query, parsed, skip_facet, every_one_a_lead)

    def _page(
        self, searcher: tantivy.Searcher, query: SearchQuery, parsed: ParsedQuery,
        known_total: int | None = None, scope: Query | None = None,
    ) -> tuple[int, list[tuple[Any, tantivy.DocAddress]]]:
        """The total and a page of hits; a total the facet counting saw is not counted again."""
        if query.size == 0:
            if known_total is not None:
                return known_total, []
            return searcher.search(self._query(query, parsed=parsed), limit=1).count, []
        total, hits = self._ranked(searcher, query, parsed, limit=query.size,
                                   offset=query.offset, count=known_total is None, scope=scope)
        return (total if known_total is None else known_total), hits

    def _by_date_among_years(
        self, searcher: tantivy.Searcher, query: SearchQuery, parsed: ParsedQuery,
        scope: Query, facets: dict[str, list[FacetValue]],
    ) -> list[tuple[Any, tantivy.DocAddress]] | None:
        """A page in date order searched among the newest (or oldest) years only, which the
        year counts say hold twice the page; None when it cannot be (then: everything).

        Exact: the documents left out all sort after the ones kept (older, newer, or
        undated, which tantivy puts last either way), and the page is used only when the
        years kept hold as many documents as the page reaches."""
        sort = effective_sort(query, parsed.ranked)
        years = [(int(v.value), v.count) for v in facets.get("year", []) if v.value.isdigit()]
        if sort == "relevance" or query.size == 0 or "year" in query.active_filters() or not years:
            return None
        newest_first = sort == "-date"
        reach, held, edge = query.offset + query.size, 0, None
        for year, count in sorted(years, reverse=newest_first):
            held, edge = held + count, year
            if held >= 2 * reach:
                break
        else:
            return None
        low, high = (edge * 10_000 + 101, None) if newest_first else (None, edge * 10_000 + 1231)
        kept = Query.range_query(self.schema, "date_key", FieldType.Integer, low, high)
        result = searcher.search(
            Query.boolean_query([(Occur.Must, scope), (Occur.Must, kept)]),
            limit=query.size, offset=query.offset, count=True, **get_sort(sort))
        return result.hits if result.count >= reach else None

    def _ranked(
        self, searcher: tantivy.Searcher, query: SearchQuery, parsed: ParsedQuery,
        limit: int, offset: int, count: bool = True, scope: Query | None = None,
    ) -> tuple[int, list[tuple[Any, tantivy.DocAddress]]]:
        result = searcher.search(
            scope or self._query(query, parsed=parsed), limit=limit, offset=offset, count=count,
            **get_sort(effective_sort(query, parsed.ranked)),
        )
        return (result.count or 0), result.hits

    def _hit(
        self, searcher: tantivy.Searcher, score: Any, address: tantivy.DocAddress,
        query: SearchQuery, parsed: ParsedQuery,
    ) -> Hit:
        doc = _stored(searcher, address)
        relevance = float(score) if effective_sort(query, parsed.ranked) == "relevance" else 0.0
        snippet = make_snippet(doc.get("body") or "", parsed.terms) if query.highlight else None
        return Hit(id=doc["id"], score=relevance, doc=doc, snippet=snippet)

    def _facets(
        self, searcher: tantivy.Searcher, query: SearchQuery, parsed: ParsedQuery
    ) -> dict[str, list[FacetValue]]:
        """Counts per facet; a filtered facet is counted without its own filter."""
        counts: dict[str, list[FacetValue]] = {}
        for skip, facets in facet_scopes(query).items():
            aggs = {f: facet_aggregation(f, query.facet_size) for f in facets}
            result = searcher.aggregate(self._query(query, skip, parsed), aggs)
            for facet in facets:
                counts[facet] = facet_values(result.get(facet), query.facet_size)
        return {f: counts[f] for f in query.facets}

    def state(self) -> tuple[str, Any]:
        """The live generation and its last commit (meta.json's identity)."""
        return self._reader()[1]

    def close(self) -> None:
        pass


def to_tantivy(doc: dict[str, Any]) -> tantivy.Document:
    """An index document as tantivy fields, plus the document itself, stored as JSON."""
    if not doc.get("id"):
        raise ValueError("document has no id")
    values = {**doc, **derived_values(doc)}
    document = tantivy.Document()
    for field in FIELDS:
        _add_value(document, field.name, field.kind, values.get(field.name))
    document.add_bytes(STORED_DOC, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    return document


def _add_value(document: tantivy.Document, name: str, kind: str, value: Any) -> None:
    if kind == "segmented" and value:
        document.add_text(name, value)
    elif kind == "keyword":
        for item in keyword_values(value):
            document.add_text(name, item)
    elif kind == "integer" and value is not None:
        document.add_integer(name, int(value))


def _finish(writer: tantivy.IndexWriter) -> None:
    writer.commit()
    # Waits for merges and releases the writer lock, so another process can write.
    writer.wait_merging_threads()


def _stored(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict[str, Any]:
    return json.loads(searcher.doc(address).get_first(STORED_DOC))


# -- query building: pure functions of the schema and the query --------------------


def build_query(
    schema: tantivy.Schema, query: SearchQuery, parsed: ParsedQuery,
    skip_facet: str | None = None, every_one_a_lead: bool = False,
) -> Query:
    """Text AND filters AND date range; ``skip_facet``'s filter is left out (its counts).
    ``every_one_a_lead``: the index holds no reprint, counting stories needs no clause."""
    clauses = [get_text_query(schema, parsed.tree)]
    clauses += get_filters(schema, query, skip_facet, every_one_a_lead)
    clauses += get_date_range(schema, query)
    clauses = [c for c in clauses if c is not None]
    if not clauses:
        return Query.all_query()
    if len(clauses) == 1:
        return clauses[0]
    return Query.boolean_query([(Occur.Must, c) for c in clauses])


def get_text_query(schema: tantivy.Schema, tree: Node | None) -> Query | None:
    """The query language's tree (``query_language``) as a tantivy query."""
    return None if tree is None else _translate(schema, tree)


def _translate(schema: tantivy.Schema, node: Node) -> Query:
    if isinstance(node, Text):
        return _text(schema, node)
    if isinstance(node, Keyword):
        return Query.term_set_query(schema, node.field, list(node.values))
    if isinstance(node, AnyOf):
        return Query.boolean_query([(Occur.Should, _translate(schema, p)) for p in node.parts])
    parts = node.parts if isinstance(node, AllOf) else (node,)
    kept = [(Occur.Must, _translate(schema, p)) for p in parts if not isinstance(p, Not)]
    left_out = [(Occur.MustNot, _translate(schema, p.part)) for p in parts if isinstance(p, Not)]
    # Leaving out needs something to leave it out of: every article.
    base = kept or [(Occur.Must, Query.all_query())]
    return Query.boolean_query([*base, *left_out])


def _text(schema: tantivy.Schema, node: Text) -> Query:
    """A phrase in any of its fields; a word's every token, each in any of its fields.

    A title match weighs most (the fields' boosts).
    """
    fields = searched_fields(node)
    if node.phrase:
        return _in_any_field(
            (Query.phrase_query(schema, name, list(node.tokens)), boost)
            for name, boost in fields.items())
    per_token = [
        (Occur.Must, _in_any_field(
            (Query.term_query(schema, name, token), boost) for name, boost in fields.items()))
        for token in node.tokens
    ]
    return per_token[0][1] if len(per_token) == 1 else Query.boolean_query(per_token)


def _in_any_field(queries: Iterable[tuple[Query, float]]) -> Query:
    return Query.boolean_query([(Occur.Should, Query.boost_query(q, boost))
                                for q, boost in queries])


def get_filters(
    schema: tantivy.Schema, query: SearchQuery, skip_facet: str | None = None,
    every_one_a_lead: bool = False,
) -> list[Query]:
    """One clause per filtered facet: any of its values (OR); the clauses are ANDed.
    Counting stories, only each story's lead printing."""
    clauses = [
        Query.term_set_query(schema, facet, list(values))
        for facet, values in query.active_filters().items()
        if facet != skip_facet
    ]
    if query.count == "stories" and not every_one_a_lead:
        clauses.append(Query.term_set_query(schema, "printing", [FIRST_PRINTING]))
    return clauses


def get_date_range(schema: tantivy.Schema, query: SearchQuery) -> list[Query]:
    low, high = date_bounds(query)
    if low is None and high is None:
        return []
    return [Query.range_query(schema, "date_key", FieldType.Integer, low, high)]


def get_sort(sort: str) -> dict[str, Any]:
    if sort == "relevance":
        return {}
    return {"order_by_field": "date_key", "order": Order.Asc if sort == "date" else Order.Desc}
