"""A crawl opens the archive once: the pipeline and the middleware that skips archived
articles share the connection ``run_crawl`` hangs on the crawler.

The crawl runs in a subprocess (Twisted's reactor starts once per process), which
counts every ``Archive`` opened.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.mockserver import MockServer
from tests.paths import FIXTURES

SITES_DIR = FIXTURES / "sites"
SITE = "founder-utf8"
CRAWL = """
import json, sys
from datetime import date
from pathlib import Path
import indexer.archive as archive_module
from crawler.papers import adhoc_paper
from crawler.run import CrawlJob, run_crawl
from indexer.config import Settings

opened = []
real_init = archive_module.Archive.__init__

def counted(self, path):
    opened.append(str(path))
    real_init(self, path)

archive_module.Archive.__init__ = counted
home, site, issue_url = sys.argv[1:]
paper = adhoc_paper("founder", site, issue_url, "tjgrb")
# recheck: walk the issue again, so the middleware is asked about each article.
job = CrawlJob(paper, date(2025, 3, 18), date(2025, 3, 18), delay=0, recheck=True,
               progress=False, overrides={"UNIONKB_RETRY_BACKOFF": 0})
report = run_crawl(job, Settings(home=Path(home)))
print(json.dumps({"opened": opened, "inserted": report.articles_inserted,
                  "skipped": report.not_fetched_archived}))
"""


def crawl(server: MockServer, home: Path) -> dict:
    spec = json.loads((SITES_DIR / SITE / "expected.json").read_text("utf-8"))
    result = subprocess.run(
        [sys.executable, "-c", CRAWL, str(home), server.url(f"{SITE}/"), spec["issue_url"]],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def test_one_crawl_opens_the_archive_once(tmp_path: Path) -> None:
    from indexer.archive import Archive

    with MockServer(SITES_DIR) as server:
        first = crawl(server, tmp_path)
        again = crawl(server, tmp_path)
    assert first["inserted"] > 0 and again["skipped"] == first["inserted"]
    assert first["opened"] == again["opened"] == [str(tmp_path / "archive.sqlite3")]
    with Archive(tmp_path / "archive.sqlite3") as archive:
        # A template crawl names the paper as its code is known.
        assert {a.source_name for a in archive.iter_articles()} == {"天津工人报"}
