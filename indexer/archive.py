"""The SQLite archive: the system of record. Every index and table is rebuilt from it.

Writes are idempotent: an article is keyed by its stable id, so re-running an
ingest or a crawl changes nothing. An article whose content already exists under
another id (the same report from a page dump and from a crawl) is kept, marked
``duplicate_of``, and left out of the index. Input that cannot be processed goes
to the quarantine table with the reason, never to the floor.

The archive knows nothing of what is derived from it (the search index, the analysis
tables in ``indexer.tables``): each change bumps the article's ``revision``, and the
writer pipeline (``indexer.ingest``) derives from there.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.input_files import printable
from indexer.models import Article, InvalidArticle

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    date TEXT,
    page TEXT,
    title TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    duplicate_of TEXT,
    record TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    extraction TEXT,
    extraction_version TEXT,
    indexed_version TEXT,
    revision INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_revision ON articles(revision);
-- Every search hit lists its story's copies: found by this, not by reading every article.
CREATE INDEX IF NOT EXISTS articles_duplicate ON articles(duplicate_of)
    WHERE duplicate_of IS NOT NULL;
CREATE TABLE IF NOT EXISTS quarantine (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload TEXT,
    created_at TEXT NOT NULL,
    UNIQUE(kind, origin, reason)
);
-- How a crawled article was read: the layer that gave its title and its body (paper or
-- template selectors, page metadata, main-text extractor) and the pages that print it.
CREATE TABLE IF NOT EXISTS readings (
    id TEXT PRIMARY KEY,
    title_layer TEXT,
    body_layer TEXT,
    detail TEXT
);
-- Printings of one report (indexer.stories): each canonical article's story, the first
-- archived printing's id, and the MinHash signature its near-duplicates are found by.
CREATE TABLE IF NOT EXISTS article_stories (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    lead INTEGER NOT NULL DEFAULT 1,
    similarity REAL,
    content_hash TEXT NOT NULL,
    method TEXT NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS article_stories_story ON article_stories(story_id);
-- The LSH bands of those signatures (indexer.story_index): a key per band and the
-- article_stories row it belongs to, so a lookup is a probe per band, not a scan.
CREATE TABLE IF NOT EXISTS story_bands (
    band_key INTEGER NOT NULL,
    story_row INTEGER NOT NULL,
    PRIMARY KEY (band_key, story_row)
) WITHOUT ROWID;
-- Records a user keeps (indexer.saved_searches): not derived, so they live here.
CREATE TABLE IF NOT EXISTS saved_searches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


# What was quarantined: a text file, an article record, a crawled page, an extraction
# or an index document.
QUARANTINE_KINDS = ("text", "article", "crawl", "extraction", "index")


@dataclass(frozen=True)
class UpsertResult:
    id: str
    status: str  # inserted | updated | unchanged | duplicate
    duplicate_of: str | None = None


@dataclass(frozen=True)
class StoredArticle:
    """An archived article with its extraction and bookkeeping, read in one query."""

    article: Article
    extraction: dict[str, Any] | None
    extraction_version: str | None
    indexed_version: str | None
    duplicate_of: str | None
    revision: int

    @property
    def canonical(self) -> bool:
        return self.duplicate_of is None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Archive:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        _add_revision_column(self.db)
        self.db.executescript(SCHEMA)

    def state(self) -> tuple[int, int]:
        """A value that changes whenever the archive does: SQLite's ``data_version`` moves
        when another connection commits, ``total_changes`` counts this connection's own."""
        return self.db.execute("PRAGMA data_version").fetchone()[0], self.db.total_changes

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed at the end or rolled back on an error.

        Inside another, it joins it: the writer pipeline stores an extraction and the
        rows derived from it (``indexer.tables``) as one change. It takes the write
        lock at once, so what a writer read inside it is what it updates.
        """
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        with self.db:
            yield self.db

    # -- articles ---------------------------------------------------------

    def upsert(self, article: Article) -> UpsertResult:
        article.validate()
        record = json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True)
        if printable(record) != record:  # SQLite would refuse it half-way
            raise InvalidArticle(f"article {article.id}: text that is not valid Unicode "
                                 "(lone surrogates)")
        with self.transaction():
            row = self.db.execute(
                "SELECT record, content_hash FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            if row is not None and _same_record(row["record"], record):
                return UpsertResult(article.id, "unchanged")
            original = self._original_for(article)
            if row is None:
                self._insert(article, record, original)
                status = "duplicate" if original else "inserted"
                return UpsertResult(article.id, status, original)
            self._update(article, record, original, row["content_hash"])
            return UpsertResult(article.id, "updated", original)

    def _original_for(self, article: Article) -> str | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND id != ? AND duplicate_of IS NULL"
            " ORDER BY rowid LIMIT 1",
            (article.content_hash, article.id),
        ).fetchone()
        return row["id"] if row else None

    def _insert(self, article: Article, record: str, original: str | None) -> None:
        self.db.execute(
            "INSERT INTO articles (id, source, url, date, page, title, content_hash,"
            " duplicate_of, record, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (article.id, article.source, article.url, article.date, article.page,
             article.title, article.content_hash, original, record, article.fetched_at),
        )
        self._revise(article.id)

    def _update(self, article: Article, record: str, original: str | None, old_hash: str) -> None:
        # New content invalidates the extraction; new metadata only the index entry.
        keep_extraction = old_hash == article.content_hash
        self.db.execute(
            "UPDATE articles SET source=?, url=?, date=?, page=?, title=?, content_hash=?,"
            " duplicate_of=?, record=?, fetched_at=?, indexed_version=NULL,"
            " extraction = CASE WHEN ? THEN extraction END,"
            " extraction_version = CASE WHEN ? THEN extraction_version END"
            " WHERE id=?",
            (article.source, article.url, article.date, article.page, article.title,
             article.content_hash, original, record, article.fetched_at,
             keep_extraction, keep_extraction, article.id),
        )
        self._revise(article.id)

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row["record"])) if row else None

    def records(self, ids: Iterable[str]) -> dict[str, Article]:
        """The articles of ``ids`` that exist, by id: one query, however many."""
        rows = self.db.execute(
            "SELECT id, record FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),))
        return {row["id"]: Article.from_dict(json.loads(row["record"])) for row in rows}

    def get_extraction(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT extraction FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return read_extraction(row["extraction"]) if row else None

    def duplicate_of(self, article_id: str) -> str | None:
        row = self.db.execute(
            "SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row["duplicate_of"] if row else None

    def has_url(self, url: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone()
        return row is not None

    def iter_articles(self, canonical_only: bool = True) -> Iterator[Article]:
        """Every article, by date, read as it is consumed (not the whole archive at once)."""
        sql = "SELECT record FROM articles"
        if canonical_only:
            sql += " WHERE duplicate_of IS NULL"
        for row in self.db.execute(sql + " ORDER BY date, id"):
            yield Article.from_dict(json.loads(row["record"]))

    def stored(self, ids: Iterable[str]) -> list[StoredArticle]:
        """The articles of ``ids`` (those that exist), each with its extraction and
        bookkeeping, in archive order: one query, however many."""
        rows = self.db.execute(
            "SELECT record, extraction, extraction_version, indexed_version, duplicate_of,"
            " revision FROM articles WHERE id IN (SELECT value FROM json_each(?))"
            " ORDER BY rowid", (json.dumps(list(ids)),),
        )
        return [StoredArticle(
            Article.from_dict(json.loads(row["record"])),
            read_extraction(row["extraction"]),
            row["extraction_version"], row["indexed_version"], row["duplicate_of"],
            row["revision"],
        ) for row in rows]

    def count(self, canonical_only: bool = True) -> int:
        sql = "SELECT COUNT(*) FROM articles"
        if canonical_only:
            sql += " WHERE duplicate_of IS NULL"
        return self.db.execute(sql).fetchone()[0]

    # -- extraction and index bookkeeping --------------------------------

    def set_extraction(self, article_id: str, extraction: dict[str, Any], version: str) -> int:
        """Store the article's extraction; returns the revision this change got."""
        with self.transaction():
            self.db.execute(
                "UPDATE articles SET extraction=?, extraction_version=?, indexed_version=NULL"
                " WHERE id=?",
                (stored_extraction(extraction), version, article_id),
            )
            return self._revise(article_id)

    def ids_needing_extraction(self, version: str) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE extraction_version IS NOT ? ORDER BY rowid", (version,)
        ).fetchall()
        return [row["id"] for row in rows]

    def ids_with_extraction(self, canonical_only: bool = True) -> list[str]:
        sql = "SELECT id FROM articles WHERE extraction IS NOT NULL"
        if canonical_only:
            sql += " AND duplicate_of IS NULL"
        return [row["id"] for row in self.db.execute(sql + " ORDER BY rowid").fetchall()]

    def ids_needing_index(self, version: str) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL AND extraction IS NOT NULL"
            " AND indexed_version IS NOT ? ORDER BY rowid",
            (version,),
        ).fetchall()
        return [row["id"] for row in rows]

    def ids_needing_removal(self, version: str) -> list[str]:
        """Duplicates the index may still hold: those it was not told to drop at ``version``.

        An article indexed and later found to duplicate another (its text edited into
        another's) is still in the index until it is deleted there.
        """
        rows = self.db.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NOT NULL"
            " AND indexed_version IS NOT ? ORDER BY rowid", (version,),
        ).fetchall()
        return [row["id"] for row in rows]

    def mark_indexed(self, ids: Iterable[str], version: str) -> None:
        """The index agrees with these records at ``version``: holds them, or (a duplicate)
        does not."""
        with self.transaction():
            self.db.executemany(
                "UPDATE articles SET indexed_version=? WHERE id=?", [(version, i) for i in ids]
            )

    def _revise(self, article_id: str) -> int:
        """Stamp a change with the next revision (inside the writer's transaction, so two
        processes writing never share a number); returns it."""
        revision = self.revision() + 1
        self.db.execute("UPDATE articles SET revision = ? WHERE id = ?", (revision, article_id))
        return revision

    def revision(self) -> int:
        """The archive's latest change; ``changed_since`` it later names what came after."""
        return self.db.execute("SELECT COALESCE(MAX(revision), 0) FROM articles").fetchone()[0]

    def changed_since(self, revision: int) -> set[str]:
        rows = self.db.execute("SELECT id FROM articles WHERE revision > ?", (revision,))
        return {row["id"] for row in rows}

    def reindex_later(self, ids: Iterable[str]) -> None:
        """These articles' index documents changed (their story did): index them again."""
        with self.transaction():
            for article_id in ids:
                self.db.execute("UPDATE articles SET indexed_version=NULL WHERE id=?",
                                (article_id,))
                self._revise(article_id)

    def reset_indexed(self) -> None:
        with self.transaction():
            self.db.execute("UPDATE articles SET indexed_version=NULL")

    # -- quarantine -------------------------------------------------------

    def record_reading(self, article_id: str, layers: dict[str, str],
                       detail: dict[str, Any] | None = None) -> None:
        """Say how a crawled article was read (``layers``: field → layer)."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO readings VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                " title_layer=excluded.title_layer, body_layer=excluded.body_layer,"
                " detail=excluded.detail",
                (article_id, layers.get("title"), layers.get("body"),
                 json.dumps({"layers": layers, **(detail or {})}, ensure_ascii=False)))

    def quarantine(self, kind: str, origin: str, reason: str, payload: str | None = None) -> None:
        """Keep input we could not process, with the reason, for someone to inspect.

        Any text is stored, even a file name that is not UTF-8 (``printable``).
        """
        if kind not in QUARANTINE_KINDS:
            raise ValueError(f"quarantine kind {kind!r} is none of {', '.join(QUARANTINE_KINDS)}")
        origin, reason = printable(origin), printable(reason)
        payload = None if payload is None else printable(payload)
        with self.transaction():
            self.db.execute(
                "INSERT INTO quarantine (kind, origin, reason, payload, created_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT(kind, origin, reason)"
                " DO UPDATE SET payload=excluded.payload",
                (kind, origin, reason, payload, _now()),
            )

    def quarantined(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every entry (of ``kind``), oldest first, with the payload kept."""
        rows = self.db.execute(
            "SELECT * FROM quarantine WHERE ? IS NULL OR kind = ? ORDER BY seq", (kind, kind)
        ).fetchall()
        return [dict(row) for row in rows]

    def quarantined_entry(self, seq: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM quarantine WHERE seq = ?", (seq,)).fetchone()
        return dict(row) if row else None

    # -- statistics -------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        one = self.db.execute
        by_source = one(
            "SELECT source, COUNT(*) n FROM articles WHERE duplicate_of IS NULL GROUP BY source"
        ).fetchall()
        dates = one(
            "SELECT MIN(date), MAX(date) FROM articles WHERE duplicate_of IS NULL"
        ).fetchone()
        return {
            "articles": self.count(),
            "duplicates": one(
                "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"
            ).fetchone()[0],
            "extracted": one(
                "SELECT COUNT(*) FROM articles WHERE extraction IS NOT NULL"
            ).fetchone()[0],
            "quarantined": one("SELECT COUNT(*) FROM quarantine").fetchone()[0],
            "by_source": {row["source"]: row["n"] for row in by_source},
            "read_with": self._read_with(),
            "first_date": dates[0],
            "last_date": dates[1],
        }


    def _read_with(self) -> dict[str, dict[str, int]]:
        """Crawled articles by the layer that read their title and their body."""
        counts: dict[str, dict[str, int]] = {"title": {}, "body": {}}
        for field in counts:
            for row in self.db.execute(
                    f"SELECT {field}_layer layer, COUNT(*) n FROM readings"  # noqa: S608
                    f" WHERE {field}_layer IS NOT NULL GROUP BY {field}_layer"):
                counts[field][row["layer"]] = row["n"]
        return counts


def stored_extraction(extraction: dict[str, Any]) -> bytes:
    """An extraction as the archive keeps it: compact JSON, deflated. Its offsets, names
    and the sentences of its figures repeat a lot: a third of the bytes of the JSON."""
    text = json.dumps(extraction, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def read_extraction(value: bytes | str | None) -> dict[str, Any] | None:
    """The extraction stored by ``stored_extraction``, or as plain JSON text by an
    archive written before it."""
    if not value:
        return None
    if isinstance(value, bytes):
        value = zlib.decompress(value).decode("utf-8")
    return json.loads(value)


def _add_revision_column(db: sqlite3.Connection) -> None:
    """Archives written before revisions existed get the column (every row at 0)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    if columns and "revision" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")


def _same_record(old: str, new: str) -> bool:
    # fetched_at changes on every run and must not count as a change. The old record is
    # read as an Article first: one stored before a field existed has its default.
    a, b = Article.from_dict(json.loads(old)).to_dict(), json.loads(new)
    a.pop("fetched_at", None)
    b.pop("fetched_at", None)
    return a == b
