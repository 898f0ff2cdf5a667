"""The embedded index's state (what kept counts, answers and responses are keyed by) is
its last commit: it moves with every commit and holds still while tantivy's merge
threads rewrite meta.json with merged segments, as they do for minutes after an ingest."""

from __future__ import annotations

import json
import os
from pathlib import Path

import tantivy

from indexer.search.tantivy_store import IndexStore

COMMITS = 30  # enough segments for tantivy's merge policy (8 a level) to merge some


def meta(path: Path) -> dict:
    return json.loads((path / "meta.json").read_text(encoding="utf-8"))


def test_merges_keep_the_state_and_commits_move_it(tmp_path: Path) -> None:
    generation = IndexStore(tmp_path).new_generation()
    writer = generation.index.writer(15_000_000, 1)
    states, last = set(), None
    for n in range(COMMITS):
        writer.add_document(tantivy.Document(id=f"doc-{n}"))
        last = writer.commit()
        generation.refresh()
        states.add(generation.state)
    committed = generation.state
    assert len(states) == COMMITS  # every commit a new state
    writer.wait_merging_threads()
    merged = meta(generation.path)
    assert len(merged["segments"]) < COMMITS and merged["opstamp"] == last  # merged, same commit
    generation.refresh()
    assert generation.state == committed
    generation.index.reload()
    assert generation.index.searcher().num_docs == COMMITS

    # meta.json rewritten as a merge does (a new file, the same commit): the reader
    # reloads, the state holds
    stamp = generation.committed
    rewritten = generation.path / "meta.json.tmp"
    rewritten.write_text(json.dumps(merged), encoding="utf-8")
    os.replace(rewritten, generation.path / "meta.json")
    generation.refresh()
    assert generation.committed != stamp and generation.state == committed

    writer = generation.index.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(id="one-more"))
    writer.commit()
    writer.wait_merging_threads()
    generation.refresh()
    assert generation.state != committed and generation.state[0] == committed[0]
