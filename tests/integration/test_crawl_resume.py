"""A crawl killed with SIGKILL part-way and started again ends with every article once.

The crawl runs as a real `unionkb crawl` process against a slowed-down fixture server
(ten daily issues, 70 reports); the test kills it once the server has been asked
for 20 article pages, checks that it left a partial archive, runs the same command
again, and counts.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

from tests.mockserver import MockServer
from tests.paths import FIXTURES

SITES_DIR = FIXTURES / "sites"
DAYS = 10
KILL_AFTER = 20


def site_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_sites", SITES_DIR / "build_sites.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_sites"] = module
    spec.loader.exec_module(module)
    return module


def crawl_command(server: MockServer) -> list[str]:
    return [sys.executable, "-m", "indexer.cli", "crawl", "founder", "--home", server.url("large/"),
            "--issue-url", "content/{yyyy}-{mm}/{dd}/node_2.htm", "--source", "fx",
            "--from", "2025-01-01", "--to", "2025-01-10", "--delay", "0", "--no-index",
            "--quiet"]


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the crawl to get going"
        time.sleep(0.01)


def archived_urls(home: Path) -> list[str]:
    db = sqlite3.connect(home / "archive.sqlite3")
    try:
        return [row[0] for row in db.execute("SELECT url FROM articles")]
    finally:
        db.close()


def test_a_killed_crawl_resumes_with_every_article_exactly_once(tmp_path: Path) -> None:
    folder = site_builder().build_large_site("founder", tmp_path / "sites", "2025-01-01", DAYS)
    expected = json.loads((folder / "expected.json").read_text("utf-8"))["articles"]
    assert len(expected) == 7 * DAYS
    home = tmp_path / "home"
    env = {**os.environ, "UNIONKB_HOME": str(home)}
    with MockServer(tmp_path / "sites", delay=0.05) as server:
        crawl = subprocess.Popen(crawl_command(server), env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: len(server.requested("content_")) >= KILL_AFTER)
        finally:
            crawl.send_signal(signal.SIGKILL)
            crawl.wait()
        assert crawl.returncode == -signal.SIGKILL
        before = set(archived_urls(home))
        assert 0 < len(before) < len(expected), "the kill should leave a partial archive"
        fetched_before = len(server.log)

        again = subprocess.run(crawl_command(server), env=env, capture_output=True, text=True,
                               timeout=120)
        assert again.returncode == 0, again.stderr[-3000:]
        refetched = [p for p in server.log[fetched_before:] if server.url(p) in before]

    urls = archived_urls(home)
    assert len(urls) == len(set(urls)) == len(expected)
    assert {u.removeprefix(server.url("large/")) for u in urls} == {a["path"] for a in expected}
    assert refetched == [], "articles archived before the kill were fetched again"
    report = json.loads(again.stdout)
    assert report["articles_inserted"] == len(expected) - len(before)
    assert report["articles_duplicate"] == 0
