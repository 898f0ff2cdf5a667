"""Benchmark the crawl against a local fixture e-paper: how many pages per second.

    python bench/bench_crawl.py [--days 60] [--template founder] [--server-delay 0] [--json]

Writes a Founder-style site of DAYS daily issues (3 pages and 7 reports each, all
distinct) to a temporary folder, serves it on 127.0.0.1 with the test suite's HTTP
server, and runs the real ``unionkb crawl`` command on it twice: with the crawl
defaults except the politeness delay (``--delay 0``: AutoThrottle, 2 requests at a
time per site), and unthrottled (AutoThrottle off, 16 at a time) to show the
crawler's own ceiling. Pages per second counts every HTTP response (robots.txt,
issue and page lists, articles) over Scrapy's elapsed time; the wall time also
includes starting Python and Scrapy. Extraction and indexing are left out
(``--no-index``): they are measured by their own benchmarks.

Against a real site the default 2-second delay (a paper's own ``delay`` in
papers.toml) bounds a crawl at about half a page per second, by design.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from tests.mockserver import MockServer  # noqa: E402

BUILDER = ROOT / "tests" / "fixtures" / "sites" / "build_sites.py"
FIRST_DAY = "2024-01-01"
ISSUE_URLS = {"founder": "content/{yyyy}-{mm}/{dd}/node_2.htm"}
MODES = {
    "defaults, --delay 0": [],
    "unthrottled": ["--set", "AUTOTHROTTLE_ENABLED=False",
                    "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=16"],
}


def build(days: int, template: str, folder: Path) -> int:
    spec = importlib.util.spec_from_file_location("build_sites", BUILDER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_sites"] = module
    spec.loader.exec_module(module)
    site = module.build_large_site(template, folder, FIRST_DAY, days)
    return len(json.loads((site / "expected.json").read_text("utf-8"))["articles"])


def last_day(days: int) -> str:
    return (date.fromisoformat(FIRST_DAY) + timedelta(days=days - 1)).isoformat()


def crawl(server: MockServer, days: int, template: str, extra: list[str]) -> dict[str, Any]:
    last = last_day(days)
    with tempfile.TemporaryDirectory(prefix="unionkb-bench-home-") as home:
        command = [sys.executable, "-m", "indexer.cli", "crawl", template,
                   "--home", server.url("large/"), "--issue-url", ISSUE_URLS[template],
                   "--source", "bench", "--from", FIRST_DAY, "--to", last, "--delay", "0",
                   "--no-index", "--quiet", *extra]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                                env={**os.environ, "UNIONKB_HOME": home}, check=True)
        wall = time.perf_counter() - started
    report = json.loads(result.stdout)
    report["wall_seconds"] = round(wall, 2)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--template", choices=sorted(ISSUE_URLS), default="founder")
    parser.add_argument("--server-delay", type=float, default=0.0,
                        help="seconds the server waits before each answer (a slow site)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="unionkb-bench-site-") as sites:
        articles = build(args.days, args.template, Path(sites))
        with MockServer(Path(sites), delay=args.server_delay) as server:
            for mode, extra in MODES.items():
                report = crawl(server, args.days, args.template, extra)
                assert report["articles_inserted"] == articles, report
                results[mode] = {
                    "responses": report["responses"],
                    "articles": report["articles_inserted"],
                    "crawl_seconds": report["seconds"],
                    "pages_per_second": report["responses_per_second"],
                    "wall_seconds": report["wall_seconds"],
                }
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return 0
    print(f"crawl benchmark: {args.template} site, {args.days} issues, {articles} articles, "
          f"server delay {args.server_delay}s")
    for mode, r in results.items():
        print(f"  {mode:22} {r['responses']:5} responses in {r['crawl_seconds']:6.2f}s = "
              f"{r['pages_per_second']:7.1f} pages/s (wall {r['wall_seconds']:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
