"""The articles of a search, each with its archived record and its extraction.

Analyses read every hit of a search (``backend.scan``), not one page, and take
entities from the archive, where the offsets into the article text live.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from indexer.archive import Archive
from indexer.models import Article
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery


@dataclass(frozen=True)
class ScopedArticle:
    doc: dict[str, Any]  # the index document (facet values, primary region, date)
    article: Article
    extraction: dict[str, Any]

    @property
    def primary_region(self) -> dict[str, Any] | None:
        return self.extraction.get("primary_region") or self.doc.get("primary_region")


def articles_in_scope(
    backend: SearchBackend, archive: Archive, query: SearchQuery, entities: bool = True
) -> Iterator[ScopedArticle]:
    """Every article matching ``query`` (all pages), in the query's order.

    ``entities=False`` skips reading the extractions, for views that only cite.
    """
    for doc in backend.scan(replace(query, highlight=False)):
        article = archive.get(doc["id"])
        if article is not None:
            extraction = archive.get_extraction(doc["id"]) if entities else None
            yield ScopedArticle(doc, article, extraction or {})


def article_ref(scoped: ScopedArticle) -> dict[str, Any]:
    """How an analysis row points back to its article: enough to cite and to link."""
    article = scoped.article
    return {
        "id": article.id, "title": article.title, "date": article.date,
        "source": article.source_name, "page": article.page, "url": article.url,
    }


def context(text: str, start: int, end: int, width: int = 40) -> str:
    """The words around a mention, with the mention itself, on one line."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    excerpt = text[lo:hi].replace("\n", " ")
    return ("…" if lo > 0 else "") + excerpt + ("…" if hi < len(text) else "")
