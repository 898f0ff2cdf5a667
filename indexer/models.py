"""The Article record: the unit the archive stores and every index is built from."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from typing import Any

from indexer.dates import InvalidDate, parse_date
from indexer.sources import known_source_name


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


def page_fingerprint(page_text: str) -> str:
    """What tells one page text from another; whitespace, which differs between two
    dumps of the same page (line ends, wrapping), does not count."""
    return short_hash("page", re.sub(r"\s+", "", page_text))


def article_id_for_dump(page_key: str, position: int) -> str:
    """The id of the ``position``-th article of the page whose ``page_fingerprint`` is
    ``page_key``.

    A dump has no URL, and what the user says about it (--source, --date, --page) is
    often missing or wrong: ids from those and the position alone gave every undated
    page's first article the same id, so pages ingested together overwrote each other.
    The page's own text tells pages apart, so:

    - two different pages never share an id, whatever was or was not said about them;
    - an id depends on the page only, never on the other files of the same call;
    - the same page ingested again (with a fixed splitter, or with a --source or
      --date given now) keeps its ids and is updated in place, not copied;
    - an edited page is a new page: its articles get new ids; those whose text did not
      change are content-hash duplicates of the old ones (kept, never searchable twice),
      while an edited article sits beside its old version, as nothing says the two
      pages are one. Archives made with the old ids behave the same: a file ingested
      again gives duplicates of what is there, not a second searchable copy.
    """
    return short_hash("dump", page_key, str(position))


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter of any script (CJK included): a title or body of
    only control, zero-width, punctuation or digit characters says nothing."""
    return any(char.isalpha() for char in text)


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
    # The newspaper's name, given by whoever made the record (the crawler from the
    # paper's configuration); a record made without one, or stored before the field
    # existed, is named from the known codes, so no process answers differently.
    source_name: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.title, self.body)
        if not self.fetched_at:
            self.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        if not self.source_name:
            self.source_name = known_source_name(self.source)

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
        self._check_words("title", self.title, f"article {self.id}")
        self._check_words("body", self.body, f"article {self.id} ({self.title[:40]!r})")
        if self.date:
            try:
                parse_date(self.date)
            except InvalidDate as exc:
                raise InvalidArticle(f"article {self.id}: {exc}") from None

    @staticmethod
    def _check_words(name: str, value: str, which: str) -> None:
        if not value.strip():
            raise InvalidArticle(f"{which}: empty {name}")
        if not has_words(value):
            raise InvalidArticle(f"{which}: no words in the {name}, only {value[:40]!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        names = _field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in names})


@cache
def _field_names(cls: type) -> frozenset[str]:
    # Read for every record an export or an analysis loads: a million at a time.
    return frozenset(f.name for f in fields(cls))
