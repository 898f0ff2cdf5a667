"""Facet counts at national scale: the old counting path against the new one, on one index.

    python bench/bench_facets.py --articles 1000000 --home /tmp/facets-1m [--repeat 100]
                                 [--body-chars 80] [--seed 7] [--no-http] [--json]
                                 [--after-commit N] [--settle SECONDS]

Builds ``--articles`` synthetic reports (``bench/scale_corpus.py``'s generator) straight
into a tantivy index through the backend's own write path (``index_document`` →
``TantivyBackend.rebuild`` → ``to_tantivy``, one writer), without the archive, the NLP or
the analysis tables: only the search index is measured here. Bodies are cut to
``--body-chars`` characters (jieba segmentation of the whole body is what makes a real
build take an hour at 1M); the cut bodies still hold 工会 in most reports, and every
facet value (places, unions, programmes, themes, people, sources, years) is the
generator's, so match-set sizes and facet cardinalities are those of a full build.
With ``--distinct D`` only D reports are generated and the rest of the
``--articles`` are copies of them under new ids (and stories), each distinct text
segmented once: a 1M index in minutes on a busy machine; counts are then those of
the D reports times the copies, cardinalities those of D reports. With ``--home`` the
index is kept and a later run reuses it.

Each query kind is then timed in process (``backend.search``, as the API calls it: all
facets, stories counted) with the new path (facet cache + complement counting) and the
old one (``TantivyBackend(fast_facets=False)``), alternating, on the same index:

* ``cold`` — the cache emptied before every request, as for the first time a query is
  asked after a commit (the per-generation counts of everything are kept, as they are
  in a server after its first request; ``cold, new generation`` empties them too);
* ``warm`` — the same request asked again (what the cache is for).

``same counts`` says whether old and new agree; ``--verify`` checks both against a tally
of the matching documents' own values (``scan``; minutes at 100k): the old path
undercounts values that fall under one segment's cut (person, county).

Unless ``--no-http``, ``unionkb serve`` is started on the index three times, with
``UNIONKB_FACETS=plain`` (the old path), ``uncached`` (the new path keeping no search's
counts: every request counted as if asked for the first time, the per-state counts of
everything kept as a running server keeps them) and unset (the new path as shipped:
the first request of each kind, then its repeats from the cache); each kind is requested
``--repeat`` times over one keep-alive connection after a first request.

With ``--after-commit N`` the bench then writes one report N times (a commit each, as an
ingest batch makes) and, ``--settle`` seconds after each, times the first empty search
and the first 工会 search, from a server that warms each new index state
(``api.services.warming``) and from one that does not.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from bench.bench_scale import free_port, rss_mb, start_server  # noqa: E402
from bench.measure import dir_size, percentile  # noqa: E402
from bench.scale_corpus import RARE_TERM, generate  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.documents import index_document  # noqa: E402
from indexer.search.query import SearchQuery  # noqa: E402
from indexer.search.tantivy_backend import FACETS_ENV, WRITER_HEAP, TantivyBackend  # noqa: E402
from indexer.sources import SOURCES  # noqa: E402

BODY_CHARS = 80
HALF_TERM = "发放"  # in about half of the cut reports: the worst case of complement counting

# (label, URL parameters); the in-process query is parsed from the same parameters.
KINDS: list[tuple[str, list[tuple[str, str]]]] = [
    ("empty query, all facets", []),
    ("common term 工会", [("q", "工会")]),
    ("工会 page 50", [("q", "工会"), ("page", "50")]),
    ("职工 + province + programme", [("q", "职工"), ("province", "青海省"),
                                    ("programme", "工会驿站")]),
    (f"rare term {RARE_TERM}", [("q", RARE_TERM)]),
    (f"~half the index: {HALF_TERM}", [("q", HALF_TERM)]),
    ("province filter only", [("province", "山东省")]),
]


# -- the build ---------------------------------------------------------------------------


def documents(count: int, seed: int, body_chars: int, distinct: int
              ) -> Iterator[dict[str, Any]]:
    """``count`` index documents: ``distinct`` generated ones, then copies of them under
    new ids (and stories) until there are ``count``."""
    made = (index_document(dataclasses.replace(a, body=a.body[:body_chars]), e)
            for a, e in generate(min(count, distinct), seed, sorted(SOURCES)))
    kept: list[dict[str, Any]] = []
    for number in range(count):
        if number % 10_000 == 0:
            print(f"\rindexed {number}", end="", file=sys.stderr, flush=True)
        if number < distinct:
            doc = next(made)
            if count > distinct:
                kept.append(doc)
            yield doc
        else:
            copy = f"{kept[number % distinct]['id']}-{number // distinct}"
            yield {**kept[number % distinct], "id": copy, "story": copy}
    print(file=sys.stderr)


def _memoised_segmentation() -> None:
    """Each distinct text segmented once: copies segment the same titles and bodies again."""
    from indexer.search import fields

    done: dict[str, str] = {}
    segment = fields.segmented

    def segmented(text: str) -> str:
        if text not in done:
            done[text] = segment(text)
        return done[text]

    fields.segmented = segmented  # type: ignore[assignment]


def build(index_dir: Path, count: int, seed: int, body_chars: int, distinct: int,
          writer_heap: int = WRITER_HEAP) -> dict[str, Any]:
    backend = TantivyBackend(index_dir, writer_heap=writer_heap)
    if count > distinct:
        _memoised_segmentation()
    started = time.perf_counter()
    report = backend.rebuild(documents(count, seed, body_chars, distinct))
    seconds = time.perf_counter() - started
    return {"indexed": report.indexed, "distinct": min(count, distinct),
            "seconds": round(seconds, 1),
            "docs_per_s": round(report.indexed / seconds, 1),
            "segments": backend._searcher().num_segments,
            "index_mb": round(dir_size(index_dir) / 2**20, 1)}


# -- in process --------------------------------------------------------------------------


def parsed(params: list[tuple[str, str]], size: int = 20) -> SearchQuery:
    """The query the API makes of these parameters (``api.search_params``)."""
    from api.search_params import parse_search_query

    query = parse_search_query(params)
    return dataclasses.replace(query, size=size) if size != 20 else query


def _timed(backend: TantivyBackend, query: SearchQuery) -> float:
    started = time.perf_counter()
    backend.search(query)
    return (time.perf_counter() - started) * 1000


def _summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1), "n": len(times)}


def in_process(index_dir: Path, repeat: int) -> dict[str, dict[str, Any]]:
    new, old = TantivyBackend(index_dir), TantivyBackend(index_dir, fast_facets=False)
    results: dict[str, dict[str, Any]] = {}
    for label, params in KINDS:
        query = parsed(params)
        new.facet_counter.clear(everything=True)
        first = _timed(new, query)
        plain, cold, warm = [], [], []
        for _ in range(repeat):
            plain.append(_timed(old, query))
            new.facet_counter.clear()
            cold.append(_timed(new, query))
            warm.append(_timed(new, query))
        check = new.search(query), old.search(query)
        results[label] = {
            "total": check[1].total, "same_counts": _same(*check),
            "old": _summary(plain), "new_first_ms": round(first, 1),
            "new_cold": _summary(cold), "new_warm": _summary(warm)}
        print(f"{label}: old p95 {results[label]['old']['p95_ms']} ms, new cold p95 "
              f"{results[label]['new_cold']['p95_ms']} ms", file=sys.stderr, flush=True)
    return results


def verify(index_dir: Path) -> dict[str, dict[str, list[str]]]:
    """Per kind, the facets whose top values old and new get wrong, against a tally of
    the matching documents' own values (``scan``: slow, meant for 100k)."""
    new, old = TantivyBackend(index_dir), TantivyBackend(index_dir, fast_facets=False)
    wrong: dict[str, dict[str, list[str]]] = {}
    for label, params in KINDS:
        query = parsed(params)
        got = {"new": new.search(query), "old": old.search(query)}
        truth = {facet: _tally(new, query, facet) for facet in query.facets}
        wrong[label] = {
            name: [f for f in query.facets
                   if [(v.value, v.count) for v in result.facets[f]] != truth[f]]
            for name, result in got.items()}
        print(f"verified {label}: {wrong[label]}", file=sys.stderr, flush=True)
    return wrong


