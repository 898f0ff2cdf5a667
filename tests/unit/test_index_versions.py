"""Index versions are fingerprints: a change to what is indexed changes them by itself.

``DOCUMENT_VERSION`` decides which articles are reindexed (through
``indexer.ingest.index_version``), ``SCHEMA_VERSION`` whether a tantivy index can be
read, ``MAPPING_VERSION`` whether an Elasticsearch index can.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.documents import DOCUMENT_CODE, DOCUMENT_VERSION, document_fingerprint
from indexer.search.base import BackendUnavailable
from indexer.search.es_mapping import MAPPING_VERSION, mapping_version, mappings
from indexer.search.facets import FACET_REGISTRY, Facet
from indexer.search.fields import FIELDS, IndexField
from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from indexer.search.tantivy_store import SCHEMA_FILE, SCHEMA_VERSION, schema_version

MORE_FIELDS = (*FIELDS, IndexField("colour", "keyword"))
RETYPED = tuple(replace(f, kind="text") if f.name == "primary_adcode" else f for f in FIELDS)
REWEIGHED = tuple(replace(f, boost=f.boost * 2) for f in FIELDS)


def test_the_versions_are_the_fingerprints_of_today() -> None:
    assert document_fingerprint() == DOCUMENT_VERSION
    assert schema_version() == SCHEMA_VERSION
    assert MAPPING_VERSION == mapping_version() == mappings()["_meta"]["schema"]


@pytest.mark.parametrize("fields", [MORE_FIELDS, RETYPED, FIELDS[1:]])
def test_changing_the_field_table_changes_every_version(fields: tuple[IndexField, ...]) -> None:
    assert document_fingerprint(fields=fields) != DOCUMENT_VERSION
    assert schema_version(fields) != SCHEMA_VERSION
    assert mapping_version(fields) != MAPPING_VERSION


def test_query_time_weights_need_no_new_index() -> None:
    assert schema_version(REWEIGHED) == SCHEMA_VERSION
    assert mapping_version(REWEIGHED) == MAPPING_VERSION
    # The document version takes the table as declared (and fields.py's text): a new
    # weight costs one reindex of the articles, which is safe, never a stale index.
    assert document_fingerprint(fields=REWEIGHED) != DOCUMENT_VERSION


def test_changing_the_facet_registry_changes_the_document_version() -> None:
    colour = Facet("colour", "颜色", lambda article, extraction: None)
    assert document_fingerprint(facets=(*FACET_REGISTRY, colour)) != DOCUMENT_VERSION
    assert document_fingerprint(facets=FACET_REGISTRY[::-1]) != DOCUMENT_VERSION


def test_the_document_code_is_part_of_the_version() -> None:
    assert document_fingerprint(code=DOCUMENT_CODE[:-1]) != DOCUMENT_VERSION
    assert "indexer.search.analysis" in DOCUMENT_CODE  # index terms come from it


def test_a_tantivy_index_of_another_schema_is_rebuilt_not_read(tmp_path: Path) -> None:
    doc = {"id": "a", "title": "工会驿站", "body": "工会驿站开放。", "province": ["青海省"]}
    TantivyBackend(tmp_path / "index").index_documents([doc])
    live = tmp_path / "index" / (tmp_path / "index" / "CURRENT").read_text()
    (live / SCHEMA_FILE).write_text(json.dumps({"version": 1}))  # as hand-bumped indexes were
    backend = TantivyBackend(tmp_path / "index")
    with pytest.raises(BackendUnavailable, match=f"schema 1, .* needs {SCHEMA_VERSION}.*reindex"):
        backend.count(SearchQuery())
    backend.rebuild([doc])
    assert backend.count(SearchQuery(filters={"province": ("青海省",)})) == 1


# -- the extraction version ---------------------------------------------------------------


def test_the_extraction_version_is_the_fingerprint_of_the_configured_extractor(monkeypatch):
    from indexer.ingest import extraction_version
    from indexer.nlp.version import extraction_fingerprint

    extraction_version.cache_clear()
    monkeypatch.setenv("UNIONKB_NLP_MODEL", "none")
    fast = extraction_version()
    assert fast == extraction_fingerprint("none")
    extraction_version.cache_clear()
    monkeypatch.setenv("UNIONKB_NLP_MODEL", "lac")
    assert extraction_version() == extraction_fingerprint("lac") != fast
    extraction_version.cache_clear()


def test_rules_data_and_model_change_the_extraction_version(tmp_path: Path, monkeypatch):
    import shutil

    import indexer.nlp.proposers.lac as lac
    from indexer.nlp.version import DATA, RULES_VERSION, extraction_fingerprint

    today = extraction_fingerprint("lac")
    assert extraction_fingerprint("lac", rules=RULES_VERSION + ".1") != today
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    # Where the files lie is not what they say: a copy has the same fingerprint.
    assert extraction_fingerprint("lac", data=data) == today
    with (data / "surnames.txt").open("a", encoding="utf-8") as surnames:
        surnames.write("\n鿿\n")
    assert extraction_fingerprint("lac", data=data) != today
    monkeypatch.setattr(lac, "model_fingerprint", lambda: "another model")
    assert extraction_fingerprint("lac") != today

