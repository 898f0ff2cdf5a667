"""Parse stored raw pages again, without the network: after a parser fix, or to take in
pages crawled on another machine (copy its ``raw/`` folder and point ``--raw-dir`` at it).

Each raw page is kept with the paper configuration and the place in the paper it
was found at, so it goes through exactly the code a crawl would use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.http import HtmlResponse
from tqdm import tqdm

from crawler.items import ArticleContext
from crawler.papers import Paper
from crawler.pipelines import RawRecord, RawStore, article_from_item
from crawler.spiders import spider_class
from crawler.spiders.base import EpaperSpider
from crawler.spiders.fields import Unparseable, article_item
from indexer.archive import Archive
from indexer.input_files import UnusableFile
from indexer.models import InvalidArticle, article_id_for_url


@dataclass
class ReparseReport:
    pages: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    quarantined: int = 0
    problems: list[str] = field(default_factory=list)


class _Spiders:
    """One parser per paper configuration, built once."""

    def __init__(self) -> None:
        self.cache: dict[str, EpaperSpider] = {}

    def for_record(self, record: RawRecord) -> EpaperSpider:
        key = repr(sorted(record.paper.items()))
        if key not in self.cache:
            paper = Paper.from_dict(record.paper, origin=str(record.html_path))
            self.cache[key] = spider_class(paper.template)(paper=paper)
        return self.cache[key]


def reparse_record(record: RawRecord, spider: EpaperSpider, archive: Archive) -> str:
    """Parse one raw page into the archive; returns the upsert status or 'quarantined'."""
    try:
        response = HtmlResponse(record.url, body=record.body(), encoding=record.encoding)
        context = ArticleContext(**record.context)
        item = article_item(spider.read_article(response, context), context, response,
                            record.paper)
        status = archive.upsert(article_from_item(item)).status
        archive.record_reading(article_id_for_url(item.url), item.layers,
                               {"pages": [context.page] if context.page else []})
        return status
    except (Unparseable, InvalidArticle, UnusableFile) as exc:
        reason = f"article: {exc}"
    except sqlite3.OperationalError:
        raise  # the archive is locked or full: no page's fault
    except Exception as exc:  # noqa: BLE001 - as in a crawl: a page that breaks the parser is kept
        reason = f"article: parser error {type(exc).__name__}: {exc}"
    archive.quarantine("crawl", record.url, reason, None)
    return "quarantined"


def reparse(
    archive: Archive, raw_dirs: Iterable[Path], source: str | None = None, progress: bool = True
) -> ReparseReport:
    report = ReparseReport()
    spiders = _Spiders()
    records = [r for raw_dir in raw_dirs for r in RawStore(raw_dir).records(source)]
    for record in tqdm(records, desc="reparse", unit="page", disable=not progress):
        report.pages += 1
        status = reparse_record(record, spiders.for_record(record), archive)
        setattr(report, status, getattr(report, status) + 1)
        if status == "quarantined":
            report.problems.append(record.url)
    return report
