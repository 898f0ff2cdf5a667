"""What every e-paper spider does: dates to issues, issues to pages, pages to articles.

A template subclass only says how its pages look (``defaults``: selectors and URL
rules, overridable per paper in ``papers.toml``) and, where a template needs it,
refines one step. Spiders only parse: they yield items and requests and leave
storing, deduplication and politeness to pipelines, middlewares and settings.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import ArticleContext, BrokenPage, IssueSeen, NoIssue, PageSeen, SkippedPage
from crawler.papers import Paper, find_paper
from crawler.spiders import links, text
from crawler.spiders.fields import (
    ArticleFields,
    Unparseable,
    article_item,
    check_fields,
    require_complete,
)
from crawler.spiders.layers import read_layers
from crawler.spiders.maintext import DEFAULT_EXTRACTOR
from crawler.spiders.urls import IssuePattern, date_range, parse_day

_JS_LOCATION = re.compile(
    r"""(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']"""
)
_META_REFRESH = re.compile(r"""url\s*=\s*['"]?([^'">\s]+)""", re.IGNORECASE)
MAX_FORWARDS = 3
_PAGE_LABEL = re.compile(r"[A-Za-z]?\d{1,3}\s*版")


@dataclass(frozen=True)
class PageRef:
    url: str
    number: str | None
    name: str


def failure_reason(failure: Failure) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(IgnoreRequest):
        return str(failure.value) or "ignored"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


