"""A facet page's Elasticsearch request, checked on plain dicts (no server)."""

from __future__ import annotations

import pytest

from indexer.search.es_query import build_facet_body
from indexer.search.facet_pages import MAX_FACET_VALUES, FacetRequest, page_of_values
from indexer.search.query import FacetValue, SearchQuery
from indexer.search.validation import InvalidQuery


def test_the_facets_own_filter_is_left_out_and_the_others_kept() -> None:
    query = SearchQuery(filters={"province": ("青海省",), "theme": ("职工服务",)})
    body = build_facet_body(query, FacetRequest("province"))
    assert body["query"] == {"bool": {"filter": [{"terms": {"theme": ["职工服务"]}}]}}
    assert body["size"] == 0


def test_every_value_is_asked_of_every_shard() -> None:
    terms = build_facet_body(SearchQuery(), FacetRequest("programme"))["aggs"]["values"]["terms"]
    assert terms == {"field": "programme", "size": MAX_FACET_VALUES,
                     "shard_size": MAX_FACET_VALUES}


def test_a_bad_request_is_refused_before_any_body() -> None:
    with pytest.raises(InvalidQuery, match="limit"):
        build_facet_body(SearchQuery(), FacetRequest("programme", limit=1000))


def test_buckets_are_filtered_ordered_and_cut() -> None:
    buckets = [("职工书屋", 2), ("工会驿站", 5), ("户外劳动者驿站", 5), ("驿站", 1)]
    result = {"buckets": [{"key": k, "doc_count": n} for k, n in buckets],
              "sum_other_doc_count": 3}
    page = page_of_values(result, FacetRequest("programme", contains="驿站", offset=1, limit=1))
    assert (page.total, page.values, page.complete) == (3, [FacetValue("户外劳动者驿站", 5)], False)
