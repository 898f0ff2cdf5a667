"""``unionkb ingest-text``: page-text files into the archive, each stored or quarantined.

Every file named ends one of two ways, never neither: stored (at least one of its
articles is in the archive) or quarantined with the reason. The articles refused on
the way, and those whose extraction or index document fails, are quarantined and
counted too, so the report, and the exit status built on it, say when something
needs a look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from crawler.textdump import articles_from_page_text
from indexer.archive import Archive
from indexer.ingest import IngestReport, PendingReport, process_pending, store_articles
from indexer.input_files import UnusableFile, display_path
from indexer.models import Article
from indexer.page_text import PageText, read_page_text
from indexer.search.base import SearchBackend

# The text of a refused file is kept with its quarantine entry, up to this much.
PAYLOAD_CHARS = 200_000
NO_ARTICLE = "no article found in the text: no headline followed by a body"

Say = Callable[[str], None]


@dataclass(frozen=True)
class DumpOptions:
    """What the user tells about the pages: the same for every file of the call."""

    source: str = "text"
    date: str | None = None
    page: str | None = None


@dataclass
class TextIngestReport:
    files: int = 0
    files_stored: int = 0
    files_quarantined: int = 0
    files_repaired: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    articles_quarantined: int = 0
    extraction_errors: int = 0
    index_errors: int = 0
    indexed: int = 0

    @property
    def quarantined(self) -> int:
        """Everything this call quarantined: files, articles, extractions, index documents."""
        return (self.files_quarantined + self.articles_quarantined + self.extraction_errors
                + self.index_errors)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "quarantined": self.quarantined}


def ingest_text_files(
    paths: Iterable[Path], archive: Archive, backend: SearchBackend, options: DumpOptions,
    say: Say, progress: bool = False,
) -> TextIngestReport:
    """Store every file's articles, then extract and index what is pending."""
    report = TextIngestReport()
    for path in tqdm(list(paths), desc="files", unit="file", disable=not progress):
        store_file(path, archive, options, report, say)
    count_pending(process_pending(archive, backend, progress), report, say)
    return report


def store_file(
    path: Path, archive: Archive, options: DumpOptions, report: TextIngestReport, say: Say
) -> None:
    report.files += 1
    try:
        page = read_page_text(path)
    except UnusableFile as exc:
        _quarantine_file(archive, path, exc.reason, None, report, say)
        return
    if page.repairs:
        report.files_repaired += 1
        say(f"repaired {display_path(path)}: {'; '.join(page.repairs)}")
    try:
        articles = articles_from_page_text(page.text, options.source, options.date,
                                           options.page)
    except Exception as exc:  # noqa: BLE001 - a splitter bug costs this file, not the call
        _quarantine_file(archive, path, f"the splitter failed: {type(exc).__name__}: {exc}",
                         page, report, say)
        return
    _store_articles_of(path, page, articles, archive, report, say)


def _store_articles_of(
    path: Path, page: PageText, articles: list[Article], archive: Archive,
    report: TextIngestReport, say: Say,
) -> None:
    if not articles:
        _quarantine_file(archive, path, NO_ARTICLE, page, report, say)
        return
    stored = store_articles(articles, archive, display_path(path))
    _add_counts(report, stored)
    for _, reason in stored.problems:
        say(f"quarantined an article of {display_path(path)}: {reason}")
    if stored.ids:
        report.files_stored += 1
        return
    reason = f"none of its {len(articles)} article(s) could be stored: {stored.problems[0][1]}"
    _quarantine_file(archive, path, reason, page, report, say)


def count_pending(pending: PendingReport, report: TextIngestReport, say: Say) -> None:
    for article_id, reason in pending.extraction_errors:
        say(f"extraction failed, article {article_id} is stored but not searchable: {reason}")
    for article_id, reason in pending.errors:
        say(f"not indexed, article {article_id}: {reason}")
    report.extraction_errors += len(pending.extraction_errors)
    report.index_errors += len(pending.errors)
    report.indexed += pending.indexed


def _add_counts(report: TextIngestReport, stored: IngestReport) -> None:
    report.inserted += stored.inserted
    report.updated += stored.updated
    report.unchanged += stored.unchanged
    report.duplicates += stored.duplicates
    report.articles_quarantined += stored.quarantined


def _quarantine_file(
    archive: Archive, path: Path, reason: str, page: PageText | None,
    report: TextIngestReport, say: Say,
) -> None:
    payload = page.text[:PAYLOAD_CHARS] if page else None
    archive.quarantine("text", display_path(path), reason, payload)
    report.files_quarantined += 1
    say(f"quarantined {display_path(path)}: {reason}")
