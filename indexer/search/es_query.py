"""SearchQuery -> Elasticsearch request bodies, and responses -> SearchResult.

Pure functions on plain dicts, tested without a server (tests/unit/test_es_query.py).
The semantics mirror the tantivy backend: the query language's tree
(``query_language``) as ``bool`` queries, every word's tokens required, each in any
text field (title weighted most), a phrase as ``match_phrase`` over the same jieba
tokens (the segmented fields keep positions); values of one facet ORed, facets ANDed; a facet's
own filter goes into ``post_filter`` and every facet is counted under the other
facets' filters only (multi-select facets).
"""

from __future__ import annotations

from typing import Any

from indexer.search.aggregations import facet_aggregation, facet_values, histogram_aggregation
from indexer.search.facet_pages import (
    MAX_FACET_VALUES,
    FacetRequest,
    check_facet_request,
    values_aggregation,
)
from indexer.search.fields import FIRST_PRINTING
from indexer.search.query import (
    FacetValue,
    Hit,
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
from indexer.search.snippets import SNIPPET_CHARS, make_snippet, merge_adjacent_marks
from indexer.search.validation import check_query

FACET_AGG_PREFIX = "facet_"
TIE_BREAKER = {"id": "asc"}
HIGHLIGHT_FIELD = "body"


def build_search_body(query: SearchQuery) -> dict[str, Any]:
    """One page of hits, with facet counts and highlights."""
    check_query(query)
    parsed = parse_query(query.text)
    body: dict[str, Any] = {
        "query": get_query(query, parsed, get_filters(query, skip=query.facets)),
        "from": query.offset,
        "size": query.size,
        "track_total_hits": True,
        "sort": get_sort(effective_sort(query, parsed.ranked)),
    }
    post_filter = get_post_filter(query)
    if post_filter:
        body["post_filter"] = post_filter
    aggregations = get_aggregations(query)
    if aggregations:
        body["aggs"] = aggregations
    highlight = get_highlight(query, parsed)
    if highlight:
        body["highlight"] = highlight
    return body


def build_count_body(query: SearchQuery) -> dict[str, Any]:
    check_query(query)
    return {"query": get_query(query, parse_query(query.text), get_filters(query))}


def build_scan_body(query: SearchQuery, page_size: int) -> dict[str, Any]:
    """The first request of a search_after walk over every match."""
    check_query(query)
    parsed = parse_query(query.text)
    return {
        "query": get_query(query, parsed, get_filters(query)),
        "sort": get_sort(effective_sort(query, parsed.ranked)),
        "size": page_size,
        "track_total_hits": False,
    }


def build_histogram_body(query: SearchQuery, interval: str, by: str | None) -> dict[str, Any]:
    check_query(query)
    return {
        "query": get_query(query, parse_query(query.text), get_filters(query)),
        "size": 0,
        "aggs": {"histogram": histogram_aggregation(interval, by)},
    }


def build_facet_body(query: SearchQuery, request: FacetRequest) -> dict[str, Any]:
    """Every value of one facet, counted without its own filter (``facet_page``)."""
    check_query(query)
    check_facet_request(request)
    filters = get_filters(query, skip=(request.facet,))
    values = values_aggregation(request.facet)
    # Each shard returns every value it holds (up to the cap): the counts are exact.
    values["terms"]["shard_size"] = MAX_FACET_VALUES
    return {"query": get_query(query, parse_query(query.text), filters), "size": 0,
            "track_total_hits": False, "aggs": {"values": values}}


# -- the parts ----------------------------------------------------------------------


def get_query(query: SearchQuery, parsed: ParsedQuery, filters: list[dict[str, Any]]) -> dict:
    """Text (scored) AND date range AND ``filters`` (not scored)."""
    filters = filters + get_date_filter(query)
    text = get_text_query(parsed.tree)
    if text is None and not filters:
        return {"match_all": {}}
    clause: dict[str, Any] = {}
    if text is not None:
        clause["must"] = [text]
    if filters:
        clause["filter"] = filters
    return {"bool": clause}


def get_text_query(tree: Node | None) -> dict[str, Any] | None:
    """The query language's tree as an Elasticsearch query."""
    return None if tree is None else _translate(tree)


def _translate(node: Node) -> dict[str, Any]:
    if isinstance(node, Text):
        return _text(node)
    if isinstance(node, Keyword):
        return {"terms": {node.field: list(node.values)}}
    if isinstance(node, AnyOf):
        return _any([_translate(p) for p in node.parts])
    parts = node.parts if isinstance(node, AllOf) else (node,)
    clause: dict[str, Any] = {}
    kept = [_translate(p) for p in parts if not isinstance(p, Not)]
    left_out = [_translate(p.part) for p in parts if isinstance(p, Not)]
    # A bool of must_not alone matches every other article, as tantivy's all-query does.
    if kept:
        clause["must"] = kept
    if left_out:
        clause["must_not"] = left_out
    return {"bool": clause}


def _text(node: Text) -> dict[str, Any]:
    """A phrase in any of its fields; a word's every token, each in any of its fields."""
    fields = searched_fields(node)
    if node.phrase:
        phrase = " ".join(node.tokens)  # the whitespace analyser cuts it back into tokens
        return _any([{"match_phrase": {name: {"query": phrase, "boost": boost}}}
                     for name, boost in fields.items()])
    per_token = [
        _any([{"term": {name: {"value": token, "boost": boost}}}
              for name, boost in fields.items()])
        for token in node.tokens
    ]
    return per_token[0] if len(per_token) == 1 else {"bool": {"must": per_token}}


def _any(queries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def get_filters(query: SearchQuery, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """One ``terms`` filter per filtered facet (its values ORed), except those in ``skip``.
    Counting stories, only each story's lead printing."""
    filters = [
        {"terms": {facet: list(values)}}
        for facet, values in query.active_filters().items()
        if facet not in skip
    ]
    if query.count == "stories":
        filters.append({"term": {"printing": FIRST_PRINTING}})
    return filters


def get_date_filter(query: SearchQuery) -> list[dict[str, Any]]:
    low, high = date_bounds(query)
    if low is None and high is None:
        return []
    bounds = {k: v for k, v in (("gte", low), ("lte", high)) if v is not None}
    return [{"range": {"date_key": bounds}}]


def get_post_filter(query: SearchQuery) -> dict[str, Any] | None:
    """Filters of counted facets: they narrow the hits after the facets are counted."""
    counted = get_filters(query, skip=_uncounted(query))
    return {"bool": {"filter": counted}} if counted else None


def get_aggregations(query: SearchQuery) -> dict[str, Any]:
    """Each facet counted under every post filter except its own."""
    return {FACET_AGG_PREFIX + facet: _facet_aggregation(query, facet) for facet in query.facets}


def _facet_aggregation(query: SearchQuery, facet: str) -> dict[str, Any]:
    terms = facet_aggregation(facet, query.facet_size)
    terms["terms"]["order"] = [{"_count": "desc"}, {"_key": "asc"}]
    others = get_filters(query, skip=(*_uncounted(query), facet))
    scope = {"bool": {"filter": others}} if others else {"match_all": {}}
    return {"filter": scope, "aggs": {"values": terms}}


def _uncounted(query: SearchQuery) -> tuple[str, ...]:
    return tuple(f for f in query.active_filters() if f not in query.facets)


def get_sort(sort: str) -> list[Any]:
    """The order of hits; ``id`` breaks ties, so search_after never skips or repeats."""
    if sort == "relevance":
        return [{"_score": "desc"}, TIE_BREAKER]
    order = "asc" if sort == "date" else "desc"
    return [{"date_key": {"order": order, "missing": "_last"}}, TIE_BREAKER]


def get_highlight(query: SearchQuery, parsed: ParsedQuery) -> dict[str, Any] | None:
    """Marks in the raw body (cjk-analysed), for each word and phrase the user typed.

    The hits were found through jieba tokens, which the raw field does not have, so
    the highlighter gets its own query: each typed word as a phrase of bigrams (not
    the operators, nor what NOT leaves out). A word typed in traditional characters
    marks nothing in a simplified body: the hit then gets our own snippet, which folds.
    """
    if not query.highlight or not parsed.typed:
        return None
    phrases = [{"match_phrase": {HIGHLIGHT_FIELD: word}} for word in parsed.typed]
    return {
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "fields": {
            HIGHLIGHT_FIELD: {
                "type": "unified",
                "fragment_size": SNIPPET_CHARS,
                "number_of_fragments": 1,
                "no_match_size": 0,
                "highlight_query": {"bool": {"should": phrases, "minimum_should_match": 1}},
            }
        },
    }


# -- reading responses -------------------------------------------------------------


def read_search_response(response: dict[str, Any], query: SearchQuery) -> SearchResult:
    parsed = parse_query(query.text)
    scored = effective_sort(query, parsed.ranked) == "relevance"
    hits = [read_hit(raw, query, parsed.terms, scored) for raw in response["hits"]["hits"]]
    aggregations = response.get("aggregations", {})
    facets = {f: read_facet(aggregations, f, query.facet_size) for f in query.facets}
    return SearchResult(total=_total(response), hits=hits, facets=facets)


def read_hit(raw: dict[str, Any], query: SearchQuery, terms: tuple[str, ...],
             scored: bool) -> Hit:
    doc = raw["_source"]
    score = float(raw.get("_score") or 0.0) if scored else 0.0
    return Hit(id=raw["_id"], score=score, doc=doc, snippet=read_snippet(raw, query, terms))


def read_snippet(raw: dict[str, Any], query: SearchQuery, terms: tuple[str, ...]
                 ) -> str | None:
    """Elasticsearch's highlight when it found the typed words, else our own excerpt."""
    if not query.highlight:
        return None
    fragments = raw.get("highlight", {}).get(HIGHLIGHT_FIELD)
    if fragments:
        return merge_adjacent_marks(" … ".join(fragments))
    return make_snippet(raw["_source"].get("body") or "", terms)


def read_facet(aggregations: dict[str, Any], facet: str, size: int) -> list[FacetValue]:
    return facet_values(aggregations.get(FACET_AGG_PREFIX + facet, {}).get("values"), size)


def _total(response: dict[str, Any]) -> int:
    total = response["hits"]["total"]
    return int(total["value"] if isinstance(total, dict) else total)
