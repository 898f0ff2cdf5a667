"""The xpaper e-paper (陕西工人报): ``xpaper/news/ISSUE/PAGE/ID-1.shtml``.

Issue numbers do not derive from the date, so the spider starts at the latest
issue (the home page forwards to it) and walks to earlier issue numbers, reading
each issue's date off its first page (``第8686期:第01版 首版`` and a date line),
until it passes the start of the requested range.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import NoIssue
from crawler.spiders import text
from crawler.spiders.base import EpaperSpider


class XpaperSpider(EpaperSpider):
    name = "xpaper"
    defaults = {
        "pages": "ul.pagelist a, div.pagelist a",
        "page_url": r"/news/\d+/\w+/index\.shtml$",
        "page_number": r"/news/\d+/(\d+)/",
        "articles": "a[href], area[href]",
        "article_url": r"/news/\d+/\w+/\d+-\d+\.shtml$",
        "issue_date": "div.date, span.date, div.banci",
        "kicker": "div.article .pretitle",
        "title": "div.article .title",
        "subtitle": "div.article .subtitle",
        "author": "div.article .author",
        "body": "//div[@class='article']//div[@class='content']//p",
        "captions": "div.article div.pic p",
        "images": "div.article div.pic img",
        # Issue numbers can skip (a holiday double issue): how many misses end the walk.
        "max_gap": "3",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_dates: set[date] = set()

    async def start(self) -> AsyncIterator[Any]:
        yield self.request(self.paper.home, self.parse_home, "home")

    def parse_home(self, response: TextResponse, forwards: int = 0) -> Iterator[Any]:
        issue = self.pattern.issue_in(response.url)
        if issue is None:
            yield from super().parse_home(response, forwards)
            return
        yield from self.parse_walk(response, issue)

    def issue_date(self, response: TextResponse) -> date | None:
        found = text.first_text(response, self.options.get("issue_date"))
        return text.find_day(found) or text.find_day(
            " ".join(response.xpath("//body//text()").getall()))

    def parse_walk(self, response: TextResponse, issue: int, misses: int = 0) -> Iterator[Any]:
        day = self.issue_date(response)
        if day is None:
            yield self.broken(response, "issue", f"cannot tell the date of issue {issue}")
            return
        self.seen_dates.add(day)
        if self.dates is None:
            yield from self.parse_issue(response, day)
            return
        if self.dates[0] <= day <= self.dates[-1] and day.isoformat() not in self.skip_dates:
            yield from self.parse_issue(response, day)
        if day > self.dates[0]:
            yield self.walk_request(issue - 1)
        else:
            yield from self.dates_without_issue()

    def walk_request(self, issue: int, misses: int = 0) -> Any:
        return self.request(self.pattern.url_for(issue=issue), self.parse_walk, "issue",
                            errback=self.walk_failed, issue=issue, misses=misses)

    def walk_failed(self, failure: Failure) -> Iterator[Any]:
        kwargs = failure.request.cb_kwargs
        gap_allowed = kwargs["misses"] < int(self.options["max_gap"])
        if failure.check(HttpError) and failure.value.response.status == 404 and gap_allowed:
            yield self.walk_request(kwargs["issue"] - 1, kwargs["misses"] + 1)
            return
        yield from self.fetch_failed(failure)
        yield from self.dates_without_issue()

    def dates_without_issue(self) -> Iterator[NoIssue]:
        for day in self.dates or ():
            if day not in self.seen_dates and day.isoformat() not in self.skip_dates:
                yield NoIssue(self.paper.code, day.isoformat(),
                              "no issue with this date between the latest and the range start")
