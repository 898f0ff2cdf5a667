"""The Elasticsearch index template, generated from the shared field table.

No server plugin is needed: jieba's tokens arrive already segmented and go into
fields analysed by the built-in ``whitespace`` analyzer; the raw text also gets the
built-in ``cjk`` analyzer (bigrams), as a fallback for other tools and for
highlighting. Derived fields are indexed but left out of ``_source``, so a hit's
source is exactly the index document we sent. The mapping carries its own
fingerprint (``_meta.schema``), so an index written under another one is rebuilt
rather than read with the wrong fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from indexer.search.fields import DERIVED_FIELDS, FIELDS, IndexField
from indexer.search.fingerprint import declaration, fingerprint

# Longer keyword values are kept in _source but not indexed: Lucene refuses terms
# over 32 KB, which would reject the whole document.
KEYWORD_IGNORE_ABOVE = 1024
DATE_FORMATS = "yyyy-MM-dd||yyyy-MM||yyyy"

_MAPPINGS: dict[str, dict[str, Any]] = {
    "segmented": {"type": "text", "analyzer": "whitespace"},
    "text": {"type": "text", "analyzer": "cjk"},
    "keyword": {"type": "keyword", "ignore_above": KEYWORD_IGNORE_ABOVE},
    "integer": {"type": "integer"},
    "date": {"type": "date", "format": DATE_FORMATS},
    "geo": {"type": "geo_point"},
    "object": {"type": "object", "enabled": False},
}


def field_mapping(field: IndexField) -> dict[str, Any] | None:
    """The mapping of one field; None for fields that are only kept in _source."""
    mapping = _MAPPINGS.get(field.kind)
    return dict(mapping) if mapping else None


def _unversioned_mappings(fields: Sequence[IndexField]) -> dict[str, Any]:
    properties = {f.name: m for f in fields if (m := field_mapping(f)) is not None}
    return {
        # Unknown fields stay in _source unindexed instead of being guessed at.
        "dynamic": False,
        "_source": {"excludes": list(DERIVED_FIELDS)},
        "properties": properties,
    }


def mapping_version(fields: Sequence[IndexField] = FIELDS) -> str:
    """A fingerprint of the mapping generated from ``fields``."""
    return fingerprint(declaration([_unversioned_mappings(fields)]))


MAPPING_VERSION = mapping_version()


def mappings() -> dict[str, Any]:
    return {**_unversioned_mappings(FIELDS), "_meta": {"schema": MAPPING_VERSION}}


def recorded_version(mapping: dict[str, Any]) -> str | None:
    """The fingerprint an index's mapping was created with (None before there was one)."""
    return (mapping.get("mappings", {}).get("_meta") or {}).get("schema")


def index_settings(shards: int, replicas: int) -> dict[str, Any]:
    return {"number_of_shards": shards, "number_of_replicas": replicas}


def index_template(pattern: str, shards: int, replicas: int) -> dict[str, Any]:
    """The body of ``PUT _index_template/<name>`` for indexes named ``pattern``."""
    return {
        "index_patterns": [pattern],
        "priority": 100,
        "template": {"settings": index_settings(shards, replicas), "mappings": mappings()},
        "_meta": {"description": "unionkb articles: written by indexer.search.es_mapping"},
    }
