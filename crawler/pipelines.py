"""From spider items to the archive: raw page kept, article stored, problems quarantined.

The pipeline also keeps the crawl ledger: an issue whose every page and article has
been handled is recorded as done, so a crawl started again (after a kill, or to
extend a range) does not walk it a second time.

A crawl has one archive connection (``shared_archive``), which the pipeline and the
middlewares that ask the archive share.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem, BrokenPage, IssueSeen, NoIssue, PageSeen, SkippedPage
from indexer.archive import Archive
from indexer.config import Settings, load_settings
from indexer.input_files import read_bounded
from indexer.models import Article, InvalidArticle, article_id_for_url

LEDGER_FILE = "crawl_ledger.sqlite3"
ARCHIVE_ATTRIBUTE = "unionkb_archive"  # where a crawl's archive hangs on its Crawler
# Today's issue may simply not be out yet: only older absences are final.
ABSENCE_FINAL_AFTER = timedelta(days=3)
PAYLOAD_LIMIT = 200_000
IssueKey = tuple[str, str]  # (source, date)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def crawl_settings(crawler: Crawler) -> Settings:
    """The unionkb settings of a crawl: its UNIONKB_HOME setting, else the environment's."""
    home = crawler.settings.get("UNIONKB_HOME")
    return Settings(home=Path(home)) if home else load_settings()


def shared_archive(crawler: Crawler) -> Archive:
    """The crawl's one archive connection.

    ``run_crawl`` hangs its own on the crawler; a crawl started another way gets one
    opened here on first use and closed when the spider closes.
    """
    archive = getattr(crawler, ARCHIVE_ATTRIBUTE, None)
    if archive is None:
        settings = crawl_settings(crawler)
        settings.ensure_home()
        archive = Archive(settings.archive_path)
        setattr(crawler, ARCHIVE_ATTRIBUTE, archive)
        crawler.signals.connect(archive.close, signal=signals.spider_closed)
    return archive


def article_from_item(item: ArticleItem) -> Article:
    """The record of a crawled article, named as its paper's configuration names it."""
    return Article(
        id=article_id_for_url(item.url), source=item.source,
        source_name=item.paper.get("name") or "", title=item.title,
        body=item.body, url=item.url, date=item.date, page=item.page,
        page_name=item.page_name, kicker=item.kicker, subtitle=item.subtitle,
        summary=item.summary, byline=item.byline, reporters=list(item.reporters),
        correspondents=list(item.correspondents), photographers=list(item.photographers),
        captions=list(item.captions),
    )


# -- raw pages ------------------------------------------------------------------


@dataclass
class RawRecord:
    """A fetched article page as kept on disk, with what is needed to parse it again."""

    url: str
    source: str
    encoding: str
    paper: dict[str, Any]
    context: dict[str, Any]
    fetched_at: str
    html_path: Path

    def body(self) -> bytes:
        """The page as fetched; a raw folder copied from elsewhere may hold anything, so
        it is read as any named file is (``UnusableFile`` when it cannot be)."""
        return read_bounded(self.html_path)


