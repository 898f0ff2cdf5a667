"""Run one paper's crawl in this process, show progress, and say what it did.

``unionkb crawl`` calls :func:`run_crawl`; the crawl itself is plain Scrapy
(CrawlerProcess), so everything in ``crawler/settings.py`` applies and any setting
can be changed with ``--set KEY=VALUE``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from crawler.health import health_from_stats, verdict
from crawler.papers import Paper, adhoc_paper, find_paper, templates
from crawler.spiders.urls import date_range, parse_day
from indexer.archive import Archive
from indexer.arguments import date_argument
from indexer.config import Settings
from indexer.dates import parse_date

# Scrapy and Twisted load only when a crawl runs, not for every `unionkb` command.
if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request
    from scrapy.settings import Settings as ScrapySettings
    from twisted.internet.task import LoopingCall

    from crawler.spiders.base import EpaperSpider


@dataclass
class CrawlJob:
    paper: Paper
    date_from: date | None = None
    date_to: date | None = None
    delay: float | None = None
    recheck: bool = False  # walk issues the ledger has as done
    refetch: bool = False  # fetch articles already archived
    progress: bool = True
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.date_from and self.date_to:
            return f"{self.paper.code} {self.date_from}..{self.date_to}"
        return f"{self.paper.code} latest issue"


@dataclass
class CrawlReport:
    paper: str
    finish_reason: str
    dates: int | None
    dates_already_done: int
    issues_done: int
    dates_without_issue: int
    pages: int
    articles_fetched: int
    articles_inserted: int
    articles_updated: int
    articles_unchanged: int
    articles_duplicate: int
    not_fetched_archived: int
    forbidden_by_robots: int
    quarantined: int
    responses: int
    seconds: float
    responses_per_second: float
    unreachable: str | None = None  # "cannot reach HOST: why", when nothing was reached
    # How well the pages were read (crawler/health.py): layers, generic share, failures.
    health: dict[str, Any] = field(default_factory=dict)
    failing: str | None = None  # one line when most pages failed (crawler.health.verdict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _stat(stats: dict[str, Any], key: str) -> int:
    return int(stats.get(f"unionkb/{key}", 0))


def report_from_stats(job: CrawlJob, stats: dict[str, Any], already_done: int) -> CrawlReport:
    seconds = float(stats.get("elapsed_time_seconds", 0.0))
    responses = int(stats.get("downloader/response_count", 0))
    dates = len(date_range(job.date_from, job.date_to)) if job.date_from and job.date_to else None
    health = health_from_stats(job.paper.code, stats)
    return CrawlReport(
        paper=job.paper.code,
        finish_reason=str(stats.get("finish_reason", "unknown")),
        dates=dates,
        dates_already_done=already_done,
        issues_done=_stat(stats, "issues_done"),
        dates_without_issue=_stat(stats, "dates_without_issue"),
        pages=_stat(stats, "pages"),
        articles_fetched=_stat(stats, "articles_fetched"),
        articles_inserted=_stat(stats, "articles_inserted"),
        articles_updated=_stat(stats, "articles_updated"),
        articles_unchanged=_stat(stats, "articles_unchanged"),
        articles_duplicate=_stat(stats, "articles_duplicate"),
        not_fetched_archived=_stat(stats, "skipped/archived"),
        forbidden_by_robots=_stat(stats, "skipped/robots"),
        quarantined=_stat(stats, "quarantined"),
        responses=responses,
        seconds=round(seconds, 2),
        responses_per_second=round(responses / seconds, 1) if seconds else 0.0,
        unreachable=stats.get("unionkb/unreachable"),
        health=health.to_dict(),
        failing=verdict(health),
    )


class CrawlProgress:
    """Periodic progress lines on stderr: dates, pages and articles done."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("UNIONKB_PROGRESS_INTERVAL", 10.0)
        self.enabled = crawler.settings.getbool("UNIONKB_PROGRESS", True)
        self.task: LoopingCall | None = None
        self.total: int | None = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        from scrapy import signals

        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider: EpaperSpider) -> None:
        self.started = time.monotonic()
        dates = getattr(spider, "dates", None)
        skip = getattr(spider, "skip_dates", set())
        self.total = None if dates is None else sum(d.isoformat() not in skip for d in dates)
        self.label = getattr(getattr(spider, "paper", None), "code", spider.name)
        if self.enabled and self.interval > 0:
            from twisted.internet.task import LoopingCall

            self.task = LoopingCall(self.show)
            self.task.start(self.interval, now=False)

    def closed(self, spider: EpaperSpider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.enabled:
            self.show(final=reason)

    def line(self) -> str:
        stats = self.crawler.stats.get_stats()
        dates_done = _stat(stats, "issues_done") + _stat(stats, "dates_without_issue")
        total = "?" if self.total is None else str(self.total)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        responses = int(stats.get("downloader/response_count", 0))
        return (
            f"crawl {self.label}: dates {dates_done}/{total} done "
            f"({_stat(stats, 'dates_without_issue')} without issue) · "
            f"pages {_stat(stats, 'pages')} · articles {_stat(stats, 'articles_inserted')} new, "
            f"{_stat(stats, 'articles_updated')} updated, "
            f"{_stat(stats, 'articles_unchanged')} unchanged, "
            f"{_stat(stats, 'skipped/archived')} already archived · "
            f"{_stat(stats, 'quarantined')} quarantined · {responses / elapsed:.1f} responses/s"
        )

    def show(self, final: str | None = None) -> None:
        suffix = f" — {final}" if final else ""
        print(self.line() + suffix, file=sys.stderr, flush=True)


class WaitForSharedQueue:
    """With a shared queue (scrapy-redis), an idle worker waits for work others enqueue.

    Another machine may still be parsing pages whose articles will land in the queue;
    the worker closes only after UNIONKB_SHARED_QUEUE_WAIT seconds without a response.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.wait = crawler.settings.getfloat("UNIONKB_SHARED_QUEUE_WAIT", 30.0)
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WaitForSharedQueue:
        from scrapy import signals

        extension = cls(crawler)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.busy, signal=signals.response_received)
        return extension

    def busy(self, **_: Any) -> None:
        self.idle_since = None

    def idle(self, spider: EpaperSpider) -> None:
        from scrapy.exceptions import DontCloseSpider

        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if now - self.idle_since < self.wait:
            raise DontCloseSpider


class UnreachableSite:
    """Stop at once a crawl that reaches nothing at all, saying why in one line.

    A site down or a wrong host name would otherwise be retried, with growing waits,
    for every date of the range: a minute of tracebacks, then "pages: 0". Until the
    first response, a failure to connect counts; after UNIONKB_UNREACHABLE_ATTEMPTS of
    them (the first request and its retries) the crawl closes as ``unreachable``. Once
    anything answered, failures are the retry middleware's business as usual.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.attempts = crawler.settings.getint("UNIONKB_UNREACHABLE_ATTEMPTS", 3)
        self.reached = False
        self.failures = 0
        self.verdict: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnreachableSite:
        from scrapy import signals

        guard = cls(crawler)
        crawler.signals.connect(guard.response, signal=signals.response_received)
        return guard

    def response(self, **_: Any) -> None:
        self.reached = True

    def process_request(self, request: Request) -> None:
        if self.verdict is not None:
            from scrapy.exceptions import IgnoreRequest

            raise IgnoreRequest(self.verdict)

    def process_exception(self, request: Request, exception: Exception) -> None:
        reason = None if self.reached else unreachable_reason(exception)
        if reason is None:
            return  # the retry middleware decides
        self.failures += 1
        if self.failures < self.attempts:
            return
        from scrapy.exceptions import IgnoreRequest

        if self.verdict is None:
            self.verdict = f"cannot reach {urlsplit(request.url).netloc}: {reason}"
            self.crawler.stats.set_value("unionkb/unreachable", self.verdict)
            self._close()
        # Ignored, not failed: Scrapy logs no traceback for it, and retries end here.
        raise IgnoreRequest(self.verdict)

    def _close(self) -> None:
        from scrapy.utils.defer import deferred_from_coro

        engine = self.crawler.engine
        assert engine is not None
        deferred_from_coro(engine.close_spider_async(reason="unreachable"))


def unreachable_reason(exception: BaseException) -> str | None:
    """What a download error says about reaching the site, in plain words; None when
    the site was reached (an HTTP error, a broken page) or the error is of another kind."""
    from scrapy import exceptions as scrapy_errors
    from twisted.internet import error as twisted_errors

    kinds: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
        ((scrapy_errors.CannotResolveHostError, twisted_errors.DNSLookupError),
         "DNS lookup failed"),
        ((scrapy_errors.DownloadConnectionRefusedError, twisted_errors.ConnectionRefusedError),
         "connection refused"),
        ((twisted_errors.NoRouteError,), "no route to host"),
        ((scrapy_errors.DownloadTimeoutError, twisted_errors.TCPTimedOutError,
          twisted_errors.TimeoutError), "no answer (timed out)"),
        ((twisted_errors.ConnectError,), "cannot connect"),
    )
    for types, reason in kinds:
        if isinstance(exception, types):
            return reason
    return None


