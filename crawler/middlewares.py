"""Downloader middlewares: what to fetch, how to decode it, how to retry it.

- :class:`SkipArchivedMiddleware` does not fetch an article already in the archive,
  which makes a crawl incremental and a killed crawl cheap to resume.
- :class:`ChineseEncodingMiddleware` decodes pages whose declared charset is wrong
  or missing: valid UTF-8 wins, then the declaration, then GB18030 (a superset of
  GB2312 and GBK, so a page labelled gb2312 that uses GBK characters decodes too).
- :class:`BackoffRetryMiddleware` waits longer before each retry, so a struggling
  site is given room instead of hammered.
"""

from __future__ import annotations

import codecs

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

from crawler.pipelines import shared_archive


class SkipArchivedMiddleware:
    """Asks the crawl's archive (the pipeline's connection) before fetching an article."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipArchivedMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("unionkb_kind") != "article":
            return
        if self.crawler.settings.getbool("UNIONKB_REFETCH"):
            return
        if shared_archive(self.crawler).has_url(request.url):
            self.crawler.stats.inc_value("unionkb/archived_not_fetched")
            raise IgnoreRequest("already archived")


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        codecs.decode(body, encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def declared_encoding(response: TextResponse) -> str | None:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    return http_content_type_encoding(content_type) or html_body_declared_encoding(response.body)


def best_encoding(body: bytes, declared: str | None) -> str | None:
    """The encoding that decodes `body` without error, in the order of trust."""
    if not body.isascii() and _decodes(body, "utf-8"):
        # GBK text is almost never valid UTF-8, so valid UTF-8 is UTF-8.
        return "utf-8"
    if declared:
        resolved = resolve_encoding(declared) or declared
        if _decodes(body, resolved):
            return resolved
    if _decodes(body, "gb18030"):
        return "gb18030"
    return None


class ChineseEncodingMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        encoding = best_encoding(response.body, declared_encoding(response))
        if encoding and resolve_encoding(encoding) != resolve_encoding(response.encoding):
            return response.replace(encoding=encoding)
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, each after twice the wait of the one before (capped)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("UNIONKB_RETRY_BACKOFF", 2.0)
        self.backoff_max = settings.getfloat("UNIONKB_RETRY_BACKOFF_MAX", 120.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        return await self._wait_before(super().process_response(request, response))

    async def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        return None if result is None else await self._wait_before(result)

    async def _wait_before(self, result: Request | Response) -> Request | Response:
        if isinstance(result, Request) and self.backoff > 0:
            attempt = result.meta.get("retry_times", 1)
            await sleep(min(self.backoff_max, self.backoff * 2 ** (attempt - 1)))
        return result
