"""The articles of a search, for the analyses.

The scope executor (a search as SQL over the analysis tables) and the facts of an
article an analysis row cites live with the tables (``indexer.tables``); export, which
cites whole records, walks the index's hits (``articles_in_scope``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from indexer.archive import Archive
from indexer.models import Article
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery
from indexer.tables.articles import ARTICLE_COLUMNS, ArticleFacts
from indexer.tables.scope import Scope, facet_scope, search_scope

__all__ = ["ARTICLE_COLUMNS", "ArticleFacts", "Scope", "ScopedArticle", "articles_in_scope",
           "facet_scope", "search_scope"]


@dataclass(frozen=True)
class ScopedArticle:
    doc: dict[str, Any]  # the index document (facet values)
    article: Article


def articles_in_scope(
    backend: SearchBackend, archive: Archive, query: SearchQuery
) -> Iterator[ScopedArticle]:
    """Every article matching ``query`` (all pages), in the query's order, with its record."""
    for doc in backend.scan(replace(query, highlight=False)):
        article = archive.get(doc["id"])
        if article is not None:
            yield ScopedArticle(doc, article)