def scrapy_settings(job: CrawlJob, home: Path) -> ScrapySettings:
    from scrapy.settings import Settings as ScrapySettings

    from crawler.settings import redis_settings

    settings = ScrapySettings()
    settings.setmodule("crawler.settings", priority="project")
    values: dict[str, Any] = {"UNIONKB_HOME": str(home), "UNIONKB_REFETCH": job.refetch,
                              "UNIONKB_PROGRESS": job.progress}
    # Before the retry middleware (550) sees a failure: process_exception runs from the
    # highest order down.
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    values["DOWNLOADER_MIDDLEWARES"] = {**middlewares, "crawler.run.UnreachableSite": 560}
    delay = job.delay if job.delay is not None else job.paper.delay
    if delay is not None:
        # Each crawl is one paper, so its delay is the crawl's; AutoThrottle starts there.
        values.update(DOWNLOAD_DELAY=delay, AUTOTHROTTLE_START_DELAY=delay)
    redis_url = os.environ.get("UNIONKB_REDIS_URL")
    if redis_url:
        values.update(redis_settings(redis_url))
    values.update(job.overrides)
    settings.setdict(values, priority="cmdline")
    return settings


def run_crawl(job: CrawlJob, settings: Settings, archive: Archive | None = None) -> CrawlReport:
    """Crawl `job` into the archive under ``settings.home``; blocks until the crawl ends.

    The pipeline and the middlewares share one archive connection: ``archive`` if given
    (the caller's, to index with afterwards), else one opened and closed here.
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.pipelines import ARCHIVE_ATTRIBUTE, LEDGER_FILE, IssueLedger
    from crawler.spiders import spider_class

    home = settings.ensure_home()
    paper = job.paper
    already: set[str] = set()
    if not job.recheck:
        ledger = IssueLedger(home / LEDGER_FILE)
        already = ledger.finished_dates(paper.code, paper.where_issues_are())
        ledger.close()
    in_range = {d.isoformat() for d in date_range(job.date_from, job.date_to)} \
        if job.date_from and job.date_to else set()
    process = CrawlerProcess(scrapy_settings(job, home))
    crawler = process.create_crawler(spider_class(paper.template))
    shared = archive or Archive(settings.archive_path)
    setattr(crawler, ARCHIVE_ATTRIBUTE, shared)
    try:
        process.crawl(crawler, paper=paper, date_from=job.date_from, date_to=job.date_to,
                      skip_dates=already)
        process.start()
    finally:
        if archive is None:
            shared.close()
    return report_from_stats(job, crawler.stats.get_stats(), len(already & in_range))


def _setting(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise ValueError(f"--set {text!r}: expected KEY=VALUE")
    return key.strip(), value.strip()


def job_from_args(args: argparse.Namespace) -> CrawlJob:
    """The crawl the command line asks for; ValueError/LookupError say what is wrong."""
    if args.target in templates():
        missing = [flag for flag, value in (("--home", args.home), ("--issue-url", args.issue_url),
                                            ("--source", args.source)) if not value]
        if missing:
            raise ValueError(f"crawl {args.target} (a template) needs {', '.join(missing)}")
        paper = adhoc_paper(args.target, args.home, args.issue_url, args.source, args.calendar)
    else:
        paper = find_paper(args.target)
    first = parse_date(args.date_from).first_day if args.date_from else None
    last = parse_date(args.date_to).last_day if args.date_to else None
    if first and not last:
        last = date.today()
    if last and not first:
        first = parse_day(paper.first_issue)
        if first is None:
            raise ValueError(f"{paper.code} has no first_issue in papers.toml: give --from")
    if first and last:
        date_range(first, last)  # raises when the range is reversed
    return CrawlJob(paper=paper, date_from=first, date_to=last, delay=args.delay,
                    recheck=args.recheck, refetch=args.refetch, progress=not args.quiet,
                    overrides=dict(_setting(text) for text in args.set or ()))


def add_crawl_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="PAPER|TEMPLATE",
                        help="a paper code from papers.toml (e.g. grrb), or a template (e.g. "
                             "founder; a name that is neither lists them all) with "
                             "--home/--issue-url/--source")
    parser.add_argument("--from", dest="date_from", metavar="DATE", type=date_argument,
                        help="first date, YYYY-MM-DD (YYYY-MM or YYYY: from its first day)")
    parser.add_argument("--to", dest="date_to", metavar="DATE", type=date_argument,
                        help="last date, YYYY-MM-DD (YYYY-MM or YYYY: to its last day; without "
                             "--from/--to: the latest issue)")
    parser.add_argument("--home", help="template mode: the e-paper's home URL")
    parser.add_argument("--issue-url", metavar="PATTERN",
                        help="template mode: issue URL relative to --home with {yyyy} {mm} {dd}, "
                             "e.g. html/{yyyy}-{mm}/{dd}/node_1.htm")
    parser.add_argument("--source", metavar="NAME", help="template mode: newspaper code")
    parser.add_argument("--calendar", metavar="PATTERN",
                        help="template mode: monthly issue calendar, e.g. "
                             "html/{yyyy}-{mm}/period.xml")
    parser.add_argument("--delay", type=float, default=None,
                        help="seconds between requests to the site (default: the paper's)")
    parser.add_argument("--recheck", action="store_true",
                        help="walk issues the crawl ledger has as done")
    parser.add_argument("--refetch", action="store_true",
                        help="fetch articles already in the archive again")
    parser.add_argument("--set", action="append", metavar="KEY=VALUE",
                        help="any Scrapy setting, e.g. JOBDIR=crawls/grrb (repeatable)")
    parser.add_argument("--no-index", action="store_true",
                        help="only crawl into the archive; extract and index later")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