class EpaperSpider(scrapy.Spider):
    defaults: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        paper: Paper | dict[str, Any] | str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        skip_dates: Iterable[str] | str | None = None,
        body_layer: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if paper is None:
            raise ValueError(f"spider {self.name}: which paper? pass paper=CODE")
        if isinstance(paper, str):
            paper = find_paper(paper)
        elif isinstance(paper, dict):
            paper = Paper.from_dict(paper)
        self.paper = paper
        self.options = {**self.defaults, **paper.options}
        self.pattern = IssuePattern(paper.home, paper.issue_url)
        first, last = parse_day(date_from), parse_day(date_to)
        self.dates = date_range(first, last) if first and last else None
        if isinstance(skip_dates, str):
            skip_dates = skip_dates.split(",")
        self.skip_dates = set(skip_dates or ())
        # Read bodies with one layer alone (the reader comparison); None: all, in order.
        self.body_layer = body_layer

    # -- scheduling --------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        if self.dates is None:
            yield self.request(self.paper.home, self.parse_home, "home")
            return
        if self.paper.calendar:
            for month in sorted({(d.year, d.month) for d in self.dates}):
                yield self.calendar_request(*month)
            return
        for day in self.dates:
            if day.isoformat() not in self.skip_dates:
                yield self.issue_request(day)

    def request(self, url: str, callback: Any, kind: str, errback: Any = None,
                **cb_kwargs: Any) -> Request:
        return Request(
            url, callback=callback, errback=errback or self.fetch_failed,
            cb_kwargs=cb_kwargs, meta={"unionkb_kind": kind},
        )

    def issue_request(self, day: date, url: str | None = None) -> Request:
        return self.request(url or self.pattern.url_for(day), self.parse_issue, "issue",
                            errback=self.issue_failed, day=day)

    def calendar_request(self, year: int, month: int) -> Request:
        url = urljoin(self.pattern.home, self.paper.calendar.format(
            yyyy=f"{year:04d}", mm=f"{month:02d}"))
        return self.request(url, self.parse_calendar, "calendar",
                            errback=self.calendar_failed, month=(year, month))

    def _days_of(self, month: tuple[int, int]) -> list[date]:
        return [d for d in self.dates or () if (d.year, d.month) == month
                and d.isoformat() not in self.skip_dates]

    # -- callbacks -----------------------------------------------------------

    def parse_home(self, response: TextResponse, forwards: int = 0) -> Iterator[Any]:
        day = self.pattern.date_in(response.url)
        if day is not None:
            yield from self.parse_issue(response, day)
            return
        target = self.forward_target(response)
        if target and forwards < MAX_FORWARDS:
            yield self.request(target, self.parse_home, "home", forwards=forwards + 1)
            return
        yield self.broken(response, "home", "the home page does not lead to an issue "
                          f"(no forward, no link like {self.paper.issue_url!r})")

    def forward_target(self, response: TextResponse) -> str | None:
        """Where a home page sends the reader: meta refresh, script, or a link to an issue."""
        refresh = response.xpath(
            "//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content").get()
        match = _META_REFRESH.search(refresh or "")
        if match:
            return response.urljoin(match.group(1))
        match = _JS_LOCATION.search(response.text)
        if match:
            return response.urljoin(match.group(1))
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href)
            if self.pattern.date_in(url) or self.pattern.issue_in(url) is not None:
                return url
        return None

    def parse_calendar(self, response: TextResponse, month: tuple[int, int]) -> Iterator[Any]:
        issues = {}
        for period in response.xpath("//period"):
            day = text.clean(period.xpath("string(period_date)").get())
            front = text.clean(period.xpath("string(front_page)").get())
            if day and front:
                issues[day] = front
        for day in self._days_of(month):
            front = issues.get(day.isoformat())
            if front is None:
                yield NoIssue(self.paper.code, day.isoformat(), f"not in {response.url}")
            else:
                yield self.issue_request(day, urljoin(self.pattern.url_for(day), front))

    def calendar_failed(self, failure: Failure) -> Iterator[Any]:
        # Older months often have no calendar: ask for each day's issue instead.
        self.logger.info("no calendar at %s (%s); trying each day", failure.request.url,
                         failure_reason(failure))
        for day in self._days_of(failure.request.cb_kwargs["month"]):
            yield self.issue_request(day)

    def parse_issue(self, response: TextResponse, day: date | None = None) -> Iterator[Any]:
        self.crawler.stats.inc_value("unionkb/pages")
        shown = self.issue_date(response)
        if day is not None and shown is not None and shown != day:
            # Sites send a missing issue's URL on to the home page, and it to the latest issue.
            yield NoIssue(self.paper.code, day.isoformat(),
                          f"{response.url} is the issue of {shown}")
            return
        day = day or shown
        if day is None:
            yield self.broken(response, "issue", "cannot tell the date of this issue")
            return
        pages = self.find_pages(response)
        if not pages:
            if response.meta.get("redirect_urls"):
                yield NoIssue(self.paper.code, day.isoformat(), f"redirected to {response.url}")
            else:
                yield self.broken(response, "issue", "the issue page lists no pages")
            return
        yield IssueSeen(self.paper.code, day.isoformat(), response.url, [p.url for p in pages])
        for page in pages:
            if page.url == response.url:
                yield from self.parse_page(response, page, day, counted=True)
            else:
                yield self.request(page.url, self.parse_page, "page", page=page, day=day)

    def issue_date(self, response: TextResponse) -> date | None:
        return self.pattern.date_in(response.url)

    def issue_failed(self, failure: Failure) -> Iterator[Any]:
        day = failure.request.cb_kwargs["day"]
        if failure.check(HttpError) and failure.value.response.status == 404:
            yield NoIssue(self.paper.code, day.isoformat(), f"HTTP 404 at {failure.request.url}")
        else:
            yield from self.fetch_failed(failure)

    def parse_page(self, response: TextResponse, page: PageRef, day: date,
                   counted: bool = False) -> Iterator[Any]:
        if not counted:
            self.crawler.stats.inc_value("unionkb/pages")
        articles = self.find_articles(response, day)
        if articles:
            self.crawler.stats.inc_value("unionkb/pages_with_articles")
        yield PageSeen(self.paper.code, day.isoformat(), page.url, articles, page.number)
        for url in articles:
            # 转版: an article linked from two pages is fetched once (Scrapy drops the
            # second request); the pipeline notes every page that lists it.
            context = ArticleContext(url=url, source=self.paper.code, date=day.isoformat(),
                                     page=page.number, page_name=page.name or None)
            yield self.request(url, self.parse_article, "article", context=context)

    def parse_article(self, response: TextResponse, context: ArticleContext) -> Iterator[Any]:
        self.crawler.stats.inc_value("unionkb/articles_fetched")
        try:
            fields = self.read_article(response, context)
            yield article_item(fields, context, response, self.paper.to_dict())
        except Unparseable as exc:
            yield self.broken(response, "article", str(exc), context)
        except Exception as exc:  # noqa: BLE001 - a page that breaks the parser is kept, not lost
            self.logger.exception("parsing %s failed", response.url)
            yield self.broken(response, "article", f"parser error {type(exc).__name__}: {exc}",
                              context)

    def fetch_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        reason = failure_reason(failure)
        # HttpError is an IgnoreRequest too, but a page that answered 404 or 500 failed:
        # it is quarantined, not skipped as robots.txt's are.
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            yield SkippedPage(request.url, reason, self.paper.code)
            return
        context = request.cb_kwargs.get("context")
        yield BrokenPage(url=request.url, kind=request.meta.get("unionkb_kind", "page"),
                         reason=f"could not fetch: {reason}", source=self.paper.code,
                         paper=self.paper.to_dict(),
                         context=asdict(context) if context else {})

    def broken(self, response: TextResponse, kind: str, reason: str,
               context: ArticleContext | None = None) -> BrokenPage:
        return BrokenPage(url=response.url, kind=kind, reason=reason, source=self.paper.code,
                          raw=response.body, encoding=response.encoding,
                          paper=self.paper.to_dict(),
                          context=asdict(context) if context else {})

    # -- reading pages (pure: response in, values out) -------------------------

    def find_pages(self, response: TextResponse) -> list[PageRef]:
        """The issue's pages, numbered as their labels say (第01版 may be ``node_2``); a
        page whose label gives no number gets the template's URL rule's, if any, else
        none, and its articles then say their own page. When the template's selectors
        find no page, the links labelled as pages are taken (``labelled_pages``)."""
        rule = self.options.get("page_url")
        wanted = re.compile(rule) if rule else None
        day = self.pattern.date_in(response.url)
        pages = []
        for link in links.page_links(response, self.options.get("pages")):
            url = link.url
            if (wanted and not wanted.search(url)) or not links.in_issue(url, response.url, day):
                continue
            number, name = text.parse_page_label(link.label)
            if number is None:
                number = self.page_number_in_url(url)
            pages.append(PageRef(url, number, name))
        return pages or self.labelled_pages(response)

    def labelled_pages(self, response: TextResponse) -> list[PageRef]:
        """The issue's links whose text is a page label (``第01版：要闻``, ``A02版``)."""
        day = self.pattern.date_in(response.url)
        pages = []
        for link in links.page_links(response, "a[href]"):
            label = next((x for x in link.labels if _PAGE_LABEL.search(x)), None)
            if label and links.in_issue(link.url, response.url, day):
                number, name = text.parse_page_label(label)
                pages.append(PageRef(link.url, number, name))
        return pages

    def page_number_in_url(self, url: str) -> str | None:
        rule = self.options.get("page_number")
        match = re.search(rule, url) if rule else None
        return match.group(1).zfill(2) if match else None

    def find_articles(self, response: TextResponse, day: date | None = None) -> list[str]:
        """The issue's article URLs on a page list (crawler/spiders/links.py)."""
        pages = {page.url for page in self.find_pages(response)}
        day = day or self.pattern.date_in(response.url)
        selector = self.options.get("articles")
        found = links.article_links(response, selector, self.options.get("article_url"),
                                    day, pages)
        # A site whose article URLs the template's rule does not know (content_N.htm for
        # .html): the issue's documents, as the generic template finds them.
        return found or links.article_links(response, selector, None, day, pages)

    def read_article(self, response: TextResponse, context: ArticleContext) -> ArticleFields:
        require_complete(response)
        fields = read_layers(response, self.paper.options, self.defaults,
                             self.options.get("extractor", DEFAULT_EXTRACTOR), self.body_layer)
        fields.captions = text.all_texts(response, self.options.get("captions"))
        fields.images = [response.urljoin(src) for src in text.select(
            response, self.options.get("images")).xpath("@src").getall()]
        return check_fields(self.complete_fields(fields, response))

    def complete_fields(self, fields: ArticleFields, response: TextResponse) -> ArticleFields:
        """Where a template reads more than selectors can say (metadata, source lines)."""
        return fields
