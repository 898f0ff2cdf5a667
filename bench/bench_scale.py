"""The archive at national scale: build N synthetic reports, then time every kind of request.

    python bench/bench_scale.py --articles 100000 [--fast] [--home DIR] [--repeat 200]
                                [--seed 7] [--json]

Builds ``--articles`` reports (``bench/scale_corpus.py``: all 31 provinces, 250
programmes, hundreds of unions, twenty years; lengths as in the real corpora) into a
real archive, its analysis tables and its tantivy index, through the project's write
path: ``store_articles`` (in batched transactions), then ``process_pending`` (NLP,
analysis tables, index). With ``--fast`` the NLP is skipped: the extraction the
generator knows is stored with ``Archive.set_extraction`` (what the NLP would write)
and ``index_pending`` derives the analysis tables and builds the index from it: the
tables and the index are then built as in a real ingest (jieba segmentation of every
index document and of every programme mention's context included); only
``indexer.nlp.extract`` is bypassed, and the entities are the generator's, not the
NLP's reading of its text.

Then ``unionkb serve`` is started on the archive and each request below is sent
``--repeat`` times over one keep-alive connection (the export ``--export-repeat``
times); the table gives HTTP p50/p95/p99 per kind, the build rate, disk per article
and the server's resident memory. The server keeps analysis answers until the archive
or index changes, so repeats of one analysis are served from memory: ``first ms`` is
the computed answer, and ``--cold`` turns the keeping (and the warming of the first
search screen, ``api.services.warming``) off. Requests start once ``/healthz`` says the
server is ready (jieba's dictionary read, the first screens warmed): the wait is printed,
and ``first ms`` of the empty search is then the warmed answer. With ``--home`` the archive
is kept there and a later run with the same folder skips the build: it finishes what a
killed build left pending and derives the tables again if their code changed, then
measures.

The backend is the environment's, as for ``unionkb serve``: with
``UNIONKB_BACKEND=elasticsearch ELASTICSEARCH_URL=http://127.0.0.1:9200`` (and
``UNIONKB_INDEX_PREFIX=unionkb-bench`` to keep a live index apart) the same build and
requests run against Elasticsearch, and the index size is its primary store.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from bench.measure import dir_size, percentile  # noqa: E402
from bench.scale_corpus import RARE_TERM, YEARS, generate  # noqa: E402
from indexer.archive import Archive  # noqa: E402
from indexer.batches import batched  # noqa: E402
from indexer.config import Settings, load_settings  # noqa: E402
from indexer.ingest import (  # noqa: E402
    extraction_version,
    index_pending,
    process_pending,
    store_articles,
)
from indexer.search import open_backend  # noqa: E402
from indexer.sources import SOURCES  # noqa: E402

BATCH = 1000  # articles stored per transaction
EXPORT_HITS = 100_000
FOUR = ("甘肃省", "青海省", "山东省", "内蒙古自治区")


def requests(articles: int) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(label, path, parameters) of every kind timed; the export asks for about
    ``EXPORT_HITS`` hits (a span of years as wide as that takes)."""
    years = max(1, min(len(YEARS), round(len(YEARS) * EXPORT_HITS / max(articles, 1))))
    first = YEARS[-years]
    return [
        ("search: empty query, all facets", "/api/search", []),
        ("search: common term 工会", "/api/search", [("q", "工会")]),
        ("search: term + province + programme", "/api/search",
         [("q", "职工"), ("province", "青海省"), ("programme", "工会驿站")]),
        (f"search: rare term {RARE_TERM}", "/api/search", [("q", RARE_TERM)]),
        ("search: 工会 page 50", "/api/search", [("q", "工会"), ("page", "50")]),
        ("timeline by province", "/api/timeline", [("by", "province")]),
        ("catalogue", "/api/programmes", []),
        ("catalogue province=山东省", "/api/programmes", [("province", "山东省")]),
        ("catalogue q=职工", "/api/programmes", [("q", "职工")]),  # every report
        ("catalogue q=困难", "/api/programmes", [("q", "困难")]),  # nine in ten
        ("catalogue q=开展", "/api/programmes", [("q", "开展")]),  # two in five
        ("programme page 工会驿站", "/api/programmes/" + quote("工会驿站"), []),
        ("similar 暖新保", "/api/programmes/" + quote("暖新保") + "/similar", []),
        ("ledger /api/figures", "/api/figures", []),
        ("ledger metric=职工书屋", "/api/figures", [("metric", "职工书屋")]),
        ("ledger q=困难", "/api/figures", [("q", "困难")]),
        ("figure check", "/api/figures/check", [("text", "110家职工书屋")]),
        ("compare 4 provinces", "/api/compare", [("province", p) for p in FOUR]),
        (f"export json, {first}–{YEARS[-1]}", "/api/export",
         [("format", "json"), ("date_from", str(first)), ("date_to", str(YEARS[-1]))]),
    ]