def _tally(backend: TantivyBackend, query: SearchQuery, facet: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for doc in backend.scan(dataclasses.replace(query.without_filter(facet), sort="date")):
        value = doc.get(facet)
        counts.update(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:query.facet_size]


def _same(a: Any, b: Any) -> bool:
    return a.total == b.total and a.facets == b.facets and [h.id for h in a.hits] == [
        h.id for h in b.hits]


# -- through HTTP ------------------------------------------------------------------------


def over_http(home: Path, repeat: int, mode: str) -> dict[str, Any]:
    """Each kind ``repeat`` times from a server started with ``UNIONKB_FACETS=mode``."""
    os.environ[FACETS_ENV] = mode
    port = free_port()
    server = start_server(home, port)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        results: dict[str, Any] = {}
        for label, params in KINDS:
            first = _get(connection, params)
            results[label] = {"first_ms": round(first, 1),
                              **_summary([_get(connection, params) for _ in range(repeat)])}
            print(f"HTTP {mode or 'new'} {label}: p95 {results[label]['p95_ms']} ms",
                  file=sys.stderr, flush=True)
        results["server"] = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
        os.environ.pop(FACETS_ENV, None)
    return results


def _get(connection: http.client.HTTPConnection, params: list[tuple[str, str]]) -> float:
    started = time.perf_counter()
    connection.request("GET", "/api/search?" + urlencode(params))
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status}: {body[:300]!r}")
    return (time.perf_counter() - started) * 1000


