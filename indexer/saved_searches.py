"""Saved searches: a named search (words, filters, dates) kept in the archive.

They are records, not derived data: the archive is their system of record, so they
survive every reindex. A saved search holds the search as a ``SearchQuery`` would
(text, filters, date range), checked by the same validation as any search
(``indexer.search.validation``), so one saved today is answerable by both backends.
The feed of a saved search is its newest matching articles (``SearchQuery`` newest
first).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from indexer.archive import Archive
from indexer.search.query import SearchQuery
from indexer.search.validation import InvalidQuery, query_problems

MAX_NAME_CHARS = 100
MAX_SAVED_SEARCHES = 1_000  # a bound on what the writers can grow, not a quota to reach


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    created_at: str = ""
    updated_at: str = ""

    def query(self, size: int = 20) -> SearchQuery:
        """The search, newest first: what its feed and its page list."""
        return SearchQuery(text=self.text, filters=dict(self.filters), date_from=self.date_from,
                           date_to=self.date_to, sort="-date", size=size)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "query": self.text,
                "filters": {k: list(v) for k, v in self.filters.items()},
                "date_from": self.date_from, "date_to": self.date_to,
                "created_at": self.created_at, "updated_at": self.updated_at}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def checked_name(name: str) -> str:
    """The name, trimmed, or ``InvalidQuery`` naming ``name``."""
    name = (name or "").strip()
    if not name:
        raise InvalidQuery([("name", "give the saved search a name")])
    if len(name) > MAX_NAME_CHARS:
        raise InvalidQuery([("name", f"too long: {len(name)} characters; "
                                     f"at most {MAX_NAME_CHARS}")])
    return name


def add_saved_search(archive: Archive, name: str, query: SearchQuery) -> SavedSearch:
    """Keep ``query`` under ``name`` (its sort and page are not kept: a feed is newest first)."""
    name = checked_name(name)
    problems = query_problems(query)
    if problems:
        raise InvalidQuery(problems)
    stored = json.dumps({"text": query.text, "filters": {k: list(v) for k, v in
                                                         query.active_filters().items()},
                         "date_from": query.date_from, "date_to": query.date_to},
                        ensure_ascii=False, sort_keys=True)
    now = _now()
    with archive.transaction() as db:
        if db.execute("SELECT COUNT(*) FROM saved_searches").fetchone()[0] >= MAX_SAVED_SEARCHES:
            raise InvalidQuery([("name", f"already {MAX_SAVED_SEARCHES} saved searches; "
                                         "remove some first")])
        cursor = db.execute("INSERT INTO saved_searches (name, query, created_at, updated_at)"
                            " VALUES (?,?,?,?)", (name, stored, now, now))
    found = saved_search(archive, int(cursor.lastrowid or 0))
    assert found is not None
    return found


def saved_searches(archive: Archive) -> list[SavedSearch]:
    """Every saved search, oldest first."""
    return [_from_row(row) for row in archive.db.execute(
        "SELECT * FROM saved_searches ORDER BY id")]


def saved_search(archive: Archive, search_id: int) -> SavedSearch | None:
    row = archive.db.execute("SELECT * FROM saved_searches WHERE id = ?",
                             (search_id,)).fetchone()
    return _from_row(row) if row else None


def rename_saved_search(archive: Archive, search_id: int, name: str) -> SavedSearch | None:
    """The renamed search; None when there is none of that id."""
    name = checked_name(name)
    with archive.transaction() as db:
        db.execute("UPDATE saved_searches SET name = ?, updated_at = ? WHERE id = ?",
                   (name, _now(), search_id))
    return saved_search(archive, search_id)


def remove_saved_search(archive: Archive, search_id: int) -> bool:
    """Whether there was such a search (it is gone now either way)."""
    with archive.transaction() as db:
        return db.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,)).rowcount > 0


def _from_row(row: sqlite3.Row) -> SavedSearch:
    stored = json.loads(row["query"])
    return SavedSearch(
        id=row["id"], name=row["name"], text=stored.get("text", ""),
        filters={k: tuple(v) for k, v in stored.get("filters", {}).items()},
        date_from=stored.get("date_from"), date_to=stored.get("date_to"),
        created_at=row["created_at"], updated_at=row["updated_at"])
