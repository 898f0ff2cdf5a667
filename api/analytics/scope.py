"""The whole records of a search, for export, which cites them: the index's hits in the
query's order. (The analyses' scope — a search as SQL over the analysis tables — is
``indexer.tables.scope``.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from indexer.archive import Archive
from indexer.batches import batched
from indexer.models import Article
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery


@dataclass(frozen=True)
class ScopedArticle:
    doc: dict[str, Any]  # the index document (facet values)
    article: Article


# Records read from the archive per query: an export of 100,000 hits is 200 reads, not
# 100,000 (each a round trip through SQLite).
READ_BATCH = 500


def articles_in_scope(
    backend: SearchBackend, archive: Archive, query: SearchQuery
) -> Iterator[ScopedArticle]:
    """Every article matching ``query`` (all pages), in the query's order, with its record."""
    for docs in batched(backend.scan(replace(query, highlight=False)), READ_BATCH):
        records = archive.records(doc["id"] for doc in docs)
        for doc in docs:
            article = records.get(doc["id"])
            if article is not None:
                yield ScopedArticle(doc, article)
