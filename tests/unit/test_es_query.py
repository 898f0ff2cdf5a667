"""The Elasticsearch backend without a server.

Query translation is checked on plain dicts; bulk error handling, retries and the
alias swap run the real client and its ``streaming_bulk`` helper against an
in-memory fake node, so everything but the server itself is exercised. The same
backend against a real server is covered by tests/contract/test_search_backends.py.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elasticsearch import Elasticsearch

from indexer.config import Settings
from indexer.search import open_backend
from indexer.search.base import BackendUnavailable
from indexer.search.elasticsearch_backend import (
    BULK_RETRIES,
    ElasticsearchBackend,
    bulk_action,
    connection_options,
    rejection,
)
from indexer.search.es_mapping import index_template, mappings
from indexer.search.es_query import (
    build_count_body,
    build_histogram_body,
    build_scan_body,
    build_search_body,
    get_text_query,
    read_search_response,
)
from indexer.search.fields import SEGMENTED_FIELDS
from indexer.search.query import FACETS, FacetValue, SearchQuery
from indexer.search.query_language import Text
from indexer.search.validation import InvalidQuery
from tests.paths import FIXTURES

DOCS: list[dict[str, Any]] = json.loads(
    (FIXTURES / "search" / "documents.json").read_text("utf-8")
)

# -- query translation ----------------------------------------------------------------


def test_empty_query_matches_all_newest_first() -> None:
    body = build_search_body(SearchQuery())
    assert body["query"] == {"match_all": {}}
    assert body["sort"] == [{"date_key": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    assert (body["from"], body["size"], body["track_total_hits"]) == (0, 20, True)
    assert "post_filter" not in body and "highlight" not in body
    assert set(body["aggs"]) == {f"facet_{f}" for f in FACETS}
    assert body["aggs"]["facet_province"]["filter"] == {"match_all": {}}


def test_every_query_word_is_required_in_some_text_field() -> None:
    text = get_text_query(Text(("暖", "新保")))
    assert text is not None
    musts = text["bool"]["must"]
    assert len(musts) == 2
    should = musts[1]["bool"]["should"]
    assert musts[1]["bool"]["minimum_should_match"] == 1
    assert {"term": {"title_seg": {"value": "新保", "boost": 3.0}}} in should
    assert {"term": {"body_seg": {"value": "新保", "boost": 1.0}}} in should
    assert len(should) == len(SEGMENTED_FIELDS)


def test_text_is_analysed_like_the_index() -> None:
    body = build_search_body(SearchQuery(text="暖新保"))
    assert body["query"] == {"bool": {"must": [get_text_query(Text(("暖", "新保")))]}}
    assert body["sort"] == [{"_score": "desc"}, {"id": "asc"}]


def test_facet_filters_go_to_post_filter_and_other_facets_aggregations() -> None:
    query = SearchQuery(filters={"province": ("青海省", "甘肃省"), "theme": ("职工服务",)})
    body = build_search_body(query)
    province = {"terms": {"province": ["青海省", "甘肃省"]}}
    theme = {"terms": {"theme": ["职工服务"]}}
    assert body["query"] == {"match_all": {}}
    assert body["post_filter"] == {"bool": {"filter": [province, theme]}}
    aggs = body["aggs"]
    assert aggs["facet_province"]["filter"] == {"bool": {"filter": [theme]}}
    assert aggs["facet_theme"]["filter"] == {"bool": {"filter": [province]}}
    assert aggs["facet_year"]["filter"] == {"bool": {"filter": [province, theme]}}
    terms = aggs["facet_province"]["aggs"]["values"]["terms"]
    assert terms["field"] == "province"
    assert terms["order"] == [{"_count": "desc"}, {"_key": "asc"}]
    assert terms["size"] >= query.facet_size


def test_filters_of_uncounted_facets_narrow_the_main_query() -> None:
    query = SearchQuery(filters={"province": ("青海省",), "year": ("2025",)}, facets=("year",))
    body = build_search_body(query)
    assert body["query"] == {"bool": {"filter": [{"terms": {"province": ["青海省"]}}]}}
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"year": ["2025"]}}]}}
    assert body["aggs"]["facet_year"]["filter"] == {"match_all": {}}


def test_no_facets_no_aggregations() -> None:
    body = build_search_body(SearchQuery(facets=(), filters={"city": ("西宁市",)}))
    assert "aggs" not in body and "post_filter" not in body
    assert body["query"]["bool"]["filter"] == [{"terms": {"city": ["西宁市"]}}]


def test_date_range_is_inclusive_and_partial_dates_cover_their_period() -> None:
    body = build_count_body(SearchQuery(date_from="2023-05", date_to="2023"))
    assert body["query"] == {"bool": {"filter": [
        {"range": {"date_key": {"gte": 20230501, "lte": 20231231}}}]}}
    only_from = build_count_body(SearchQuery(date_from="2025-03-19"))["query"]
    assert only_from["bool"]["filter"] == [{"range": {"date_key": {"gte": 20250319}}}]


def test_text_and_filters_and_dates_combine_in_one_bool() -> None:
    body = build_count_body(SearchQuery(text="工会驿站", filters={"province": ("青海省",)},
                                        date_to="2025-12-31"))
    bool_query = body["query"]["bool"]
    assert bool_query["must"] == [get_text_query(Text(("工会", "驿站")))]
    assert bool_query["filter"] == [
        {"terms": {"province": ["青海省"]}}, {"range": {"date_key": {"lte": 20251231}}}]


def test_sort_and_paging() -> None:
    body = build_search_body(SearchQuery(text="工会", sort="date", page=3, size=10))
    assert body["sort"][0] == {"date_key": {"order": "asc", "missing": "_last"}}
    assert (body["from"], body["size"]) == (20, 10)


def test_paging_beyond_the_window_is_refused() -> None:
    with pytest.raises(ValueError, match="export"):
        build_search_body(SearchQuery(page=101, size=100))


def test_highlight_marks_the_typed_words_in_the_raw_body() -> None:
    highlight = build_search_body(SearchQuery(text="暖新保 APP"))["highlight"]
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    assert highlight["encoder"] == "html"
    body = highlight["fields"]["body"]
    assert body["number_of_fragments"] == 1
    assert body["highlight_query"]["bool"]["should"] == [
        {"match_phrase": {"body": "暖新保"}}, {"match_phrase": {"body": "APP"}}]


def test_no_highlight_without_words_or_when_not_asked() -> None:
    assert "highlight" not in build_search_body(SearchQuery(text="暖新保", highlight=False))
    assert "highlight" not in build_search_body(SearchQuery(text="，。"))


def test_scan_and_histogram_bodies() -> None:
    scan = build_scan_body(SearchQuery(text="工会", sort="relevance", size=5), page_size=1000)
    assert scan["size"] == 1000 and scan["sort"][-1] == {"id": "asc"}
    assert "from" not in scan and "aggs" not in scan
    histogram = build_histogram_body(SearchQuery(), "month", by="province")
    assert histogram["size"] == 0
    agg = histogram["aggs"]["histogram"]
    assert agg["terms"]["field"] == "month"
    assert agg["aggs"]["group"]["terms"]["field"] == "province"


def test_bad_queries_are_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="unknown facet"):
        build_search_body(SearchQuery(filters={"colour": ("red",)}))
    with pytest.raises(ValueError):
        build_histogram_body(SearchQuery(), "week", None)


# -- reading responses ----------------------------------------------------------------


def test_response_becomes_a_search_result() -> None:
    query = SearchQuery(text="暖新保", facets=("province",), facet_size=2)
    source = DOCS[1]
    response = {
        "hits": {"total": {"value": 2, "relation": "eq"}, "hits": [
            {"_id": source["id"], "_score": 3.5, "_source": source,
             "highlight": {"body": ["打造“<mark>暖新</mark><mark>保</mark>”项目"]}},
            {"_id": DOCS[6]["id"], "_score": 2.0, "_source": DOCS[6]},
        ]},
        "aggregations": {"facet_province": {"doc_count": 2, "values": {"buckets": [
            {"key": "青海省", "doc_count": 2}, {"key": "甘肃省", "doc_count": 1},
            {"key": "吉林省", "doc_count": 1}]}}},
    }
    result = read_search_response(response, query)
    assert result.total == 2
    assert [(h.id, h.score) for h in result.hits] == [("qh-brands", 3.5), ("gs-lanzhou", 2.0)]
    assert result.hits[0].doc == source
    assert result.hits[0].snippet == "打造“<mark>暖新保</mark>”项目"
    # no highlight from the server: our own excerpt, built the same way as tantivy's
    assert "“<mark>暖新保</mark>”经验" in result.hits[1].snippet
    assert result.facets == {"province": [FacetValue("青海省", 2), FacetValue("吉林省", 1)]}


def test_date_sorted_hits_carry_no_score() -> None:
    response = {"hits": {"total": {"value": 1}, "hits": [
        {"_id": "a", "_score": None, "_source": {"id": "a", "body": "正文"}, "sort": [1, "a"]}]}}
    result = read_search_response(response, SearchQuery(sort="-date", facets=()))
    assert result.hits[0].score == 0.0
    assert result.hits[0].snippet == "正文"


# -- mapping --------------------------------------------------------------------------


def test_mapping_is_generated_from_the_field_table() -> None:
    properties = mappings()["properties"]
    for name in SEGMENTED_FIELDS:
        assert properties[name] == {"type": "text", "analyzer": "whitespace"}
    assert properties["body"] == {"type": "text", "analyzer": "cjk"}
    for facet in FACETS:
        assert properties[facet]["type"] == "keyword"
    assert properties["date_key"] == {"type": "integer"}
    assert properties["date"]["type"] == "date"
    assert properties["location"] == {"type": "geo_point"}
    assert mappings()["dynamic"] is False
    assert set(mappings()["_source"]["excludes"]) >= set(SEGMENTED_FIELDS) | {"month", "location"}


def test_template_covers_versioned_indexes_with_configured_shards() -> None:
    template = index_template("unionkb-articles-v*", shards=3, replicas=1)
    assert template["index_patterns"] == ["unionkb-articles-v*"]
    assert template["template"]["settings"] == {"number_of_shards": 3, "number_of_replicas": 1}


def test_bulk_action_adds_derived_fields() -> None:
    action = bulk_action("idx", DOCS[1])
    assert (action["_op_type"], action["_index"], action["_id"]) == ("index", "idx", "qh-brands")
    source = action["_source"]
    assert "暖" in source["body_seg"].split() and "新保" in source["body_seg"].split()
    assert source["month"] == "2025-03"
    assert source["location"] == {"lat": DOCS[1]["lat"], "lon": DOCS[1]["lon"]}
    assert "location" not in bulk_action("idx", DOCS[9])["_source"]  # no region, no point
    with pytest.raises(ValueError, match="no id"):
        bulk_action("idx", {"title": "无编号"})


# -- bulk results, retries and the alias, against a fake node -----------------------


def test_rejection_reads_item_errors_and_request_errors() -> None:
    item = {"index": {"_id": "x", "status": 400, "error": {
        "type": "mapper_parsing_exception", "reason": "failed to parse field [date_key]",
        "caused_by": {"type": "number_format_exception", "reason": "For input string: \"soon\""}}}}
    assert rejection(item) == ("x", 'status 400: mapper_parsing_exception: failed to parse '
                                    'field [date_key] (For input string: "soon")')
    whole_request = {"index": {"_id": "y", "status": 503, "error": "ApiError(503, 'unavailable')"}}
    assert rejection(whole_request) == ("y", "status 503: ApiError(503, 'unavailable')")


class NodeResponse(NamedTuple):
    """What a transport node returns: response metadata and the raw body."""

    meta: ApiResponseMeta
    body: bytes


class FakeCluster:
    """Just enough of Elasticsearch's REST API for bulk indexing and aliases."""

    def __init__(self) -> None:
        self.indices: dict[str, dict[str, Any]] = {}  # name -> {"aliases": set, "docs": {}}
        self.requests: list[tuple[str, str]] = []
        self.bulk_calls = 0
        # (doc id, attempt) -> (status, error) for one item; None: accepted
        self.item_outcome: Callable[[str, int], tuple[int, Any] | None] = lambda i, n: None
        self.request_status: Callable[[int], int] = lambda call: 200
        self.attempts: dict[str, int] = {}
        self.pits: list[str] = []  # methods of point-in-time requests: open, close
        self.searches: list[dict[str, Any]] = []
        self.template: dict[str, Any] = {}  # the last index template put

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, Any]:
        path = target.split("?")[0]
        self.requests.append((method, path))
        parts = [p for p in path.split("/") if p]
        if parts and parts[-1] == "_bulk":
            return self._bulk(body or b"")
        if parts[-1] in ("_pit", "_search"):
            return self._pit(method, parts, json.loads(body or b"{}"))
        if parts[0] == "_alias":
            return self._get_alias(method, parts[1])
        if parts[0] == "_aliases":
            return self._update_aliases(json.loads(body or b"{}"))
        if parts[0] == "_index_template" and method == "PUT":
            self.template = json.loads(body or b"{}")
            return 200, {"acknowledged": True}
        if parts[-1] == "_refresh":
            for name in self._named(parts[0]):
                self.indices[name]["refreshes"] = self.indices[name].get("refreshes", 0) + 1
            return 200, {"acknowledged": True}
        if len(parts) > 1 and parts[1] == "_stats":
            return 200, {"indices": {n: {"total": {"refresh": {
                "total": self.indices[n].get("refreshes", 0)}}} for n in self._named(parts[0])}}
        if parts[0] == "_index_template":
            return 200, {"acknowledged": True}
        if parts[-1] == "_mapping":
            names = [parts[0]] if parts[0] in self.indices else self.alias_targets(parts[0])
            return 200, {n: {"mappings": self.indices[n].get("mappings", {})} for n in names}
        return self._index(method, parts[0], json.loads(body or b"{}"))

    def _pit(self, method: str, parts: list[str], body: dict[str, Any]) -> tuple[int, Any]:
        """Point-in-time paging: hits in stored order, ``sort`` = position."""
        if parts[-1] == "_pit":
            self.pits.append(method)
            return 200, {"id": "pit-1", "succeeded": True}
        self.searches.append(body)
        docs = list(self._resolve("t-articles")["docs"].values())
        start = body.get("search_after", [0])[0]
        page = docs[start:start + body["size"]]
        hits = [{"_id": d["id"], "_source": d, "sort": [start + n + 1]} for n, d in enumerate(page)]
        return 200, {"pit_id": "pit-1", "hits": {"hits": hits}}

    def _named(self, name: str) -> list[str]:
        return [name] if name in self.indices else self.alias_targets(name)

    def alias_targets(self, alias: str) -> list[str]:
        return sorted(n for n, i in self.indices.items() if alias in i["aliases"])

    def _get_alias(self, method: str, alias: str) -> tuple[int, Any]:
        targets = self.alias_targets(alias)
        if not targets:
            return 404, {"error": "alias missing", "status": 404}
        return 200, {t: {"aliases": {alias: {}}} for t in targets}

    def _update_aliases(self, body: dict[str, Any]) -> tuple[int, Any]:
        for action in body["actions"]:
            (kind, spec), = action.items()
            aliases = self.indices[spec["index"]]["aliases"]
            aliases.add(spec["alias"]) if kind == "add" else aliases.discard(spec["alias"])
        return 200, {"acknowledged": True}

    def _index(self, method: str, name: str, body: dict[str, Any]) -> tuple[int, Any]:
        if method == "PUT":
            if name in self.indices:
                error = {"type": "resource_already_exists_exception", "reason": name}
                return 400, {"error": error, "status": 400}
            # Created from the template, as every index of ours is.
            mappings = self.template.get("template", {}).get("mappings", {})
            self.indices[name] = {"aliases": set(body.get("aliases", {})), "docs": {},
                                  "mappings": mappings}
        elif method == "GET":
            prefix = name.rstrip("*")
            return 200, {n: {} for n in self.indices if n.startswith(prefix)}
        elif method == "DELETE":
            for index in [n for n in self.indices if n == name or
                          (name.endswith("*") and n.startswith(name[:-1]))]:
                del self.indices[index]
        return 200, {"acknowledged": True}

    def _bulk(self, body: bytes) -> tuple[int, Any]:
        self.bulk_calls += 1
        status = self.request_status(self.bulk_calls)
        if status != 200:
            return status, {"error": {"type": "unavailable", "reason": "busy"}, "status": status}
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        items, at = [], 0
        while at < len(lines):
            (op, meta), = lines[at].items()
            source = lines[at + 1] if op != "delete" else None
            at += 1 if op == "delete" else 2
            items.append({op: self._item(op, meta, source)})
        return 200, {"errors": any("error" in i[next(iter(i))] for i in items), "items": items}

    def _item(self, op: str, meta: dict[str, Any], source: Any) -> dict[str, Any]:
        doc_id = meta["_id"]
        attempt = self.attempts[doc_id] = self.attempts.get(doc_id, 0) + 1
        outcome = self.item_outcome(doc_id, attempt)
        if outcome is not None:
            status, error = outcome
            return {"_index": meta["_index"], "_id": doc_id, "status": status, "error": error}
        docs = self._resolve(meta["_index"])["docs"]
        if op == "delete":
            found = docs.pop(doc_id, None) is not None
            return {"_id": doc_id, "status": 200 if found else 404,
                    "result": "deleted" if found else "not_found"}
        docs[doc_id] = source
        return {"_index": meta["_index"], "_id": doc_id, "status": 201, "result": "created"}

    def _resolve(self, name: str) -> dict[str, Any]:
        if name in self.indices:
            return self.indices[name]
        return self.indices[self.alias_targets(name)[0]]


