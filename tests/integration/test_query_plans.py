"""Reads made on every request use an index, never a pass over every article: a search's
"also printed in" and a ledger row's copies cost the same in a million-article archive
as in the sample (the plans SQLite makes for them are read, not their times)."""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.archive import Archive
from indexer.config import Settings
from indexer.stories import printings

FULL_SCAN = re.compile(r"^SCAN (articles|a)\b(?! USING (COVERING )?INDEX)")


def plans_of(archive: Archive, read: Callable[[], object]) -> list[str]:
    statements: list[str] = []
    archive.db.set_trace_callback(statements.append)
    try:
        read()
    finally:
        archive.db.set_trace_callback(None)
    return [row[3] for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))
            for row in archive.db.execute(f"EXPLAIN QUERY PLAN {sql}")]


def test_a_pages_printings_are_found_by_index(sample_home: Settings) -> None:
    from api.analytics.figures import exact_copies

    archive = Archive(sample_home.archive_path)
    try:
        ids = [row[0] for row in archive.db.execute("SELECT id FROM articles LIMIT 5")]
        stories = [row[0] for row in archive.db.execute(
            "SELECT story_id FROM article_stories LIMIT 5")]
        assert ids and stories
        for read in (lambda: printings(archive, stories),
                     lambda: exact_copies(archive, set(ids))):
            plans = plans_of(archive, read)
            assert plans and not [p for p in plans if FULL_SCAN.match(p)], plans
    finally:
        archive.close()
