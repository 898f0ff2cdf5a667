"""What an analysis row needs of its article, read from ``entity_articles``."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

# Selected from ``entity_articles e`` by every read that cites articles.
ARTICLE_COLUMNS = ("e.article_id, e.source_name, e.title, e.date, e.year, e.page, e.url,"
                   " e.primary_region")


@dataclass(frozen=True)
class ArticleFacts:
    """Enough of an article to cite, to link and to place it."""

    id: str
    title: str
    date: str | None
    year: str | None
    source: str  # the newspaper's name, as the record has it
    page: str | None
    url: str | None
    primary_region: dict[str, Any] | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ArticleFacts:
        """From a row that selected ``ARTICLE_COLUMNS``."""
        return cls(
            id=row["article_id"], title=row["title"], date=row["date"], year=row["year"],
            source=row["source_name"], page=row["page"], url=row["url"],
            primary_region=loads(row["primary_region"]),
        )

    def ref(self) -> dict[str, Any]:
        """How an analysis row points back to its article."""
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source,
                "page": self.page, "url": self.url}


def loads(value: str | None) -> Any:
    """A JSON column's value; NULL or empty is None."""
    return json.loads(value) if value else None
