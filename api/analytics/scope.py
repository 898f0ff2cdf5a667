"""The articles of a search, for the analyses: as SQL over the archive's entity tables.

An analysis reads every hit of a search, not one page. A search made of filters and
dates only is answered by the ``article_facets`` table itself (the same values the
index filters on); a search with words needs the index, whose hits are handed to
SQLite as a JSON array of ids. Either way the analysis joins the entity tables to a
``scope(article_id)`` table expression and reads rows, not JSON.

Export, which cites whole records, still walks the index's hits (``articles_in_scope``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from indexer.archive import Archive
from indexer.models import Article
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery
from indexer.sources import source_name
from indexer.tables.scope import Scope, facet_scope, search_scope

__all__ = ["ARTICLE_COLUMNS", "ArticleFacts", "Scope", "ScopedArticle", "articles_in_scope",
           "facet_scope", "search_scope"]

ARTICLE_COLUMNS = ("e.article_id, e.source, e.title, e.date, e.year, e.page, e.url,"
                   " e.primary_region")


@dataclass(frozen=True)
class ArticleFacts:
    """What an analysis row needs of its article: enough to cite, to link and to place.

    Selected as ``ARTICLE_COLUMNS`` from ``entity_articles e``.
    """

    id: str
    title: str
    date: str | None
    year: str | None
    source: str
    page: str | None
    url: str | None
    primary_region: dict[str, Any] | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ArticleFacts:
        return cls(
            id=row["article_id"], title=row["title"], date=row["date"], year=row["year"],
            source=source_name(row["source"]), page=row["page"], url=row["url"],
            primary_region=_loads(row["primary_region"]),
        )

    def ref(self) -> dict[str, Any]:
        """How an analysis row points back to its article."""
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source,
                "page": self.page, "url": self.url}


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else None


# -- whole records, for export ----------------------------------------------------------


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
