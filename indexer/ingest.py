"""From Article records to a searchable archive: store, extract, index.

Each stage reads what is still to do from the archive, so a killed run started
again picks up where it stopped, and a finished one has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tqdm import tqdm

from indexer.archive import Archive
from indexer.documents import DOCUMENT_VERSION, index_document
from indexer.entity_tables import rebuild_entity_tables
from indexer.models import Article, InvalidArticle
from indexer.search.base import SearchBackend
from indexer.search.query import IndexReport

INDEX_BATCH = 500
BYLINE_ROLES = (("reporters", "reporter"), ("correspondents", "correspondent"),
                ("photographers", "photographer"))


Failure = tuple[str, str]  # (article id, reason)


@dataclass
class IngestReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    quarantined: int = 0
    ids: list[str] = field(default_factory=list)
    problems: list[Failure] = field(default_factory=list)  # the articles quarantined

    def count(self, status: str) -> None:
        attr = "duplicates" if status == "duplicate" else status
        setattr(self, attr, getattr(self, attr) + 1)


@dataclass
class ExtractReport:
    extracted: int = 0
    errors: list[Failure] = field(default_factory=list)


@dataclass
class PendingReport:
    """What ``process_pending`` did, and every article it could not extract or index."""

    extracted: int = 0
    extraction_errors: list[Failure] = field(default_factory=list)
    indexed: int = 0
    errors: list[Failure] = field(default_factory=list)  # index errors, as in IndexReport


@cache
def extraction_version() -> str:
    """A fingerprint of the NLP code and data: changing a rule re-extracts everything."""
    root = Path(__file__).parent / "nlp"
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def index_version() -> str:
    return f"{DOCUMENT_VERSION}:{extraction_version()}"


def store_articles(
    articles: Iterable[Article], archive: Archive, origin: str, progress: bool = False
) -> IngestReport:
    report = IngestReport()
    for article in tqdm(articles, desc="store", unit="art", disable=not progress):
        try:
            result = archive.upsert(article)
        except InvalidArticle as exc:
            archive.quarantine("article", origin, str(exc), _payload(article))
            report.quarantined += 1
            report.problems.append((article.id, str(exc)))
            continue
        report.count(result.status)
        report.ids.append(result.id)
    return report


def extract_pending(archive: Archive, progress: bool = False) -> ExtractReport:
    """Extract every article the current NLP has not seen. An article whose extraction
    fails is quarantined and stays pending: the next run tries it again."""
    from indexer.nlp.pipeline import extract

    version = extraction_version()
    report = ExtractReport()
    for article_id in tqdm(archive.ids_needing_extraction(version), desc="extract",
                           unit="art", disable=not progress):
        article = archive.get(article_id)
        assert article is not None
        try:
            extraction = with_byline_people(extract(article.text), article)
            archive.set_extraction(article_id, extraction, version)
        except sqlite3.OperationalError:
            raise  # the archive is locked or full: no article's fault, stop the run
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
            reason = f"{type(exc).__name__}: {exc}"
            archive.quarantine("extraction", article_id, reason)
            report.errors.append((article_id, reason))
            continue
        report.extracted += 1
    return report


def index_pending(archive: Archive, backend: SearchBackend, progress: bool = False) -> IndexReport:
    version = index_version()
    ids = archive.ids_needing_index(version)
    total = IndexReport()
    with tqdm(total=len(ids), desc="index", unit="art", disable=not progress) as bar:
        for batch in _batches(ids, INDEX_BATCH):
            unbuilt: list[Failure] = []
            report = backend.index_documents(_documents(archive, batch, unbuilt))
            report.errors.extend(unbuilt)
            _record(archive, report, total)
            failed = {doc_id for doc_id, _ in report.errors}
            archive.mark_indexed([i for i in batch if i not in failed], version)
            bar.update(len(batch))
    return total


def reindex(archive: Archive, backend: SearchBackend, progress: bool = False) -> IndexReport:
    """Rebuild the whole index, and the archive's entity tables, from the extractions.

    A crawl may write while the rebuild runs, into the index being replaced. What
    changed after the rebuild read the archive is left unmarked and indexed again,
    into the new index, once it is live.
    """
    rebuild_entity_tables(archive)
    version = index_version()
    start = archive.revision()
    ids = [a.id for a in archive.iter_articles() if archive.get_extraction(a.id) is not None]
    unbuilt: list[Failure] = []
    docs = _documents(archive, tqdm(ids, desc="reindex", unit="art", disable=not progress),
                      unbuilt)
    report = backend.rebuild(docs)
    report.errors.extend(unbuilt)
    total = IndexReport()
    _record(archive, report, total)
    stale = {doc_id for doc_id, _ in report.errors} | archive.changed_since(start)
    archive.reset_indexed()
    archive.mark_indexed([i for i in ids if i not in stale], version)
    # Rejected documents are tried once more here, so a transient rejection heals; what
    # still fails is what the report gives (the first rejection stays in quarantine).
    caught_up = index_pending(archive, backend, progress)
    total.indexed += caught_up.indexed
    total.errors = caught_up.errors
    return total


def process_pending(
    archive: Archive, backend: SearchBackend, progress: bool = False
) -> PendingReport:
    extracted = extract_pending(archive, progress)
    indexed = index_pending(archive, backend, progress)
    return PendingReport(extracted.extracted, extracted.errors, indexed.indexed, indexed.errors)


def with_byline_people(extraction: dict[str, Any], article: Article) -> dict[str, Any]:
    """Bylines left the body, so the NLP cannot see them: add their people with roles."""
    people = list(extraction.get("people", []))
    known = {p["name"] for p in people}
    for attr, role in BYLINE_ROLES:
        for name in getattr(article, attr):
            if name not in known:
                people.append({"name": name, "role": role, "title": None, "mentions": []})
                known.add(name)
    return {**extraction, "people": people}


def _documents(
    archive: Archive, ids: Iterable[str], unbuilt: list[Failure]
) -> Iterator[dict[str, Any]]:
    """The index documents of ``ids``; one that cannot be built goes to ``unbuilt`` and
    the others go on, so one bad record never costs its whole batch."""
    for article_id in ids:
        article = archive.get(article_id)
        extraction = archive.get_extraction(article_id)
        if article is None or extraction is None:
            continue
        try:
            document = index_document(article, extraction)
        except Exception as exc:  # noqa: BLE001 - reported and quarantined by the caller
            unbuilt.append((article_id, f"cannot build the index document: "
                                        f"{type(exc).__name__}: {exc}"))
            continue
        yield document


def _record(archive: Archive, report: IndexReport, total: IndexReport) -> None:
    for doc_id, reason in report.errors:
        archive.quarantine("index", doc_id, reason)
    total.indexed += report.indexed
    total.errors.extend(report.errors)


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _payload(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)
