"""An ingest or a reindex killed with SIGKILL inside the tantivy write, started again,
ends with every article in the archive once and in the index once.

`unionkb ingest-text` (760 pages, 1,520 reports: four index batches) and `unionkb
reindex` run as real processes. The test watches the index folder and kills the process the moment
tantivy's files change (the first index created, a batch's segments begun, a commit
published but not yet recorded in the archive, a rebuild's new generation), or a
seeded random moment after, so the kills land in the middle of index writes, not
only before or after them. Then the same command runs to the end
and the archive and the index are counted.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from tests.generated_pages import ARTICLES_PER_PAGE, write_pages

PAGES = 760  # four batches of INDEX_BATCH: a kill costs at most the one it is in
ARTICLES = PAGES * ARTICLES_PER_PAGE
FileListing = frozenset[tuple[str, int, int]]


def listing(index_dir: Path) -> FileListing:
    """Every file under the index folder, with its size and time: tantivy writing
    changes it (a segment started or grown, a commit's new meta.json)."""
    found = set()
    for folder, _, names in os.walk(index_dir):
        for name in names:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except FileNotFoundError:  # a merge removed it meanwhile
                continue
            found.add((path, info.st_size, info.st_mtime_ns))
    return frozenset(found)


def any_change(before: FileListing, now: FileListing) -> bool:
    return now != before


def a_commit(before: FileListing, now: FileListing) -> bool:
    """A new meta.json: tantivy published a commit (and the archive is not told yet)."""
    return any(Path(path).name == "meta.json" for path, *_ in now - before)


def kill_inside_an_index_write(command: list[str], home: Path, delay: float,
                               trigger: Callable[[FileListing, FileListing], bool]) -> None:
    """Start ``command``; SIGKILL it ``delay`` seconds after ``trigger`` sees its first
    write to the index folder."""
    before = listing(home / "index")
    process = subprocess.Popen(command, env={**os.environ, "UNIONKB_HOME": str(home)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not trigger(before, listing(home / "index")):
            assert process.poll() is None, "the run ended before it wrote the index"
            assert time.monotonic() < deadline, "the index never changed"
            time.sleep(0.001)
        time.sleep(delay)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the run ended before the kill"


def pending_index(home: Path) -> int:
    db = sqlite3.connect(home / "archive.sqlite3")
    try:
        return db.execute("SELECT COUNT(*) FROM articles WHERE indexed_version IS NULL"
                          ).fetchone()[0]
    finally:
        db.close()


def unionkb(*args: str, home: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "indexer.cli", *args], capture_output=True,
                            text=True, env={**os.environ, "UNIONKB_HOME": str(home)},
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def assert_each_article_once(home: Path) -> None:
    db = sqlite3.connect(home / "archive.sqlite3")
    try:
        archived = [row[0] for row in db.execute("SELECT id FROM articles")]
        hashes = {row[0] for row in db.execute("SELECT content_hash FROM articles")}
    finally:
        db.close()
    assert len(archived) == len(hashes) == ARTICLES
    backend = TantivyBackend(home / "index")
    try:
        indexed = [doc["id"] for doc in backend.scan(SearchQuery())]
    finally:
        backend.close()
    assert len(indexed) == len(set(indexed)) == ARTICLES, "an article is indexed twice or not"
    assert set(indexed) == set(archived)


def test_kills_inside_index_writes_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    pages = [str(p) for p in write_pages(tmp_path / "pages", PAGES)]
    home = tmp_path / "home"
    ingest = [sys.executable, "-m", "indexer.cli", "ingest-text", *pages, "--quiet"]
    reindex = [sys.executable, "-m", "indexer.cli", "reindex", "--quiet"]
    delays = random.Random(20250319)

    # The first index being created; documents being added to a batch (seeded moments);
    # a batch just committed to tantivy, before the archive marks it indexed.
    kills = [(0.0, any_change), (delays.uniform(0, 0.02), any_change), (0.0, a_commit),
             (delays.uniform(0, 0.2), any_change)]
    for delay, trigger in kills:
        kill_inside_an_index_write(ingest, home, delay, trigger)
        assert pending_index(home) > 0, "the kill should leave indexing unfinished"
    report = unionkb("ingest-text", *pages, "--quiet", home=home)
    assert report["unchanged"] == ARTICLES and report["quarantined"] == 0
    assert_each_article_once(home)

    # A rebuild killed while it writes its new generation leaves the live one, whole.
    for delay in (0.0, delays.uniform(0, 0.5), delays.uniform(0, 1.0)):
        kill_inside_an_index_write(reindex, home, delay, any_change)
        assert_each_article_once(home)
    assert unionkb("reindex", "--quiet", home=home)["indexed"] == ARTICLES
    assert_each_article_once(home)
    assert unionkb("stats", home=home)["pending"] == {"extraction": 0, "index": 0}
