"""What the spiders hand to the pipeline.

Besides articles, spiders report what they saw (an issue and its pages, a page and
its articles) so the pipeline can tell when an issue is complete, and what went
wrong (a broken page, a skipped one, a date without an issue), so nothing is
dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleContext:
    """Where an article sits in the paper: known before its page is parsed."""

    url: str
    source: str
    date: str | None = None
    page: str | None = None
    page_name: str | None = None


@dataclass
class ArticleItem:
    url: str
    source: str
    title: str
    body: str
    date: str | None = None
    page: str | None = None
    page_name: str | None = None
    kicker: str = ""
    subtitle: str = ""
    summary: str = ""
    byline: str = ""
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    # Which reading layer gave each field: {"title": "template", "body": "generic", …}
    layers: dict[str, str] = field(default_factory=dict)
    # The page as fetched, kept so the article can be re-parsed without re-crawling.
    raw: bytes = b""
    encoding: str = "utf-8"
    paper: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class BrokenPage:
    """A page that could not be fetched or parsed: quarantined, and retried next run."""

    url: str
    kind: str  # home | calendar | issue | page | article
    reason: str
    source: str
    raw: bytes = b""
    encoding: str = "utf-8"
    paper: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class SkippedPage:
    """An article deliberately not fetched (robots.txt, already archived)."""

    url: str
    reason: str
    source: str


@dataclass
class IssueSeen:
    source: str
    date: str
    url: str
    pages: list[str]


@dataclass
class PageSeen:
    source: str
    date: str
    url: str
    articles: list[str]
    number: str | None = None  # the page's 版次, when its label or URL says it


@dataclass
class NoIssue:
    source: str
    date: str
    reason: str