# -- the build ---------------------------------------------------------------------------


def build(settings: Settings, count: int, seed: int, fast: bool) -> dict[str, Any]:
    settings.ensure_home()
    archive, backend = Archive(settings.archive_path), open_backend(settings)
    try:
        made = generate(count, seed, sorted(SOURCES))
        started = time.perf_counter()
        stored = _store(archive, made, fast)
        store_s = time.perf_counter() - started
        started = time.perf_counter()
        indexed = (index_pending if fast else process_pending)(archive, backend, progress=True)
        index_s = time.perf_counter() - started
    finally:
        backend.close()
        archive.close()
    return {"fast": fast, "stored": stored, "indexed": indexed.indexed,
            "store_s": round(store_s, 1), "derive_and_index_s": round(index_s, 1),
            "articles_per_s": round(count / (store_s + index_s), 1)}


def catch_up(settings: Settings, fast: bool) -> dict[str, Any]:
    """An existing archive brought up to date: a killed build finished, the tables derived
    again when their code changed (as any ingest or reindex would)."""
    archive, backend = Archive(settings.archive_path), open_backend(settings)
    try:
        started = time.perf_counter()
        done = (index_pending if fast else process_pending)(archive, backend, progress=True)
    finally:
        backend.close()
        archive.close()
    return {"indexed": done.indexed, "seconds": round(time.perf_counter() - started, 1)}


def _store(archive: Archive, made: Iterable[tuple[Any, dict]], fast: bool) -> int:
    """The articles stored ``BATCH`` per transaction; with ``fast`` their known extraction too."""
    version, stored = extraction_version(), 0
    for batch in batched(made, BATCH):
        with archive.transaction():
            store_articles([article for article, _ in batch], archive, "bench")
            if fast:
                for article, extraction in batch:
                    archive.set_extraction(article.id, extraction, version)
        stored += len(batch)
        print(f"\rstored {stored}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return stored

def disk(settings: Settings, articles: int) -> dict[str, Any]:
    archive = sum(dir_size(p) for p in settings.archive_path.parent.glob(
        settings.archive_path.name + "*"))
    index = index_bytes(settings)
    return {"archive_mb": round(archive / 2**20, 1), "index_mb": round(index / 2**20, 1),
            "archive_kb_per_article": round(archive / 1024 / max(articles, 1), 2),
            "index_kb_per_article": round(index / 1024 / max(articles, 1), 2)}


def index_bytes(settings: Settings) -> int:
    """The index on disk: tantivy's folder, or the Elasticsearch index's primary store."""
    if settings.backend == "elasticsearch":
        from indexer.search.elasticsearch_backend import connect

        stats = connect(settings).indices.stats(index=f"{settings.index_prefix}-articles")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])
    return dir_size(settings.home / "index") if (settings.home / "index").exists() else 0