def _write_atomically(path: Path, data: bytes) -> None:
    # A crawl may be killed at any moment: never leave half a file under the final name.
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class RawStore:
    """``raw/<source>/<yyyy-mm>/<article id>.html`` plus a ``.json`` saying what it is."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, item: ArticleItem | BrokenPage) -> Path:
        day = item.context.get("date") or getattr(item, "date", None) or "undated"
        folder = self.root / item.source / str(day)[:7]
        folder.mkdir(parents=True, exist_ok=True)
        html_path = folder / f"{article_id_for_url(item.url)}.html"
        if not html_path.exists() or html_path.read_bytes() != item.raw:
            _write_atomically(html_path, item.raw)
        meta = {"url": item.url, "source": item.source, "encoding": item.encoding,
                "paper": item.paper, "context": item.context, "fetched_at": _now()}
        if isinstance(item, ArticleItem):
            meta["layers"] = item.layers
        _write_atomically(html_path.with_suffix(".json"),
                          json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        return html_path

    def records(self, source: str | None = None) -> Iterator[RawRecord]:
        base = self.root / source if source else self.root
        for meta_path in sorted(base.rglob("*.json")):
            html_path = meta_path.with_suffix(".html")
            if not html_path.exists():
                continue
            meta = json.loads(meta_path.read_text("utf-8"))
            yield RawRecord(meta["url"], meta["source"], meta["encoding"], meta["paper"],
                            meta["context"], meta.get("fetched_at", ""), html_path)


# -- which issues are done ------------------------------------------------------


class IssueLedger:
    """Issues finished (every article handled) or known absent, per paper and date."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS issues (source TEXT NOT NULL, date TEXT NOT NULL,"
            " status TEXT NOT NULL, detail TEXT, recorded_at TEXT NOT NULL,"
            " PRIMARY KEY (source, date))"
        )
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(issues)")}
        if "looked_with" not in columns:  # ledgers from before absences were qualified
            self.db.execute("ALTER TABLE issues ADD COLUMN looked_with TEXT")

    def record(self, source: str, day: str, status: str, detail: str = "",
               looked_with: str | None = None) -> None:
        """``looked_with``: for an absence, the configuration it was found with
        (``Paper.where_issues_are``)."""
        with self.db:
            self.db.execute(
                "INSERT INTO issues VALUES (?,?,?,?,?,?) ON CONFLICT(source, date) DO UPDATE"
                " SET status=excluded.status, detail=excluded.detail,"
                " recorded_at=excluded.recorded_at, looked_with=excluded.looked_with",
                (source, day, status, detail, _now(), looked_with),
            )

    def finished_dates(self, source: str, looked_with: str) -> set[str]:
        """Dates done, and dates without an issue when looked for the way we look now."""
        rows = self.db.execute(
            "SELECT date FROM issues WHERE source = ? AND (status != 'none' OR looked_with = ?)",
            (source, looked_with))
        return {row[0] for row in rows}

    def status(self, source: str, day: str) -> str | None:
        row = self.db.execute("SELECT status FROM issues WHERE source = ? AND date = ?",
                              (source, day)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.db.close()


class IssueTracker:
    """Which pages and articles of each issue are still outstanding in this run.

    Items may arrive in any order (an article before the list of its page), so what
    is done is remembered and subtracted when the list arrives.
    """

    def __init__(self) -> None:
        self.pages_left: dict[IssueKey, set[str]] = {}
        self.articles_left: dict[str, set[str]] = {}
        self.page_issue: dict[str, IssueKey] = {}
        self.waiting: dict[str, set[str]] = defaultdict(set)
        self.done_articles: set[str] = set()
        self.done_pages: set[str] = set()
        self.finished: set[IssueKey] = set()

    def issue_seen(self, key: IssueKey, pages: list[str]) -> list[IssueKey]:
        self.pages_left[key] = set(pages) - self.done_pages
        return self._check(key)

    def page_seen(self, key: IssueKey, page: str, articles: list[str]) -> list[IssueKey]:
        self.page_issue[page] = key
        left = set(articles) - self.done_articles
        self.articles_left[page] = left
        for url in left:
            self.waiting[url].add(page)
        return [] if left else self._page_done(page)

    def article_done(self, url: str) -> list[IssueKey]:
        self.done_articles.add(url)
        finished: list[IssueKey] = []
        for page in self.waiting.pop(url, set()):
            left = self.articles_left[page]
            left.discard(url)
            if not left:
                finished += self._page_done(page)
        return finished

    def _page_done(self, page: str) -> list[IssueKey]:
        self.done_pages.add(page)
        key = self.page_issue.get(page)
        if key is None or key not in self.pages_left:
            return []
        self.pages_left[key].discard(page)
        return self._check(key)

    def _check(self, key: IssueKey) -> list[IssueKey]:
        if not self.pages_left.get(key, True) and key not in self.finished:
            self.finished.add(key)
            return [key]
        return []


# -- the pipeline ---------------------------------------------------------------


class ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawl_settings(crawler)
        self.stats: StatsCollector = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.archive = shared_archive(self.crawler)
        self.raw = RawStore(self.settings.raw_dir)
        self.ledger = IssueLedger(self.settings.ensure_home() / LEDGER_FILE)
        self.tracker = IssueTracker()
        # 转版: the pages that list each article, noted with how it was read.
        self.pages_of: dict[str, list[str]] = defaultdict(list)
        self.stored: dict[str, tuple[str, dict[str, str]]] = {}

    def close_spider(self) -> None:
        self.ledger.close()

    def process_item(self, item: Any) -> Any:
        handlers = {ArticleItem: self.store_article, BrokenPage: self.quarantine,
                    SkippedPage: self.skipped, IssueSeen: self.issue_seen,
                    PageSeen: self.page_seen, NoIssue: self.no_issue}
        handler = handlers.get(type(item))
        if handler is None:
            raise TypeError(f"ArchivePipeline cannot handle {type(item).__name__}")
        handler(item)
        return item

    def store_article(self, item: ArticleItem) -> None:
        self.raw.save(item)
        article = article_from_item(item)
        try:
            result = self.archive.upsert(article)
        except InvalidArticle as exc:
            self._quarantine(item.url, f"article: {exc}", article.to_dict())
            self.stats.inc_value("unionkb/articles_failed")
            return
        self.stored[item.url] = (article.id, item.layers)
        self._record_reading(item.url, item.context.get("page"))
        self.stats.inc_value(f"unionkb/articles_{result.status}")
        for field in ("title", "body"):
            layer = item.layers.get(field, "none")
            self.stats.inc_value(f"unionkb/read/{field}/{layer}")
        self._finish(self.tracker.article_done(item.url))

    def _record_reading(self, url: str, page: str | None) -> None:
        pages = self.pages_of[url]
        if page and page not in pages:
            pages.append(page)
        if url in self.stored:
            article_id, layers = self.stored[url]
            self.archive.record_reading(article_id, layers, {"pages": sorted(pages)})

    def quarantine(self, item: BrokenPage) -> None:
        if item.kind == "article":
            self.stats.inc_value("unionkb/articles_failed")
        if item.raw and item.kind == "article":
            self.raw.save(item)
        html = item.raw.decode(item.encoding, errors="replace")[:PAYLOAD_LIMIT]
        self._quarantine(item.url, f"{item.kind}: {item.reason}",
                         {"context": item.context, "html": html})

    def _quarantine(self, url: str, reason: str, payload: dict[str, Any]) -> None:
        self.archive.quarantine("crawl", url, reason, json.dumps(payload, ensure_ascii=False))
        self.stats.inc_value("unionkb/quarantined")

    def skipped(self, item: SkippedPage) -> None:
        reason = item.reason.lower()
        kind = "robots" if "robots" in reason else "archived" if "archived" in reason else "other"
        self.stats.inc_value(f"unionkb/skipped/{kind}")
        self._finish(self.tracker.article_done(item.url))

    def issue_seen(self, item: IssueSeen) -> None:
        self._finish(self.tracker.issue_seen((item.source, item.date), item.pages))

    def page_seen(self, item: PageSeen) -> None:
        for url in item.articles:
            self._record_reading(url, item.number or item.url)
        self._finish(self.tracker.page_seen((item.source, item.date), item.url, item.articles))

    def no_issue(self, item: NoIssue) -> None:
        if date.fromisoformat(item.date) < date.today() - ABSENCE_FINAL_AFTER:
            looked_with = self.crawler.spider.paper.where_issues_are()
            self.ledger.record(item.source, item.date, "none", item.reason, looked_with)
        self.stats.inc_value("unionkb/dates_without_issue")

    def _finish(self, keys: list[IssueKey]) -> None:
        for source, day in keys:
            self.ledger.record(source, day, "done")
            self.stats.inc_value("unionkb/issues_done")
