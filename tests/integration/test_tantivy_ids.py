"""The ids of a search's every hit, read from the index's id column in parts along the
days (indexer.search.tantivy_ids), are exactly the ids of the documents a scan reads —
however small the parts, with undated documents, and when no cut into parts exists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.search import open_backend
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery
from indexer.search.query_language import parse_query
from indexer.search.tantivy_ids import matching_ids
from tests.paths import FIXTURES

DOCS = json.loads((FIXTURES / "search" / "documents.json").read_text("utf-8"))


def _undated(doc: dict, n: int) -> dict:
    copy = {**doc, "id": f"{doc['id']}-undated-{n}", "date": None, "date_key": None,
            "year": None}
    return {key: value for key, value in copy.items() if value is not None}


def _same_day(doc: dict, n: int) -> dict:
    return {**doc, "id": f"{doc['id']}-again-{n}"}


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchBackend]:
    home: Path = tmp_path_factory.mktemp("ids")
    backend = open_backend(Settings(home=home))
    docs = [*DOCS, *(_undated(DOCS[n % 3], n) for n in range(4)),
            *(_same_day(DOCS[0], n) for n in range(3))]  # gs-minle's day: 4 documents
    report = backend.index_documents(docs)
    assert (report.indexed, report.errors) == (len(docs), [])
    yield backend
    backend.close()


QUERIES = [SearchQuery(), SearchQuery(text="工会"), SearchQuery(text="驿站 OR 书屋"),
           SearchQuery(filters={"province": ("青海省",)}), SearchQuery(date_from="2024"),
           SearchQuery(text="不存在的词语组合")]


def _parts_read(backend: SearchBackend, query: SearchQuery, buckets: int) -> list[str] | None:
    searcher = backend._searcher()  # type: ignore[attr-defined]
    scope = backend._query(query, parsed=parse_query(query.text))  # type: ignore[attr-defined]
    total = searcher.search(scope, limit=1, count=True).count
    return matching_ids(searcher, backend.schema, scope, total, buckets=buckets)  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_the_ids_are_the_scanned_documents_ids(backend: SearchBackend,
                                               query: SearchQuery) -> None:
    scanned = [doc["id"] for doc in backend.scan(query)]
    assert sorted(backend.scan_ids(query)) == sorted(scanned)
    for buckets in (4, 5, 7, 100):  # parts of at most so many hits
        read = _parts_read(backend, query, buckets)
        assert read is not None and sorted(read) == sorted(scanned), buckets


def test_every_document_counted_once_across_the_parts(backend: SearchBackend) -> None:
    read = _parts_read(backend, SearchQuery(), 4)
    assert read is not None and len(read) == len(set(read)) == 17
    assert sum(1 for i in read if "-undated-" in i) == 4


def test_no_cut_when_one_day_or_the_undated_hold_more_than_a_part(
        backend: SearchBackend) -> None:
    assert _parts_read(backend, SearchQuery(), 3) is None  # gs-minle's day holds 4
    assert _parts_read(backend, SearchQuery(text="工会"), 1) is None