# -- the server and the requests -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(home: Path, port: int, workers: int = 1) -> subprocess.Popen:
    """``unionkb serve`` on the archive, as a user starts it; returns once it answers."""
    env = {**os.environ, "UNIONKB_HOME": str(home),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    log = (home / "bench-serve.log").open("ab")  # uvicorn's access log: one line a request
    # ``-c`` puts the working directory first on sys.path: run in this checkout, so the
    # server is this code whichever folder the bench was started from.
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from indexer.cli import main; sys.exit(main())",
         "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"unionkb serve exited with status {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("unionkb serve did not answer within 300 s")


def wait_ready(port: int, seconds: float = 600) -> float:
    """Seconds until ``/healthz`` says the server is ready: jieba's dictionary read and
    the first screens and similarity models of the archive warmed (with ``--workers``,
    the worker that answers). Measuring before that times the warm-up's thread, which
    shares the interpreter with the requests, not the requests."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz")
        ready = json.loads(connection.getresponse().read()).get("ready", {})
        if ready and all(ready.values()):
            return round(time.monotonic() - started, 1)
        time.sleep(0.2)
    raise SystemExit(f"the server was not ready within {seconds:.0f} s")


def rss_mb(pid: int) -> dict[str, float]:
    """The server's resident memory now and at its peak (Linux /proc), its worker
    processes' added in (each opens the index; the pages of its files are shared)."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for process in [pid, *_children(pid)]:
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in totals:
                totals[key] += int(value.split()[0]) / 1024
    return {"rss_mb": round(totals["VmRSS"], 1), "peak_rss_mb": round(totals["VmHWM"], 1)}


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def time_requests(port: int, articles: int, repeat: int, export_repeat: int
                  ) -> dict[str, dict[str, Any]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    results = {}
    for label, path, params in requests(articles):
        url = path + ("?" + urlencode(params) if params else "")
        first_ms, size, _ = _get_timed(connection, url)  # the first: caches, file pages
        timed = [_get_timed(connection, url)
                 for _ in range(export_repeat if path == "/api/export" else repeat)]
        times = [t[0] for t in timed]
        results[label] = {
            "first_ms": round(first_ms, 1), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1), "requests": len(times), "bytes": size,
            "first_byte_p50_ms": round(statistics.median(t[2] for t in timed), 1)}
        print(f"{label}: p95 {results[label]['p95_ms']} ms", file=sys.stderr, flush=True)
    return results


def under_load(port: int, articles: int, connections: int, total: int) -> dict[str, Any]:
    """The search kinds (the first five requests) sent round-robin over ``connections``
    keep-alive connections at once, ``total`` requests in all: req/s and latency."""
    from concurrent.futures import ThreadPoolExecutor

    urls = [path + ("?" + urlencode(params) if params else "")
            for _, path, params in requests(articles)[:5]]
    share = [total // connections + (i < total % connections) for i in range(connections)]

    def client(index: int) -> list[float]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        return [_get(connection, urls[(index + k) % len(urls)])[0] for k in range(share[index])]

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        times = [t for part in pool.map(client, range(connections)) for t in part]
    elapsed = time.perf_counter() - started
    return {"connections": connections, "requests": len(times),
            "req_per_s": round(len(times) / elapsed, 1),
            "p50_ms": round(statistics.median(times), 1),
            "p99_ms": round(percentile(times, 0.99), 1)}


def _get(connection: http.client.HTTPConnection, url: str) -> tuple[float, int]:
    elapsed, size, _ = _get_timed(connection, url)
    return elapsed, size


def _get_timed(connection: http.client.HTTPConnection, url: str) -> tuple[float, int, float]:
    """Milliseconds to the whole body, its bytes, and milliseconds to its first byte (what a
    reader of a streamed export waits before anything arrives)."""
    started = time.perf_counter()
    connection.request("GET", url)
    response = connection.getresponse()
    head = response.read(1)
    first_byte = (time.perf_counter() - started) * 1000
    body = head + response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise SystemExit(f"{url}: HTTP {response.status}: {body[:300]!r}")
    return elapsed, len(body), first_byte


def run(count: int, seed: int, fast: bool, repeat: int, export_repeat: int,
        home: Path, workers: int = 1, load: int = 0) -> dict[str, Any]:
    # The backend and its server from the environment, as ``unionkb serve`` reads them:
    # UNIONKB_BACKEND=elasticsearch ELASTICSEARCH_URL=... runs the same bench on a cluster.
    settings = replace(load_settings(), home=home)
    if settings.archive_path.exists():
        built, caught_up = None, catch_up(settings, fast)
    else:
        built, caught_up = build(settings, count, seed, fast), None
    with Archive(settings.archive_path) as archive:
        articles = archive.count()
    port = free_port()
    server = start_server(home, port, workers)
    try:
        ready_s = wait_ready(port)
        timings = time_requests(port, articles, repeat, export_repeat)
        loads = [under_load(port, articles, n, load) for n in (8, 32)] if load else []
        memory = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {"articles": articles, "backend": settings.backend, "build": built,
            "catch_up": caught_up, "ready_s": ready_s,
            "disk": disk(settings, articles), "server": memory,
            "workers": workers, "load_average": os.getloadavg(), "requests": timings,
            "under_load": loads}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"**{result['articles']:,} articles**, {result['backend']} (load average "
             f"{' / '.join(f'{x:.1f}' for x in result['load_average'])})", ""]
    if result["build"]:
        b = result["build"]
        lines.append(f"build ({'--fast: generator extractions' if b['fast'] else 'with NLP'}):"
                     f" store {b['store_s']} s, derive tables + index {b['derive_and_index_s']}"
                     f" s = {b['articles_per_s']} articles/s")
    if result["catch_up"]:
        c = result["catch_up"]
        lines.append(f"existing archive brought up to date in {c['seconds']} s"
                     f" ({c['indexed']} indexed)")
    d, s = result["disk"], result["server"]
    lines += [f"disk: archive {d['archive_mb']} MB ({d['archive_kb_per_article']} KB/article),"
              f" index {d['index_mb']} MB ({d['index_kb_per_article']} KB/article);"
              f" server RSS {s['rss_mb']} MB (peak {s['peak_rss_mb']} MB);"
              f" ready {result['ready_s']} s after it first answered", "",
              "| request | first ms | p50 ms | p95 ms | p99 ms | n | bytes |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, row in result["requests"].items():
        lines.append(f"| {label} | {row['first_ms']} | {row['p50_ms']} | {row['p95_ms']} |"
                     f" {row['p99_ms']} | {row['requests']} | {row['bytes']:,} |")
    streamed = {label: row for label, row in result["requests"].items() if "export" in label}
    for label, row in streamed.items():
        lines.append(f"\n{label}: first byte after {row['first_byte_p50_ms']} ms (p50),"
                     f" the whole body after {row['p50_ms']} ms")
    for row in result["under_load"]:
        lines.append(f"\nunder load, {result['workers']} worker(s), {row['connections']}"
                     f" connections: {row['req_per_s']} req/s, p50 {row['p50_ms']} ms,"
                     f" p99 {row['p99_ms']} ms ({row['requests']} search requests)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000,
                        help="reports to build: 100000, 300000, 1000000 … (default 100000)")
    parser.add_argument("--fast", action="store_true",
                        help="store the generator's extractions instead of running the NLP")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the corpus")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per kind")
    parser.add_argument("--export-repeat", type=int, default=5, help="timed exports")
    parser.add_argument("--home", type=Path, help="keep the archive here and reuse it")
    parser.add_argument("--cold", action="store_true",
                        help="serve with UNIONKB_ANSWERS_KEPT=0 and UNIONKB_WARM_SECONDS=0: every "
                             "analysis computed anew, no first screen counted in advance")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (unionkb serve --workers)")
    parser.add_argument("--load", type=int, default=0, metavar="N",
                        help="also send N search requests over 8, then 32 connections at once")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.cold:  # the server started below inherits it
        os.environ["UNIONKB_ANSWERS_KEPT"] = "0"
        os.environ["UNIONKB_WARM_SECONDS"] = "0"
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.articles, args.seed, args.fast, args.repeat, args.export_repeat,
                     args.home or Path(tmp), args.workers, args.load)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
