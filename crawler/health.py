"""How well a crawl read its paper: the summary that shows a template gone wrong.

A crawl that stores nothing, or stores what the generic layer guessed for every page,
says so here: how many page lists yielded articles, which layer read the articles'
titles and bodies, and what share of the article pages fell through to the generic
layer or failed (could not be fetched or read). When most article pages failed, or no
page list yielded an article at all, :func:`verdict` gives the one line the command
prints before exiting non-zero.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# More than this share of failed article pages fails the crawl.
MOST = 0.5


@dataclass
class CrawlHealth:
    paper: str
    pages: int = 0
    pages_with_articles: int = 0
    article_pages: int = 0  # fetched this run: stored or failed
    failed: int = 0
    already_archived: int = 0  # read right by an earlier run, not fetched again
    read_with: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def generic(self) -> int:
        return self.read_with.get("body", {}).get("generic", 0)

    @property
    def share_generic_or_failed(self) -> float:
        return (self.generic + self.failed) / self.article_pages if self.article_pages else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "fell_to_generic": self.generic,
                "share_generic_or_failed": round(self.share_generic_or_failed, 3)}


def health_from_stats(paper: str, stats: dict[str, Any]) -> CrawlHealth:
    read_with: dict[str, dict[str, int]] = {"title": {}, "body": {}}
    for key, value in stats.items():
        parts = key.split("/")
        if len(parts) == 4 and parts[:2] == ["unionkb", "read"] and parts[2] in read_with:
            read_with[parts[2]][parts[3]] = int(value)
    failed = int(stats.get("unionkb/articles_failed", 0))
    stored = sum(read_with["body"].values())
    return CrawlHealth(
        paper=paper, pages=int(stats.get("unionkb/pages", 0)),
        pages_with_articles=int(stats.get("unionkb/pages_with_articles", 0)),
        article_pages=stored + failed, failed=failed, read_with=read_with,
        already_archived=int(stats.get("unionkb/skipped/archived", 0)))


def verdict(health: CrawlHealth) -> str | None:
    """One plain line when the crawl mostly failed; None when it did not."""
    if health.pages and not health.pages_with_articles:
        return (f"{health.paper}: none of the {health.pages} page lists yielded an article; "
                "check the template (or try `unionkb crawl generic`)")
    handled = health.article_pages + health.already_archived
    if handled and health.failed / handled > MOST:
        share = round(100 * health.failed / handled)
        return (f"{health.paper}: {health.failed} of {handled} article pages ({share} %) "
                "could not be fetched or read; `unionkb quarantine --kind crawl` says why")
    return None
