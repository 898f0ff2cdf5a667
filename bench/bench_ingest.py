"""Ingest at the engine's pace: where the CPU of an end-to-end ingest goes, against jieba.

    UNIONKB_NLP_MODEL=none nice -n 19 python bench/bench_ingest.py --articles 5000 [--json]

Builds ``--articles`` reports (``bench/scale_corpus.py``; ``--real N`` adds the real
corpora ``../shared/corpus/*.jsonl`` repeated N times, each copy with its own id and a
numbered title so none is a duplicate) through the project's write path into a fresh
archive and tantivy index: ``store_articles`` (as ``unionkb ingest`` calls it), then
``process_pending`` (NLP, analysis tables, index). Reports:

- CPU seconds (``time.process_time``, every thread) per stage, read by wrapping the
  stage's function: store, stories (``assign_stories``: near-duplicates, whose cut of
  each body the writer reuses), NLP (``indexer.nlp.pipeline.extract``), analysis tables
  (``write_rows``, of which the mention contexts' words), index (``index_documents``,
  of which jieba segmentation of the index fields), the rest (reading, SQL bookkeeping);
- the same against bare ``jieba.cut`` over the same ``Article.text`` (the goal: ≤ 2×);
- docs/s, archive bytes per article (total and beyond its text) and per table
  (SQLite's ``dbstat``), bytes the process wrote (``/proc/self/io`` write_bytes);
- ``reindex`` docs/s (segmentation included), cut in one process and by one per core;
- the index build with segmentation excluded (every segmented field cut beforehand)
  through ``TantivyBackend.rebuild``, against a raw tantivy-py loop adding the same
  field values to the same schema (the goal: ≤ 1.5×).

Run it under ``UNIONKB_NLP_MODEL=none`` (the fast pipeline); it refuses otherwise
unless ``--model`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from bench.measure import dir_size  # noqa: E402
from bench.scale_corpus import generate  # noqa: E402
from indexer.models import Article  # noqa: E402
from indexer.sources import SOURCES  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CPU: dict[str, float] = defaultdict(float)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, its CPU time added to ``CPU[name]`` (inclusive of what it calls)."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            CPU[name] += time.process_time() - started
    return wrapper


def instrument() -> None:
    """Wrap each stage where its callers look it up."""
    import indexer.ingest as ingest
    import indexer.nlp.pipeline as pipeline
    import indexer.search.fields as fields
    import indexer.tables.rows as rows
    from indexer.search.tantivy_backend import TantivyBackend

    pipeline.extract = timed("nlp", pipeline.extract)
    ingest.write_rows = timed("tables", ingest.write_rows)
    rows.content_tokens = timed("tables: context words", rows.content_tokens)
    fields.segmented = timed("index: segmentation", fields.segmented)
    TantivyBackend.index_documents = timed("index", TantivyBackend.index_documents)
    ingest.store_articles = timed("store", ingest.store_articles)
    ingest.assign_stories = timed("stories", ingest.assign_stories)
    if hasattr(ingest, "article_words"):  # the one cut the index and the tables share
        ingest.article_words = timed("index+tables: the one cut", ingest.article_words)


def real_articles(copies: int) -> Iterator[Article]:
    """The real reports, ``copies`` times: first line the title, the rest the body."""
    lines = [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for copy in range(copies):
        for record in lines:
            title, _, body = record["text"].partition("\n")
            yield Article(id=f"real-{copy}-{record['id']}", source=record.get("source") or "grwb",
                          title=f"{title}（{copy}）", body=body or title, url=record.get("url"),
                          date=record.get("date"), fetched_at="2026-01-01T00:00:00+00:00")


def write_bytes() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    return 0


def bare_jieba(texts: list[str]) -> float:
    from indexer.jieba_dictionary import tokenizer

    cut = tokenizer()
    list(cut.cut("工会"))  # the dictionary loaded before the clock starts
    started = time.process_time()
    for text in texts:
        for _ in cut.cut(text):
            pass
    return time.process_time() - started


def archive_sizes(path: Path, articles: int, text_bytes: int) -> dict[str, Any]:
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables: dict[str, int] = defaultdict(int)
    for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
        tables[name] += size
    db.close()
    total = path.stat().st_size
    return {
        "archive_bytes_per_article": round(total / articles),
        "beyond_text_bytes_per_article": round((total - text_bytes) / articles),
        "bytes_per_article_by_table": {name: round(size / articles) for name, size in
                                       sorted(tables.items(), key=lambda kv: -kv[1])},
    }


def ingest(home: Path, articles: list[Article]) -> dict[str, Any]:
    from indexer.archive import Archive
    from indexer.ingest import process_pending, store_articles
    from indexer.search.tantivy_backend import TantivyBackend

    texts = [a.text for a in articles]
    jieba_s = bare_jieba(texts)
    written, wall, cpu = write_bytes(), time.perf_counter(), time.process_time()
    archive, backend = Archive(home / "archive.sqlite"), TantivyBackend(home / "index")
    try:
        store_articles(articles, archive, "bench")
        done = process_pending(archive, backend)
    finally:
        backend.close()
        archive.close()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    stages = dict(CPU)
    stages["rest"] = cpu - sum(stages[k] for k in ("store", "stories", "nlp", "tables", "index",
                                                   "index+tables: the one cut") if k in stages)
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    return {
        "articles": len(articles), "indexed": done.indexed,
        "extraction_errors": len(done.extraction_errors), "index_errors": len(done.errors),
        "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
        "docs_per_s": round(len(articles) / wall, 1),
        "bare_jieba_cut_cpu_s": round(jieba_s, 2),
        "times_bare_jieba": round(cpu / jieba_s, 2),
        "stages_cpu_s": {k: round(v, 2) for k, v in sorted(stages.items())},
        "stages_times_jieba": {k: round(v / jieba_s, 2) for k, v in sorted(stages.items())},
        "written_mb": round((write_bytes() - written) / 2**20, 1),
        "text_bytes_per_article": round(text_bytes / len(articles)),
        **archive_sizes(home / "archive.sqlite", len(articles), text_bytes),
        "index_bytes_per_article": round(dir_size(home / "index") / len(articles)),
    }


# -- the index build, segmentation excluded --------------------------------------------


def documents(home: Path) -> list[dict[str, Any]]:
    from indexer.archive import Archive
    from indexer.documents import index_document
    from indexer.stories import story_ref

    with Archive(home / "archive.sqlite") as archive:
        ids = archive.ids_with_extraction(canonical_only=True)
        return [index_document(s.article, s.extraction, story_ref(archive, s.article.id))
                for s in archive.stored(ids) if s.extraction is not None]


def build_rates(home: Path, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The project's rebuild and a raw tantivy loop over the same values, segmentation
    done beforehand for both."""
    import tantivy

    import indexer.search.fields as fields
    from indexer.search.tantivy_backend import STORED_DOC, TantivyBackend, _add_value
    from indexer.search.tantivy_store import build_schema

    cut = fields.segmented
    cache = {}
    for doc in docs:  # every text the segmented fields are given, cut once here
        for name in fields.TEXT_BOOSTS:
            text = doc.get(name) or ""
            cache[text] = cut(text)
        person = " ".join(fields.keyword_values(doc.get("person")))
        cache[person] = cut(person)
    fields.segmented = cache.__getitem__
    try:
        values = [({**doc, **fields.derived_values(doc)}, json.dumps(doc, ensure_ascii=False))
                  for doc in docs]
        backend = TantivyBackend(home / "rebuilt")
        started = time.perf_counter(), time.process_time()
        backend.rebuild(iter(docs))
        project = time.perf_counter() - started[0], time.process_time() - started[1]
    finally:
        fields.segmented = cut
    (home / "raw").mkdir()
    index = tantivy.Index(build_schema(), path=str(home / "raw"))
    started = time.perf_counter(), time.process_time()
    writer = index.writer(heap_size=128_000_000)
    for value, stored in values:
        document = tantivy.Document()
        for field in fields.FIELDS:
            _add_value(document, field.name, field.kind, value.get(field.name))
        document.add_bytes(STORED_DOC, stored.encode("utf-8"))
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    raw = time.perf_counter() - started[0], time.process_time() - started[1]
    return {
        "build_docs": len(docs),
        "project_rebuild_docs_per_s": round(len(docs) / project[0], 1),
        "raw_tantivy_docs_per_s": round(len(docs) / raw[0], 1),
        "project_vs_raw_wall": round(project[0] / raw[0], 2),
        "project_vs_raw_cpu": round(project[1] / raw[1], 2),
    }


