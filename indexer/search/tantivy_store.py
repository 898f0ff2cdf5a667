"""The embedded index on disk: tantivy generations behind a ``CURRENT`` pointer.

    index_dir/
        CURRENT              name of the live generation, replaced atomically
        gen-20250319T101500-1a2b3c/   one complete tantivy index

A rebuild writes a whole new generation, then renames a new ``CURRENT`` into place:
a reader sees the old index or the new one, never half of one. Readers in other
processes notice the new pointer (or a new commit) on their next search.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from indexer.search.base import BackendUnavailable
from indexer.search.fields import FIELDS, IndexField
from indexer.search.fingerprint import declaration, fingerprint

POINTER = "CURRENT"
SCHEMA_FILE = "unionkb-schema.json"
STORED_DOC = "doc"  # the whole index document, JSON, for display and export

FileStamp = tuple[int, int, int] | None


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for field in FIELDS:
        _add_field(builder, field)
    builder.add_bytes_field(STORED_DOC, stored=True)
    return builder.build()


def _add_field(builder: tantivy.SchemaBuilder, field: IndexField) -> None:
    if field.kind == "segmented":
        # Positions: a "phrase" is its tokens at consecutive positions.
        builder.add_text_field(field.name, tokenizer_name="whitespace", index_option="position")
    elif field.kind == "keyword":
        builder.add_text_field(field.name, tokenizer_name="raw", fast=True)
    elif field.kind == "integer":
        builder.add_integer_field(field.name, indexed=True, fast=True)
    # Raw text, dates, points and the rest live in the stored document only.


def schema_version(fields: Sequence[IndexField] = FIELDS) -> str:
    """A fingerprint of the tantivy schema: which fields, of which kinds, built how.

    Boosts are left out: they weigh matches at query time and need no new index.
    """
    return fingerprint(declaration((f.name, f.kind) for f in fields), STORED_DOC,
                       inspect.getsource(_add_field))


# An index written under another schema is rebuilt (``unionkb reindex``), not read
# with the wrong fields.
SCHEMA_VERSION = schema_version()


@dataclass
class Generation:
    name: str
    path: Path
    index: tantivy.Index
    committed: FileStamp  # meta.json when the reader was last reloaded
    # The last commit's opstamp as meta.json said then: what the reader's documents are.
    # Merges rewrite meta.json (so the reader reloads) under the same opstamp, so what
    # is kept per state (facet counts, answers, responses) outlives the merge threads'
    # work after an ingest instead of being counted again for every merged segment.
    opstamp: Any = None

    def __post_init__(self) -> None:
        if self.opstamp is None:
            self.opstamp = _opstamp(self.path / "meta.json", self.committed)

    @property
    def state(self) -> tuple[str, Any]:
        """The generation and the commit its reader holds."""
        return self.name, self.opstamp

    def refresh(self) -> None:
        """Reload the reader if anyone (this process or another) committed since."""
        if _stamp(self.path / "meta.json") != self.committed:
            self.reload()

    def reload(self) -> None:
        # Read before the reload: a commit in between leaves a state older than the
        # documents, never newer, and the next refresh moves it on.
        self.committed = _stamp(self.path / "meta.json")
        self.opstamp = _opstamp(self.path / "meta.json", self.committed)
        self.index.reload()


class IndexStore:
    """Finds, opens, creates and switches generations under one folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.schema = build_schema()
        self._live: Generation | None = None
        self._pointer_stamp: FileStamp = None
        self._lock = threading.Lock()

    def live(self) -> Generation:
        """The generation ``CURRENT`` names, opened (a first, empty one if there is none)."""
        with self._lock:
            stamp = _stamp(self.pointer)
            if stamp is None:
                self._switch_locked(self._create_empty())
            elif self._live is None or stamp != self._pointer_stamp:
                self._live = self._open_pointed()
                self._pointer_stamp = stamp
            assert self._live is not None
            return self._live

    @property
    def pointer(self) -> Path:
        return self.root / POINTER

    def _open_pointed(self) -> Generation:
        name = self.pointer.read_text(encoding="utf-8").strip()
        try:
            return self._open(name)
        except BackendUnavailable:
            # Another process may have switched and removed this generation between
            # our reading the pointer and opening it: follow the pointer once more.
            again = self.pointer.read_text(encoding="utf-8").strip()
            if again == name:
                raise
            return self._open(again)

    def new_generation(self) -> Generation:
        name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        path = self.root / name
        path.mkdir(parents=True)
        (path / SCHEMA_FILE).write_text(json.dumps({"version": SCHEMA_VERSION}))
        index = tantivy.Index(self.schema, path=str(path), reuse=False)
        return Generation(name, path, index, _stamp(path / "meta.json"))

    def switch(self, generation: Generation) -> None:
        """Make ``generation`` live for every reader, then remove the older ones."""
        with self._lock:
            self._switch_locked(generation)
        self._remove_stale(keep=generation.name)

    def discard(self, generation: Generation) -> None:
        shutil.rmtree(generation.path, ignore_errors=True)

    def _create_empty(self) -> Generation:
        generation = self.new_generation()
        generation.index.writer(heap_size=15_000_000, num_threads=1).commit()
        return generation

    def _switch_locked(self, generation: Generation) -> None:
        tmp = self.root / f"{POINTER}.{uuid.uuid4().hex[:8]}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(generation.name)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.pointer)
        generation.reload()
        self._live, self._pointer_stamp = generation, _stamp(self.pointer)

    def _remove_stale(self, keep: str) -> None:
        # Readers elsewhere may still hold the old files open; on POSIX they keep
        # working until they notice the new pointer. Where removal fails (Windows),
        # the next rebuild tries again.
        for path in self.root.glob("gen-*"):
            if path.name != keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def _open(self, name: str) -> Generation:
        path = self.root / name
        _check_generation(path)
        try:
            index = tantivy.Index.open(str(path))
        except Exception as exc:  # tantivy raises ValueError/OSError subclasses
            raise _unavailable(path, f"tantivy cannot open it ({exc})") from None
        return Generation(name, path, index, _stamp(path / "meta.json"))


def _check_generation(path: Path) -> None:
    if not (path / "meta.json").is_file():
        raise _unavailable(path, "the index files are missing")
    try:
        version = json.loads((path / SCHEMA_FILE).read_text())["version"]
    except (OSError, ValueError, KeyError, TypeError):
        raise _unavailable(path, "its schema file is missing or damaged") from None
    if version != SCHEMA_VERSION:
        raise _unavailable(path, f"it has schema {version}, this unionkb needs {SCHEMA_VERSION}")


def _unavailable(path: Path, reason: str) -> BackendUnavailable:
    return BackendUnavailable(
        f"The search index at {path} cannot be used: {reason}. "
        "Rebuild it from the archive with `unionkb reindex`."
    )


def _opstamp(meta: Path, stamp: FileStamp) -> Any:
    """meta.json's opstamp; the file's own stamp when it cannot be read (then a merge
    counts as a new state, as every rewrite did before)."""
    try:
        return int(json.loads(meta.read_text(encoding="utf-8"))["opstamp"])
    except (OSError, ValueError, KeyError, TypeError):
        return ("file", stamp)


def _stamp(path: Path) -> FileStamp:
    """Identity of a file's current version: both files are replaced by rename."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
