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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from indexer.archive import Archive
from indexer.models import Article
from indexer.search.base import SearchBackend
from indexer.search.fields import check_query, date_bounds
from indexer.search.query import SearchQuery
from indexer.sources import source_name

ARTICLE_COLUMNS = ("e.article_id, e.source, e.title, e.date, e.year, e.page, e.url,"
                   " e.primary_region")


@dataclass(frozen=True)
class Scope:
    """A SELECT of the scope's article ids, and its parameters."""

    select: str
    params: tuple[Any, ...] = ()
    # Index hits come as json_each, which SQLite cannot index: left inline it may become
    # the inner loop of a join and be rescanned per row (seconds on 10,000 articles).
    materialized: bool = False

    def rows(self, archive: Archive, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """``sql`` run with the table ``scope(article_id)`` in reach."""
        return self.cursor(archive, sql, params).fetchall()

    def cursor(self, archive: Archive, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """As ``rows``, read lazily, for a caller that may stop early."""
        hint = "MATERIALIZED" if self.materialized else ""
        return archive.db.execute(f"WITH scope(article_id) AS {hint} ({self.select}) {sql}",
                                  (*self.params, *params))


def search_scope(backend: SearchBackend, query: SearchQuery) -> Scope:
    """The articles matching ``query``, all pages."""
    if query.text.strip():
        # Only the index can match words. Date order costs less than scoring every hit.
        hits = backend.scan(replace(query, sort="date", highlight=False))
        ids = json.dumps([h["id"] for h in hits])
        return Scope("SELECT value FROM json_each(?)", (ids,), materialized=True)
    return facet_scope(query)


def facet_scope(query: SearchQuery) -> Scope:
    """Filters and dates as SQL: each facet any of its values, facets and dates all."""
    check_query(query)
    where, params = ["e.canonical = 1"], []
    low, high = date_bounds(query)
    if low is not None:
        where.append("e.date_key >= ?")
        params.append(low)
    if high is not None:
        where.append("e.date_key <= ?")
        params.append(high)
    for facet, values in query.active_filters().items():
        marks = ",".join("?" * len(values))
        where.append("e.article_id IN (SELECT article_id FROM article_facets"
                     f" WHERE facet = ? AND value IN ({marks}))")
        params += [facet, *values]
    return Scope("SELECT e.article_id FROM entity_articles e WHERE " + " AND ".join(where),
                 tuple(params))


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
