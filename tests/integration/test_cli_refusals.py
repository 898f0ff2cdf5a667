"""Failures that used to exit 0: a bad option is refused up front (exit 2, the reason),
a crawl that reaches nothing stops in seconds with one plain line (exit 1)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.run import unreachable_reason


def unionkb(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "UNIONKB_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("args", "message"), [
    (["ingest-text", "x.txt", "--date", "2025-02-30"], "argument --date: no such day: 2025-02-30"),
    (["ingest-text", "x.txt", "--date", "19.3.2025"], "argument --date: not a date: '19.3.2025'"),
    (["ingest-text", "x.txt", "--source", " "], "argument --source: empty"),
    (["crawl", "grrb", "--from", "2025-13-01"], "argument --from: not a date: '2025-13-01'"),
    (["crawl", "grrb", "--from", "2025-01-01", "--to", "2025-02-29"],
     "argument --to: no such day: 2025-02-29"),
    (["quarantine", "--kind", "bogus"],
     "argument --kind: invalid choice: 'bogus' (choose from text, article, crawl, extraction, "
     "index)"),
])
def test_bad_options_are_refused_before_any_work(args: list[str], message: str,
                                                  tmp_path: Path) -> None:
    result = unionkb(*args, home=tmp_path / "h")
    assert result.returncode == 2
    assert message in result.stderr.replace("'text', 'article', 'crawl', 'extraction', 'index'",
                                            "text, article, crawl, extraction, index")
    assert not (tmp_path / "h" / "archive.sqlite3").exists(), "nothing may be done"


def test_a_partial_crawl_range_covers_whole_months() -> None:
    from crawler.run import job_from_args
    from indexer.cli import build_parser

    args = build_parser().parse_args(["crawl", "grrb", "--from", "2024-02", "--to", "2024-03"])
    job = job_from_args(args)
    assert (job.date_from.isoformat(), job.date_to.isoformat()) == ("2024-02-01", "2024-03-31")


def test_a_crawl_that_reaches_nothing_fails_fast_with_one_line(tmp_path: Path) -> None:
    port = closed_port()
    started = time.monotonic()
    result = unionkb("crawl", "founder", "--home", f"http://127.0.0.1:{port}/",
                     "--issue-url", "content/{yyyy}-{mm}/{dd}/node_2.htm", "--source", "fx",
                     "--from", "2025-01-01", "--to", "2025-01-10", "--quiet",
                     home=tmp_path / "h", timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"unionkb crawl: cannot reach 127.0.0.1:{port}: connection refused; check the address "
        "(--home, papers.toml) and the network"]
    report = json.loads(result.stdout)
    assert report["finish_reason"] == "unreachable" and report["responses"] == 0
    assert elapsed < 30, f"took {elapsed:.0f}s; before the fix it retried for over a minute"


def test_download_errors_are_told_in_plain_words() -> None:
    from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
    from twisted.internet.error import DNSLookupError, NoRouteError, TCPTimedOutError

    assert unreachable_reason(CannotResolveHostError("www.workercn.cn")) == "DNS lookup failed"
    assert unreachable_reason(DNSLookupError("www.workercn.cn")) == "DNS lookup failed"
    assert unreachable_reason(DownloadConnectionRefusedError()) == "connection refused"
    assert unreachable_reason(NoRouteError()) == "no route to host"
    assert unreachable_reason(TCPTimedOutError()) == "no answer (timed out)"
    assert unreachable_reason(ValueError("a parser bug")) is None
