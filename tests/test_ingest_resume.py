"""An ingest or a reindex killed with SIGKILL inside the tantivy write, started again,
ends with every article in the archive once and in the index once.

`unionkb ingest-text` (760 pages, 1,520 reports: four index batches) and `unionkb
reindex` run as real processes. The test watches the index folder and kills the process the moment
tantivy's files change (a commit writing its segments, a rebuild creating its
generation), or a seeded random moment after, so the kills land in the middle of
index writes, not only before or after them. Then the same command runs to the end
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
from pathlib import Path

from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from tests.generated_pages import ARTICLES_PER_PAGE, write_pages

PAGES = 760  # four batches of INDEX_BATCH: a kill costs at most the one it is in
ARTICLES = PAGES * ARTICLES_PER_PAGE
FileListing = frozenset[tuple[str, int]]


def listing(index_dir: Path) -> FileListing:
    """Every file under the index folder, with its size: tantivy writing changes it."""
    found = set()
    for folder, _, names in os.walk(index_dir):
        for name in names:
            try:
                found.add((os.path.join(folder, name), os.stat(os.path.join(folder, name)).st_size))
            except FileNotFoundError:  # a merge removed it meanwhile
                continue
    return frozenset(found)


def kill_when_the_index_changes(command: list[str], home: Path, delay: float) -> None:
    """Start ``command``, SIGKILL it ``delay`` seconds after the index folder first changes."""
    before = listing(home / "index")
    process = subprocess.Popen(command, env={**os.environ, "UNIONKB_HOME": str(home)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while listing(home / "index") == before:
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
    result = subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True,
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
    ingest = [sys.executable, "-m", "api.cli", "ingest-text", *pages, "--quiet"]
    reindex = [sys.executable, "-m", "api.cli", "reindex", "--quiet"]
    delays = random.Random(20250319)

    # The first index being created, then seeded moments in the commit of a batch.
    for delay in (0.0, delays.uniform(0, 0.02), delays.uniform(0, 0.02)):
        kill_when_the_index_changes(ingest, home, delay)
        assert pending_index(home) > 0, "the kill should leave indexing unfinished"
    report = unionkb("ingest-text", *pages, "--quiet", home=home)
    assert report["unchanged"] == ARTICLES and report["quarantined"] == 0
    assert_each_article_once(home)

    # A rebuild killed while it writes its new generation leaves the live one, whole.
    for delay in (0.0, delays.uniform(0, 0.5), delays.uniform(0, 1.0)):
        kill_when_the_index_changes(reindex, home, delay)
        assert_each_article_once(home)
    assert unionkb("reindex", "--quiet", home=home)["indexed"] == ARTICLES
    assert_each_article_once(home)
    assert unionkb("stats", home=home)["pending"] == {"extraction": 0, "index": 0}