def fake_backend(cluster: FakeCluster) -> ElasticsearchBackend:
    class Node(BaseNode):
        def perform_request(self, method: str, target: str, body: bytes | None = None,
                            headers: Any = None, request_timeout: Any = None
                            ) -> NodeResponse:
            status, payload = cluster.handle(method, target, body)
            headers = HttpHeaders({"content-type": "application/json",
                                   "x-elastic-product": "Elasticsearch"})
            meta = ApiResponseMeta(status=status, http_version="1.1", headers=headers,
                                   duration=0.0, node=self.config)
            return NodeResponse(meta, json.dumps(payload).encode())

    # No transport-level retries: the bulk helper's own retries are under test.
    client = Elasticsearch("http://fake:9200", node_class=Node, max_retries=0)
    return ElasticsearchBackend(client, prefix="t", bulk_backoff=0.5)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The backoff waits streaming_bulk asked for (without waiting)."""
    waits: list[float] = []
    monkeypatch.setattr("elasticsearch.helpers.actions.time.sleep", waits.append)
    return waits


def test_first_write_creates_template_index_and_alias(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    report = fake_backend(cluster).index_documents(DOCS)
    assert (report.indexed, report.errors) == (len(DOCS), [])
    assert cluster.alias_targets("t-articles") == ["t-articles-v0"]
    assert len(cluster.indices["t-articles-v0"]["docs"]) == len(DOCS)
    assert ("PUT", "/_index_template/t-articles") in cluster.requests
    assert ("POST", "/t-articles/_refresh") in cluster.requests  # visible on return


def test_the_state_moves_with_each_refresh_and_each_rebuild_and_holds_still_between(
        sleeps: list[float]) -> None:
    cluster = FakeCluster()
    backend = fake_backend(cluster)
    backend.index_documents(DOCS[:5])
    first = backend.state()
    assert first == backend.state() and first == (("t-articles-v0", 1),)
    assert ("GET", "/t-articles/_stats/refresh") in cluster.requests
    backend.index_documents(DOCS[5:])
    assert backend.state() == (("t-articles-v0", 2),)
    backend.rebuild(DOCS)  # another index behind the alias
    (name, _), = backend.state()
    assert name != "t-articles-v0" and cluster.alias_targets("t-articles") == [name]


def test_rejected_documents_are_reported_and_the_rest_indexed(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    parse_error = {"type": "mapper_parsing_exception", "reason": "failed to parse [date_key]"}
    cluster.item_outcome = lambda i, n: (400, parse_error) if i == "gs-minle" else None
    docs = [*DOCS[:3], {"title": "no id"}]
    report = fake_backend(cluster).index_documents(docs)
    assert report.indexed == 2
    assert sorted(report.errors) == [
        ("?", "ValueError: document has no id"),
        ("gs-minle", "status 400: mapper_parsing_exception: failed to parse [date_key]")]
    assert sleeps == []  # a mapping error is final: no retry


def test_rejections_under_load_are_retried_with_backoff(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    busy = {"type": "es_rejected_execution_exception", "reason": "queue full"}
    cluster.item_outcome = lambda i, n: (429, busy) if i == "qh-brands" and n <= 2 else None
    report = fake_backend(cluster).index_documents(DOCS)
    assert (report.indexed, report.errors) == (len(DOCS), [])
    assert cluster.attempts["qh-brands"] == 3 and cluster.attempts["gs-minle"] == 1
    assert sleeps == [0.5, 1.0]  # exponential backoff


def test_failed_bulk_requests_are_retried(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    cluster.request_status = lambda call: 503 if call == 1 else 200
    report = fake_backend(cluster).index_documents(DOCS)
    assert (report.indexed, report.errors) == (len(DOCS), [])
    assert cluster.bulk_calls == 2 and sleeps == [0.5]


def test_persistent_failure_reports_every_document(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    cluster.request_status = lambda call: 503
    report = fake_backend(cluster).index_documents(DOCS)
    assert report.indexed == 0
    assert sorted(i for i, _ in report.errors) == sorted(d["id"] for d in DOCS)
    assert all(reason.startswith("status 503") for _, reason in report.errors)
    assert cluster.bulk_calls == BULK_RETRIES + 1


def test_delete_ignores_ids_that_are_not_there(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    backend = fake_backend(cluster)
    backend.index_documents(DOCS)
    backend.delete(["gs-minle", "never-indexed"])
    assert "gs-minle" not in cluster.indices["t-articles-v0"]["docs"]
    assert len(cluster.indices["t-articles-v0"]["docs"]) == len(DOCS) - 1


def test_rebuild_swaps_the_alias_in_one_request_then_drops_the_old_index(
    sleeps: list[float],
) -> None:
    cluster = FakeCluster()
    backend = fake_backend(cluster)
    backend.index_documents(DOCS)
    report = backend.rebuild(DOCS[:4])
    assert report.indexed == 4
    [new] = cluster.alias_targets("t-articles")
    assert new.startswith("t-articles-v2") and len(cluster.indices[new]["docs"]) == 4
    assert "t-articles-v0" not in cluster.indices
    swaps = [r for r in cluster.requests if r == ("POST", "/_aliases")]
    assert len(swaps) == 1
    order = cluster.requests.index
    assert order(("POST", f"/{new}/_refresh")) < order(("POST", "/_aliases")) < order(
        ("DELETE", "/t-articles-v0"))


def test_an_index_of_another_mapping_is_unavailable_until_rebuilt(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    fake_backend(cluster).index_documents(DOCS)
    cluster.indices["t-articles-v0"]["mappings"]["_meta"] = {"schema": "older"}
    backend = fake_backend(cluster)  # a new process: it has not checked the index yet
    with pytest.raises(BackendUnavailable, match="has schema older.*unionkb reindex"):
        backend.search(SearchQuery())
    assert backend.rebuild(DOCS).indexed == len(DOCS)
    assert fake_backend(cluster).index_documents(DOCS[:1]).indexed == 1


def test_failed_rebuild_leaves_the_alias_and_removes_the_new_index(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    backend = fake_backend(cluster)
    backend.index_documents(DOCS)

    def broken() -> Any:
        yield DOCS[0]
        raise RuntimeError("archive read failed")

    with pytest.raises(RuntimeError, match="archive read failed"):
        backend.rebuild(broken())
    assert cluster.alias_targets("t-articles") == ["t-articles-v0"]
    assert list(cluster.indices) == ["t-articles-v0"]
    assert ("POST", "/_aliases") not in cluster.requests


def test_scan_walks_a_point_in_time_page_after_page(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    backend = fake_backend(cluster)
    backend.index_documents(DOCS)
    backend.scan_page = 4
    docs = list(backend.scan(SearchQuery(text="工会", size=2)))
    assert [d["id"] for d in docs] == [d["id"] for d in DOCS]
    searches = cluster.searches
    assert [s.get("search_after") for s in searches] == [None, [4], [8]]
    assert all(s["pit"]["id"] == "pit-1" and s["size"] == 4 for s in searches)
    assert cluster.pits == ["POST", "DELETE"]


def test_scan_ids_walk_the_same_pages_without_the_sources(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    backend = fake_backend(cluster)
    backend.index_documents(DOCS)
    backend.scan_page = 4
    assert backend.scan_ids(SearchQuery(text="工会")) == [d["id"] for d in DOCS]
    searches = cluster.searches
    assert [s.get("search_after") for s in searches] == [None, [4], [8]]
    assert all(s["_source"] is False and s["size"] == 4 for s in searches)
    assert cluster.pits == ["POST", "DELETE"]


def test_drop_all_deletes_every_version_by_name(sleeps: list[float]) -> None:
    cluster = FakeCluster()
    backend = fake_backend(cluster)
    backend.index_documents(DOCS)
    backend.rebuild(DOCS)
    cluster.indices["other-articles-v0"] = {"aliases": set(), "docs": {}}
    backend.drop_all()
    assert list(cluster.indices) == ["other-articles-v0"]
    deletes = [path for method, path in cluster.requests if method == "DELETE"]
    assert not any("*" in path for path in deletes)


# -- connection problems, with the real client ---------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    settings = Settings(home=tmp_path, backend="elasticsearch", elasticsearch_url=url)
    backend = open_backend(settings)
    with pytest.raises(BackendUnavailable, match="cannot be reached") as caught:
        backend.search(SearchQuery())
    assert url in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_missing_url_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="ELASTICSEARCH_URL"):
        open_backend(Settings(home=tmp_path, backend="elasticsearch"))


def test_unknown_backend_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="UNIONKB_BACKEND"):
        open_backend(Settings(home=tmp_path, backend="solr"))


def test_rejected_credentials_are_a_clear_error() -> None:
    cluster = FakeCluster()
    cluster.handle = lambda method, target, body: (  # type: ignore[method-assign]
        401, {"error": {"type": "security_exception", "reason": "unable to authenticate"}})
    with pytest.raises(BackendUnavailable, match="ELASTICSEARCH_API_KEY"):
        fake_backend(cluster).count(SearchQuery())


def test_connection_options_from_settings(tmp_path: Path) -> None:
    base = Settings(home=tmp_path, elasticsearch_url="https://es:9200")
    assert not {"api_key", "basic_auth", "ca_certs"} & set(connection_options(base))
    with_key = connection_options(Settings(home=tmp_path, elasticsearch_api_key="k",
                                           elasticsearch_ca_certs="/ca.pem"))
    assert with_key["api_key"] == "k" and with_key["ca_certs"] == "/ca.pem"
    with_user = connection_options(Settings(home=tmp_path, elasticsearch_user="elastic",
                                            elasticsearch_password="pw"))
    assert with_user["basic_auth"] == ("elastic", "pw")


# -- the query language ---------------------------------------------------------------


def _text_of(text: str) -> dict[str, Any]:
    return build_count_body(SearchQuery(text=text))["query"]["bool"]["must"][0]


def _in_any_field(token: str) -> dict[str, Any]:
    return {"bool": {"should": [{"term": {name: {"value": token, "boost": boost}}}
                                for name, boost in SEGMENTED_FIELDS.items()],
                     "minimum_should_match": 1}}


def test_or_is_a_should_of_its_parts() -> None:
    assert _text_of("驿站 OR 书屋") == {"bool": {
        "should": [_in_any_field("驿站"), _in_any_field("书屋")], "minimum_should_match": 1}}


def test_not_is_a_must_not_beside_what_is_kept() -> None:
    assert _text_of("驿站 -广告") == {"bool": {"must": [_in_any_field("驿站")],
                                              "must_not": [_in_any_field("广告")]}}
    # Alone it leaves out of every article: a bool of must_not only.
    assert _text_of("-广告") == {"bool": {"must_not": [_in_any_field("广告")]}}


def test_phrase_is_a_match_phrase_of_the_index_tokens_in_each_field() -> None:
    phrase = _text_of('"服务，职工"')
    assert phrase["bool"]["minimum_should_match"] == 1
    assert {"match_phrase": {"title_seg": {"query": "服务 | 职工", "boost": 3.0}}} \
        in phrase["bool"]["should"]
    assert len(phrase["bool"]["should"]) == len(SEGMENTED_FIELDS)


def test_fields_narrow_to_one_text_field_or_a_facet_value() -> None:
    assert _text_of("title:驿站") == {"bool": {
        "should": [{"term": {"title_seg": {"value": "驿站", "boost": 3.0}}}],
        "minimum_should_match": 1}}
    assert _text_of("person:康劭") == {"terms": {"person": ["康劭"]}}
    assert _text_of("org:民樂縣總工會") == {"terms": {"org": ["民樂縣總工會", "民乐县总工会"]}}


def test_only_leaving_out_sorts_newest_first_and_highlights_what_is_looked_for() -> None:
    assert build_search_body(SearchQuery(text="-广告"))["sort"][0] == {
        "date_key": {"order": "desc", "missing": "_last"}}
    highlight = build_search_body(SearchQuery(text='驿站 OR "服务职工" -广告'))["highlight"]
    query = highlight["fields"]["body"]["highlight_query"]["bool"]["should"]
    assert query == [{"match_phrase": {"body": "驿站"}}, {"match_phrase": {"body": "服务职工"}}]


def test_a_syntax_mistake_is_refused_before_any_request() -> None:
    with pytest.raises(InvalidQuery, match="at character 4"):
        build_search_body(SearchQuery(text="驿站 OR"))
