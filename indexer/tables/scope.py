"""The articles of a search, as SQL over the analysis tables.

An analysis reads every hit of a search, not one page. A search made of filters and
dates only is answered by the ``article_facets`` table itself (the same values the
index filters on); a search with words needs the index, whose hits are handed to
SQLite as a JSON array of ids. Either way the analysis joins the tables to a
``scope(article_id)`` table expression and reads rows, not JSON.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from indexer.archive import Archive
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery, date_bounds
from indexer.search.validation import check_query, syntax_problems
from indexer.tables.programme_counts import within_province
from indexer.tables.schema import ensure_readable

# Words matching more than this share of a scope the totals answer are counted as the
# totals less the articles without them: the subtraction reads the smaller side.
COMPLEMENT_SHARE = 0.5


@dataclass(frozen=True)
class Scope:
    """A SELECT of the scope's article ids, and its parameters."""

    select: str
    params: tuple[Any, ...] = ()
    # Index hits come as json_each, which SQLite cannot index: left inline it may become
    # the inner loop of a join and be rescanned per row (seconds on 10,000 articles).
    materialized: bool = False
    # What the scope is, when a read can answer it from ``programme_totals``: every
    # canonical article, or (``programmes``) every one naming one of these programmes;
    # of those, with ``leads``, only each story's lead (a count by stories).
    everything: bool = False
    programmes: tuple[str, ...] = ()
    leads: bool = False
    # Or every canonical article whose province facet holds this one: the totals keep
    # the catalogue's counts per province too (parts ``kind@山东省``…).
    province: str = ""
    # Or all of ``whole`` (a scope the totals answer: everything, one province) but the
    # articles ``less``: a search whose words match most of it, counted as the totals
    # less the few articles without the words (as the facets are, ``tantivy_facets``).
    whole: Scope | None = None
    less: tuple[str, ...] = ()

    def covers(self, names: Sequence[str]) -> bool:
        """Whether every article naming each of ``names`` is in the scope, and the scope
        is no more than such articles, so counts per name are the archive's totals."""
        return self.everything or bool(names) and set(names) <= set(self.programmes)

    def totals_part(self, part: str, names: Sequence[str]) -> str | None:
        """The part of ``programme_totals`` that holds this scope's counts of ``part``
        (kind, theme, province, county) for ``names``; None when they must be counted."""
        if self.covers(names):
            return part
        return within_province(part, self.province) if self.province else None

    @classmethod
    def all_but(cls, whole: Scope, less: Sequence[str]) -> Scope:
        """The articles of ``whole`` but ``less`` (sorted ids of some of them)."""
        return cls(f"{whole.select} AND e.article_id NOT IN (SELECT value FROM json_each(?))",
                   (*whole.params, json.dumps(list(less))), materialized=True,
                   leads=whole.leads, whole=whole, less=tuple(less))

    @cached_property  # each read over the left-out articles shares one list of them
    def excluded(self) -> Scope:
        """The articles of ``whole`` left out (``less``), as a scope of their own."""
        # Read from the list, each id by key: the whole's own SELECT would be a pass
        # over every article of it. (The ids are the whole's by the index, which was
        # checked to hold as many articles of it as the archive.)
        leads = " AND e.lead = 1" if self.leads else ""
        return Scope("SELECT e.article_id FROM json_each(?) j CROSS JOIN entity_articles e"
                     f" ON e.article_id = j.value WHERE e.canonical = 1{leads}",
                     (json.dumps(self.less),), materialized=True, leads=self.leads)

    def rows(self, archive: Archive, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """``sql`` run with the table ``scope(article_id)`` in reach."""
        return self.cursor(archive, sql, params).fetchall()

    def cursor(self, archive: Archive, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """As ``rows``, read lazily, for a caller that may stop early."""
        ensure_readable(archive)
        hint = "MATERIALIZED" if self.materialized else ""
        return archive.db.execute(f"WITH scope(article_id) AS {hint} ({self.select}) {sql}",
                                  (*self.params, *params))


def search_scope(backend: SearchBackend, query: SearchQuery,
                 archive: Archive | None = None) -> Scope:
    """The articles matching ``query``, all pages; with the ``archive``, words that match
    most of a scope the totals answer are that scope less the articles without them."""
    if query.text.strip():
        if archive is not None and (scope := complement_scope(backend, query, archive)):
            return scope
        # Only the index can match words. In article-id order: the reads that pick one
        # article of several (a programme's first, on a day with two) take the first met,
        # and the archive's totals take the first by id. (Already in that order from
        # tantivy's id column, so the sort costs one pass.)
        ids = json.dumps(sorted(backend.scan_ids(replace(query, highlight=False))))
        return Scope("SELECT value FROM json_each(?)", (ids,), materialized=True)
    return facet_scope(query)


def complement_scope(backend: SearchBackend, query: SearchQuery,
                     archive: Archive) -> Scope | None:
    """The hits of ``query``'s words as the articles of its filters less those without
    the words, when the filters are a scope the totals answer and the words match more
    than ``COMPLEMENT_SHARE`` of it; None otherwise, or when the index holds another
    number of that scope's articles than the archive (an ingest between deriving a
    batch's rows and indexing it, a rebuild into another index), since then the articles
    missing from the index would count as matching."""
    whole = facet_scope(replace(query, text=""))
    if not (whole.everything or whole.province):
        return None
    within = backend.count(replace(query, text=""))
    if within == 0 or backend.count(query) <= COMPLEMENT_SHARE * within:
        return None
    without = replace(query, text=f"-({query.text})", highlight=False)
    if syntax_problems(without.text):  # nested as deep as the language allows already
        return None
    if stored_count(archive, whole) != within:  # checked before the ids are read
        return None
    return Scope.all_but(whole, sorted(backend.scan_ids(without)))


# A province's articles counted from its facet rows, each article read by key: the
# scope's own SELECT would pass over every canonical article.
PROVINCE_COUNT = ("SELECT COUNT(*) FROM article_facets f CROSS JOIN entity_articles e"
                  " ON e.article_id = f.article_id WHERE f.facet = 'province' AND f.value = ?"
                  " AND e.canonical = 1")


def stored_count(archive: Archive, whole: Scope) -> int:
    """The archive's articles of a scope the totals answer (everything, one province)."""
    ensure_readable(archive)
    leads = " AND e.lead = 1" if whole.leads else ""
    if whole.province:
        return archive.db.execute(PROVINCE_COUNT + leads, (whole.province,)).fetchone()[0]
    return archive.db.execute(f"SELECT COUNT(*) FROM ({whole.select})",
                              whole.params).fetchone()[0]


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
    stories = query.count == "stories"
    if stories:  # leads only, as the rows were derived: the reprints of indexer.stories
        where.append("e.lead = 1")
    filters = query.active_filters()
    for facet, values in filters.items():
        marks = ",".join("?" * len(values))
        where.append("e.article_id IN (SELECT article_id FROM article_facets"
                     f" WHERE facet = ? AND value IN ({marks}))")
        params += [facet, *values]
    undated = low is None and high is None
    only = set(filters) if undated else None
    return Scope("SELECT e.article_id FROM entity_articles e WHERE " + " AND ".join(where),
                 tuple(params), everything=undated and not filters,
                 programmes=tuple(filters["programme"]) if only == {"programme"} else (),
                 leads=stories,
                 province=filters["province"][0]
                 if only == {"province"} and len(filters["province"]) == 1 else "")
