"""The Article record: the unit the archive stores and every index is built from."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from indexer.dates import InvalidDate, parse_date
from indexer.sources import source_name


class InvalidArticle(ValueError):
    """An article that cannot be archived; the message says which field is wrong."""


def short_hash(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


def content_hash(title: str, body: str) -> str:
    # Whitespace differs between a page dump and a crawl of the same article.
    normalised = re.sub(r"\s+", "", title + body)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def article_id_for_url(url: str) -> str:
    return short_hash("url", url.strip())


def article_id_for_dump(source: str, date: str | None, page: str | None, position: int) -> str:
    return short_hash("dump", source, date or "", page or "", str(position))


@dataclass
class Article:
    id: str
    source: str
    title: str
    body: str
    url: str | None = None
    date: str | None = None
    page: str | None = None
    page_name: str | None = None
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    summary: str = ""
    captions: list[str] = field(default_factory=list)
    content_hash: str = ""
    fetched_at: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.title, self.body)
        if not self.fetched_at:
            self.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")

    @property
    def source_name(self) -> str:
        return source_name(self.source)

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def text(self) -> str:
        """The text the NLP reads; entity offsets point into it."""
        head = [part for part in (self.kicker, self.title, self.subtitle) if part]
        return "\n".join([*head, self.body])

    def validate(self) -> None:
        if not self.id:
            raise InvalidArticle("article has no id")
        if not self.title.strip():
            raise InvalidArticle(f"article {self.id}: empty title")
        if not self.body.strip():
            raise InvalidArticle(f"article {self.id} ({self.title}): empty body")
        if self.date:
            try:
                parse_date(self.date)
            except InvalidDate as exc:
                raise InvalidArticle(f"article {self.id}: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