def reindex_rates(home: Path, articles: int) -> dict[str, Any]:
    """``reindex`` of the archive (segmentation included), cut in this process and, where
    the code can, by one process per core."""
    import inspect

    from indexer.archive import Archive
    from indexer.ingest import reindex
    from indexer.search.tantivy_backend import TantivyBackend

    ways: dict[str, dict[str, int]] = {"one_process": {}}  # code before the option: one
    if "processes" in inspect.signature(reindex).parameters:
        ways = {"one_process": {"processes": 0}, "per_core": {"processes": os.cpu_count() or 1}}
    rates = {}
    for name, options in ways.items():
        with Archive(home / "archive.sqlite") as archive:
            backend = TantivyBackend(home / "index")
            started, cpu = time.perf_counter(), time.process_time()
            reindex(archive, backend, **options)
            rates[f"reindex_{name}_docs_per_s"] = round(articles / (time.perf_counter() - started),
                                                        1)
            rates[f"reindex_{name}_cpu_s_this_process"] = round(time.process_time() - cpu, 2)
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--real", type=int, default=0, help="copies of the real corpora to add")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", action="store_true", help="allow the learned model")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if os.environ.get("UNIONKB_NLP_MODEL") != "none" and not args.model:
        parser.error("set UNIONKB_NLP_MODEL=none (the fast pipeline) or pass --model")
    articles = [a for a, _ in generate(args.articles, args.seed, sorted(SOURCES))]
    articles += list(real_articles(args.real))
    instrument()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        home = Path(tmp)
        result = ingest(home, articles)
        result |= build_rates(home, documents(home))
        result |= reindex_rates(home, len(articles))
    result["load_average"] = os.getloadavg()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
