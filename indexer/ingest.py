"""The writer pipeline: store, then extract → derive → index, batch by batch.

``store_articles`` puts records in the archive. What is still to do is then read from
the archive, so a killed run started again picks up where it stopped and a finished
one has nothing to do; each article still to do is read once (with its extraction and
bookkeeping, ``Archive.stored``) and taken through the rest, its values passed on in
memory:

- **extract**, if the current NLP has not seen it (``extraction_version``);
- **derive** its rows in the analysis tables (``indexer.tables``) from the index
  document, which is built once, and from its text cut once (``article_words``), the
  cut its index fields are read from too; a batch's extractions and rows are stored
  in one transaction (``Pass.flush``), before the batch is indexed;
- **index** that document with its batch, or, for a duplicate, delete it from the index.

The tables are made current first (``prepare_tables``): tables of another version are
rebuilt by the run that finds them, never by opening the archive.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from tqdm import tqdm

from indexer.archive import Archive, StoredArticle
from indexer.batches import batched
from indexer.documents import DOCUMENT_VERSION, index_document
from indexer.models import Article, InvalidArticle
from indexer.search.analysis import Segmentation, cut_lengths, fold, jieba_tokenizer, keep_cuts
from indexer.search.base import SearchBackend
from indexer.search.query import IndexReport
from indexer.stories import assign_stories, story_ref
from indexer.tables.schema import prepare_tables, stale_article_ids
from indexer.tables.write import delete_rows, write_rows

INDEX_BATCH = 500
BYLINE_ROLES = (("reporters", "reporter"), ("correspondents", "correspondent"),
                ("photographers", "photographer"))


Failure = tuple[str, str]  # (article id, reason)
Document = dict[str, Any]


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
    """A fingerprint of what extraction depends on (``indexer.nlp.version``): the rules'
    version, the data files, the model and the libraries' versions, not every byte of
    the code, so a docstring edit re-extracts nothing and a new model re-extracts all."""
    from indexer.nlp.pipeline import model_name
    from indexer.nlp.version import extraction_fingerprint

    return extraction_fingerprint(model_name())


def index_version() -> str:
    return f"{DOCUMENT_VERSION}:{extraction_version()}"


# -- store -------------------------------------------------------------------------------


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


def _payload(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


# -- extract, derive, index: one article --------------------------------------------------


@dataclass(frozen=True)
class _Derived:
    """What advancing an article leaves to store: its new extraction (if it got one) and
    its rows, or, with no ``extraction``, the removal of rows it should no longer have."""

    stored: StoredArticle
    fresh: dict[str, Any] | None
    extraction: dict[str, Any] | None = None
    document: Document | None = None
    words: Segmentation | None = None


@dataclass
class Pass:
    """One run of the pipeline over what is pending: what it does, and what it did.

    Articles are advanced in memory (extracted, their document built, their text cut
    once for the index and for the tables); ``flush`` then stores what they gave in
    one transaction per batch, before the batch is indexed. A run killed before a
    flush leaves the whole batch pending, an extraction never stored without its rows.
    """

    archive: Archive
    extracts: bool
    stale: set[str]  # articles whose table rows are not those of their extraction
    report: PendingReport = field(default_factory=PendingReport)
    unbuilt: list[Failure] = field(default_factory=list)  # documents that cannot be built
    derived: list[_Derived] = field(default_factory=list)  # to store at the next flush

    @classmethod
    def start(cls, archive: Archive, extracts: bool, progress: bool = False) -> Pass:
        # First: a new lead makes other printings pending. On an archive written before
        # stories, this is every article once: minutes at 100,000, so it shows progress.
        assign_stories(archive, progress=progress)
        prepare_tables(archive)
        return cls(archive, extracts, set(stale_article_ids(archive)))

    def advance(self, stored: StoredArticle) -> Document | None:
        """Extract and derive what the article needs; its index document, if it has one."""
        article, extraction = stored.article, stored.extraction
        fresh = self._extract(stored) if self.extracts else None
        extraction = fresh if fresh is not None else extraction
        if extraction is None:
            if article.id in self.stale:  # new text, not extracted yet: old rows are wrong
                self.derived.append(_Derived(stored, None))
            return None
        derive = fresh is not None or article.id in self.stale
        if not (derive or stored.canonical):
            return None  # a duplicate is not indexed: no document needed
        document = self._document(article, extraction)
        words = article_words(article) if document is not None else None
        if derive:
            self.derived.append(_Derived(stored, fresh, extraction, document, words))
        return document

    @contextmanager
    def batch(self) -> Iterator[None]:
        """A batch of articles advanced, stored when it ends, or when it is interrupted
        (Ctrl-C, an error): what was advanced is kept, the rest stays pending."""
        try:
            yield
        except BaseException:
            with suppress(Exception):  # the interruption is what the caller must see
                self.flush()
            raise
        self.flush()

    def flush(self) -> None:
        """Store the extractions and table rows of the articles advanced since the last
        flush, all in one transaction."""
        derived, self.derived = self.derived, []
        if not derived:
            return
        with self.archive.transaction():
            for item in derived:
                stored, article = item.stored, item.stored.article
                if item.extraction is None:
                    delete_rows(self.archive, article.id)
                    continue
                revision = stored.revision
                if item.fresh is not None:
                    revision = self.archive.set_extraction(article.id, item.fresh,
                                                           extraction_version())
                if item.document is not None:
                    write_rows(self.archive, article, item.extraction, item.document,
                               stored.canonical, revision, item.words)

    def _extract(self, stored: StoredArticle) -> dict[str, Any] | None:
        """The article's extraction by the current NLP, if it has none; None when it has one
        or the NLP fails (quarantined, and left pending: the next run tries again)."""
        from indexer.nlp.pipeline import ModelUnavailable, extract

        if stored.extraction_version == extraction_version():
            return None
        article = stored.article
        try:
            extraction = with_byline_people(extract(article.text), article)
        except (sqlite3.OperationalError, ModelUnavailable):
            raise  # the archive is locked or full, the model broken: no article's fault
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
            reason = f"{type(exc).__name__}: {exc}"
            self.archive.quarantine("extraction", article.id, reason)
            self.report.extraction_errors.append((article.id, reason))
            return None
        self.report.extracted += 1
        return extraction

    def _document(self, article: Article, extraction: dict[str, Any]) -> Document | None:
        """The index document; one that cannot be built is reported and the others go on,
        so one bad record never costs its whole batch."""
        try:
            return index_document(article, extraction, story_ref(self.archive, article.id))
        except Exception as exc:  # noqa: BLE001 - reported and quarantined with the batch
            self.unbuilt.append((article.id, f"cannot build the index document: "
                                             f"{type(exc).__name__}: {exc}"))
            return None

    def take_unbuilt(self) -> list[Failure]:
        unbuilt, self.unbuilt = self.unbuilt, []
        return unbuilt


def _parts(article: Article) -> list[str]:
    """The pieces ``Article.text`` joins by line breaks."""
    return [*(p for p in (article.kicker, article.title, article.subtitle) if p), article.body]


def article_words(article: Article) -> Segmentation:
    """The article's text cut once: its index fields (``segmented``) and the words
    around its programmes (``indexer.tables.contexts``) are read from it, and its body's
    cut is the one the story finder made (``indexer.reprints.words``), if it did."""
    parts = _parts(article)
    words = Segmentation(article.text, parts)
    words.remember_parts(parts)
    return words


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


# -- the passes ----------------------------------------------------------------------------


def extract_pending(archive: Archive, progress: bool = False) -> ExtractReport:
    """Extract every article the current NLP has not seen, deriving its table rows. An
    article whose extraction fails is quarantined and stays pending."""
    run = Pass.start(archive, extracts=True, progress=progress)
    ids = archive.ids_needing_extraction(extraction_version())
    with tqdm(total=len(ids), desc="extract", unit="art", disable=not progress) as bar:
        for batch in batched(ids, INDEX_BATCH):
            with run.batch():
                for stored in archive.stored(batch):
                    run.advance(stored)
            bar.update(len(batch))
    return ExtractReport(run.report.extracted, run.report.extraction_errors)


def index_pending(archive: Archive, backend: SearchBackend, progress: bool = False) -> IndexReport:
    """Index what is extracted and not indexed (deriving stale table rows on the way), and
    delete from the index the articles that became duplicates."""
    run = Pass.start(archive, extracts=False, progress=progress)
    report = _index(run, backend, _index_work(run), "index", progress)
    return IndexReport(report.indexed, report.errors)


def process_pending(
    archive: Archive, backend: SearchBackend, progress: bool = False
) -> PendingReport:
    """Extract, derive and index everything pending, each article in one go."""
    run = Pass.start(archive, extracts=True, progress=progress)
    ids = [*archive.ids_needing_extraction(extraction_version()), *_index_work(run)]
    return _index(run, backend, list(dict.fromkeys(ids)), "process", progress)


def _index_work(run: Pass) -> list[str]:
    """Articles to derive, to index, or to delete from the index, in that order."""
    archive, version = run.archive, index_version()
    ids = [*run.stale, *archive.ids_needing_index(version), *archive.ids_needing_removal(version)]
    return list(dict.fromkeys(ids))


def _index(run: Pass, backend: SearchBackend, ids: list[str], label: str,
           progress: bool) -> PendingReport:
    """Each batch of ``ids`` advanced, then its documents indexed and its duplicates
    deleted from the index; the archive records what the index now agrees with."""
    archive, version = run.archive, index_version()
    with tqdm(total=len(ids), desc=label, unit="art", disable=not progress) as bar:
        for batch in batched(ids, INDEX_BATCH):
            documents, duplicates = [], []
            with run.batch():
                for stored in archive.stored(batch):
                    document = run.advance(stored)
                    if _index_agrees(stored, version):
                        continue  # in the batch for its table rows only
                    if not stored.canonical:
                        duplicates.append(stored.article.id)
                    elif document is not None:
                        documents.append(document)
            _index_batch(run, backend, documents, version)
            _remove(archive, backend, duplicates, version)
            bar.update(len(batch))
    return run.report


def _index_agrees(stored: StoredArticle, version: str) -> bool:
    """Whether the index held what it should of the article when it was read, and still
    does (no new extraction since)."""
    current = stored.extraction_version == extraction_version() or not stored.canonical
    return stored.indexed_version == version and current


def _index_batch(run: Pass, backend: SearchBackend, documents: list[Document],
                 version: str) -> None:
    report = backend.index_documents(documents) if documents else IndexReport()
    report.errors.extend(run.take_unbuilt())
    _record(run.archive, report, run.report)
    failed = {doc_id for doc_id, _ in report.errors}
    run.archive.mark_indexed([d["id"] for d in documents if d["id"] not in failed], version)


def _remove(archive: Archive, backend: SearchBackend, ids: list[str], version: str) -> None:
    """Duplicates out of the index: one indexed before it became a duplicate is there."""
    if ids:
        backend.delete(ids)
        archive.mark_indexed(ids, version)


def reindex(archive: Archive, backend: SearchBackend, progress: bool = False,
            processes: int | None = None) -> IndexReport:
    """Rebuild the whole index from the extractions, deriving the table rows that are not
    current on the way (all of them when the tables' version changed).

    The texts are cut by ``processes`` other processes (by default one per core when
    there is more than one core and more than ``PARALLEL_FROM`` articles), each batch
    while the one before is indexed; 0 cuts them in this process.

    A crawl may write while the rebuild runs, into the index being replaced. What
    changed after the rebuild read the archive is left unmarked and indexed again,
    into the new index, once it is live.
    """
    run = Pass.start(archive, extracts=False, progress=progress)
    version, start = index_version(), archive.revision()
    ids = list(dict.fromkeys([*archive.ids_with_extraction(canonical_only=True), *run.stale]))
    rebuilt: list[str] = []
    with _cutters(processes, len(ids)) as pool:
        report = backend.rebuild(_documents(run, ids, rebuilt, progress, pool))
    report.errors.extend(run.take_unbuilt())
    total = IndexReport()
    _record(archive, report, total)
    stale = {doc_id for doc_id, _ in report.errors} | archive.changed_since(start)
    archive.reset_indexed()
    archive.mark_indexed([i for i in rebuilt if i not in stale], version)
    # The new index holds no duplicate: nothing of them to delete.
    archive.mark_indexed([i for i in archive.ids_needing_removal(version) if i not in stale],
                         version)
    # Rejected documents are tried once more here, so a transient rejection heals; what
    # still fails is what the report gives (the first rejection stays in quarantine).
    caught_up = index_pending(archive, backend, progress)
    total.indexed += caught_up.indexed
    total.errors = caught_up.errors
    return total


def _documents(run: Pass, ids: list[str], rebuilt: list[str], progress: bool,
               pool: Pool | None = None) -> Iterator[Document]:
    """The index documents of the canonical ``ids``, read batch by batch as the backend
    consumes them; the ids of those given go to ``rebuilt``. With a ``pool``, the next
    batch's texts are being cut while this one is advanced."""
    batches = batched(ids, INDEX_BATCH)
    ahead = _read_ahead(run.archive, next(batches, None), pool)
    with tqdm(total=len(ids), desc="reindex", unit="art", disable=not progress) as bar:
        while ahead is not None:
            stored, cutting = ahead
            if cutting is not None:
                keep_cuts(*cutting.get())
            ahead = _read_ahead(run.archive, next(batches, None), pool)
            with run.batch():
                for item in stored:
                    document = run.advance(item)
                    bar.update()
                    if item.canonical and document is not None:
                        rebuilt.append(item.article.id)
                        yield document


def _read_ahead(archive: Archive, batch: list[str] | None,
                pool: Pool | None) -> tuple[list[StoredArticle], _Cut | None] | None:
    """A batch read, and its texts given to the pool to cut."""
    if batch is None:
        return None
    stored = archive.stored(batch)
    if pool is None:
        return stored, None
    folded = [fold(part) for item in stored for part in _parts(item.article)]
    return stored, _Cut(folded, pool.map_async(cut_lengths, folded, chunksize=32))


@dataclass(frozen=True)
class _Cut:
    """Texts a pool is cutting, and the cut to come."""

    folded: list[str]
    result: AsyncResult

    def get(self) -> tuple[list[str], list[bytes]]:
        return self.folded, self.result.get()


PARALLEL_FROM = 2 * INDEX_BATCH  # fewer articles are cut before a pool would start


@contextmanager
def _cutters(processes: int | None, articles: int) -> Iterator[Pool | None]:
    """Processes cutting texts for a rebuild (forked, so they share this process's loaded
    dictionary), or None when there is no point (one core, a small rebuild)."""
    if processes is None:
        cores = os.cpu_count() or 1
        processes = cores if cores > 1 and articles > PARALLEL_FROM else 0
    if processes <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    jieba_tokenizer()  # loaded before the fork, not once per process
    with multiprocessing.get_context("fork").Pool(
            processes, initializer=_exit_with, initargs=(os.getpid(),)) as pool:
        yield pool


def _exit_with(parent: int) -> None:
    """In a cutter: leave when the rebuild's process is gone. Killed (SIGKILL), it cannot
    stop its pool, whose workers would otherwise wait for work forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _record(archive: Archive, report: IndexReport, total: IndexReport | PendingReport) -> None:
    for doc_id, reason in report.errors:
        archive.quarantine("index", doc_id, reason)
    total.indexed += report.indexed
    total.errors.extend(report.errors)