def after_commits(home: Path, rounds: int, settle: float) -> dict[str, Any]:
    """The first searches after each of ``rounds`` commits (one report written by this
    process, as an ingest batch would), from a server that warms new states
    (``UNIONKB_WARM_SECONDS=1``) and one that does not (``0``); ``settle`` seconds after
    each commit, as when a visitor comes a little after an ingest batch."""
    index_dir = Settings(home=home).index_dir
    writer = TantivyBackend(index_dir)
    template = writer.search(SearchQuery(size=1)).hits[0].doc
    asked = [label for label, _ in KINDS[:2]]  # the first screen, and a common word's
    results: dict[str, Any] = {}
    for warm in ("0", "1"):
        os.environ["UNIONKB_WARM_SECONDS"] = warm
        port = free_port()
        server = start_server(home, port)
        times: dict[str, list[float]] = {label: [] for label in asked}
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            for _, params in KINDS[:2]:
                _get(connection, params)  # the server's own first requests
            for number in range(rounds):
                new_id = f"after-commit-{warm}-{number}-{time.time_ns()}"
                writer.index_documents([{**template, "id": new_id, "story": new_id}])
                time.sleep(settle)
                for label, params in KINDS[:2]:
                    times[label].append(_get(connection, params))
        finally:
            server.terminate()
            server.wait(timeout=60)
            os.environ.pop("UNIONKB_WARM_SECONDS", None)
        results["warmed" if warm == "1" else "not warmed"] = {
            label: _summary(values) for label, values in times.items()}
        print(f"after commits, warm={warm}: {results}", file=sys.stderr, flush=True)
    return results


# -- the report --------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    lines = [f"**{result['articles']:,} articles**, bodies cut to {result['body_chars']} chars"
             f" (load average {' / '.join(f'{x:.1f}' for x in result['load_average'])})"]
    if result.get("build"):
        b = result["build"]
        lines.append(f"build: {b['indexed']:,} documents in {b['seconds']} s "
                     f"({b['docs_per_s']}/s), index {b['index_mb']} MB")
    lines += ["", "in process, `backend.search` (ms):", "",
              "| kind | hits | old p50 | old p95 | new first | new cold p50 | new cold p95 |"
              " new warm p95 | same counts |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for label, row in result["in_process"].items():
        lines.append(f"| {label} | {row['total']:,} | {row['old']['p50_ms']} |"
                     f" {row['old']['p95_ms']} | {row['new_first_ms']} |"
                     f" {row['new_cold']['p50_ms']} | {row['new_cold']['p95_ms']} |"
                     f" {row['new_warm']['p95_ms']} | {row['same_counts']} |")
    if result.get("wrong_facets"):
        lines += ["", "facets whose top values differ from a tally of the matching documents:",
                  "", "| kind | old | new |", "| --- | --- | --- |"]
        for label, wrong in result["wrong_facets"].items():
            lines.append(f"| {label} | {', '.join(wrong['old']) or '—'} |"
                         f" {', '.join(wrong['new']) or '—'} |")
    if result.get("http"):
        old, cold, warm = (result["http"][m] for m in ("plain", "uncached", "cached"))
        lines += ["", "through HTTP, `unionkb serve` (ms):", "",
                  "| kind | old p50 | old p95 | new uncached p50 | new uncached p95 |"
                  " new cached first | new cached p95 |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for label, _ in KINDS:
            lines.append(f"| {label} | {old[label]['p50_ms']} | {old[label]['p95_ms']} |"
                         f" {cold[label]['p50_ms']} | {cold[label]['p95_ms']} |"
                         f" {warm[label]['first_ms']} | {warm[label]['p95_ms']} |")
        lines.append("\nserver RSS (MB): " + ", ".join(
            f"{m} {result['http'][m]['server']['rss_mb']}" for m in result["http"]))
    if result.get("after_commits"):
        lines += ["", "the first search a little after a commit, through HTTP (ms):", "",
                  "| server | kind | p50 | p95 | max |", "| --- | --- | ---: | ---: | ---: |"]
        for server, kinds in result["after_commits"].items():
            for label, row in kinds.items():
                lines.append(f"| {server} | {label} | {row['p50_ms']} | {row['p95_ms']} |"
                             f" {row['max_ms']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--body-chars", type=int, default=BODY_CHARS,
                        help="bodies cut to this many characters (default 80)")
    parser.add_argument("--distinct", type=int, default=1_000_000,
                        help="generate this many reports; the rest are copies under new ids")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--writer-heap", type=int, default=WRITER_HEAP,
                        help="the index writer's memory: a larger one writes fewer segments")
    parser.add_argument("--repeat", type=int, default=100, help="timed requests per kind")
    parser.add_argument("--home", type=Path, help="keep the index here and reuse it")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--no-http", action="store_true", help="time in process only")
    parser.add_argument("--verify", action="store_true",
                        help="also check both paths' counts against a tally (slow)")
    parser.add_argument("--after-commit", type=int, default=0, metavar="N",
                        help="also time the first searches after each of N commits, with "
                             "the server's warming on and off (adds N reports to the index)")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds between a commit and the search after it")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        index_dir = Settings(home=home).index_dir
        built = None
        if not (index_dir / "CURRENT").exists():
            built = build(index_dir, args.articles, args.seed, args.body_chars,
                          args.distinct, args.writer_heap)
        if args.build_only:
            print(json.dumps(built))
            return 0
        result: dict[str, Any] = {
            "articles": TantivyBackend(index_dir).count(SearchQuery()),
            "body_chars": args.body_chars, "build": built,
            "in_process": in_process(index_dir, args.repeat)}
        if args.verify:
            result["wrong_facets"] = verify(index_dir)
        if not args.no_http:
            result["http"] = {mode or "cached": over_http(home, args.repeat, mode)
                              for mode in ("plain", "uncached", "")}
        if args.after_commit:
            result["after_commits"] = after_commits(home, args.after_commit, args.settle)
        result["load_average"] = os.getloadavg()
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
