"""`unionkb crawl` against real HTTP fixture sites: every template, in UTF-8 and in GBK.

Each site is crawled twice over 2025-03-17..19 (no issue on the 17th) by the real
command in a subprocess; the tests then compare the archive with the site's
expected.json and read the server's request log: robots.txt obeyed, the truncated
page quarantined while the crawl goes on, nothing archived fetched a second time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crawler.pipelines import LEDGER_FILE
from indexer.archive import Archive
from indexer.models import Article, article_id_for_url
from tests.mockserver import MockServer
from tests.paths import FIXTURES

SITES_DIR = FIXTURES / "sites"
SITES = sorted(p.name for p in SITES_DIR.iterdir() if (p / "expected.json").is_file())
# How each template's URLs say "the issue of 2025-03-18" (xpaper: issue 8686).
MARKERS_18 = ("2025-03/18", "202503/18", "2025/03/18", "2025-03-18", "/8686/")
FIELDS = ("title", "kicker", "subtitle", "summary", "date", "page", "page_name", "body",
          "reporters", "correspondents", "photographers", "captions")


def expected(site: str) -> dict[str, Any]:
    return json.loads((SITES_DIR / site / "expected.json").read_text("utf-8"))


def crawl_args(server: MockServer, site: str, home: Path, *extra: str) -> tuple[list, dict]:
    """The command line that crawls a fixture site, and its environment."""
    spec = expected(site)
    home_url = server.url(f"{site}/{spec['home'] if spec['home'] != 'index.html' else ''}")
    env = {**os.environ, "UNIONKB_HOME": str(home)}
    if spec["options"]:
        # Selector overrides are papers.toml configuration: crawl it as a configured paper.
        papers = home / "papers.toml"
        options = "\n".join(f"{k} = {json.dumps(v)}" for k, v in spec["options"].items())
        papers.write_text(
            f'[[paper]]\ncode = "fx"\nname = "测试报"\ntemplate = "{spec["template"]}"\n'
            f'home = "{home_url}"\nissue_url = "{spec["issue_url"]}"\n'
            f"[paper.options]\n{options}\n", "utf-8")
        env["UNIONKB_PAPERS"] = str(papers)
        target = ["fx"]
    else:
        target = [spec["template"], "--home", home_url, "--issue-url", spec["issue_url"],
                  "--source", "fx"]
        if spec["calendar"]:
            target += ["--calendar", spec["calendar"]]
    args = [sys.executable, "-m", "indexer.cli", "crawl", *target, "--delay", "0",
            "--set", "UNIONKB_RETRY_BACKOFF=0", *extra]
    return args, env


def run_crawl(server: MockServer, site: str, home: Path, *extra: str) -> tuple[dict, list[str]]:
    """Crawl; return the command's JSON report and the paths it requested from the site."""
    home.mkdir(parents=True, exist_ok=True)
    args, env = crawl_args(server, site, home, *extra)
    before = len(server.log)
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return json.loads(result.stdout), [p for p in server.log[before:] if p.startswith(f"/{site}/")]


@dataclass
class SiteCrawl:
    site: str
    spec: dict[str, Any]
    home: Path
    url: str  # the server's base URL
    first: dict[str, Any]
    first_log: list[str]
    second: dict[str, Any]
    second_log: list[str]

    def articles(self) -> dict[str, Article]:
        with Archive(self.home / "archive.sqlite3") as archive:
            return {a.url.removeprefix(self.url): a for a in archive.iter_articles()}

    def quarantined(self) -> list[dict[str, Any]]:
        with Archive(self.home / "archive.sqlite3") as archive:
            return archive.quarantined()

    def path(self, rel: str) -> str:
        return f"/{self.site}/{rel}"


@pytest.fixture(scope="module")
def server() -> MockServer:
    with MockServer(SITES_DIR) as running:
        yield running


@pytest.fixture(scope="module", params=SITES)
def crawled(request: pytest.FixtureRequest, server: MockServer,
            tmp_path_factory: pytest.TempPathFactory) -> SiteCrawl:
    site = request.param
    home = tmp_path_factory.mktemp(site)
    span = ("--from", "2025-03-17", "--to", "2025-03-19", "--no-index", "--quiet")
    first, first_log = run_crawl(server, site, home, *span)
    second, second_log = run_crawl(server, site, home, *span)
    return SiteCrawl(site, expected(site), home, server.url(), first, first_log, second,
                     second_log)


def test_every_article_is_collected(crawled: SiteCrawl) -> None:
    wanted = {f"{crawled.site}/{a['path']}" for a in crawled.spec["articles"]}
    assert set(crawled.articles()) == wanted
    assert crawled.first["articles_inserted"] == len(wanted) == 7


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_right(crawled: SiteCrawl, field: str) -> None:
    articles = crawled.articles()
    wrong = {}
    for want in crawled.spec["articles"]:
        got = getattr(articles[f"{crawled.site}/{want['path']}"], field)
        if got != want[field]:
            wrong[want["path"]] = (got, want[field])
    assert wrong == {}


def test_bylines_leave_the_body(crawled: SiteCrawl) -> None:
    for article in crawled.articles().values():
        assert "本报讯" not in article.body and "本报记者" not in article.body.split("\n")[0]
        assert not article.body.endswith("摄")


def test_the_crawler_says_who_it_is(crawled: SiteCrawl, server: MockServer) -> None:
    assert server.agents and all(agent.startswith("unionkb/") for agent in server.agents)


def test_robots_txt_is_obeyed(crawled: SiteCrawl) -> None:
    forbidden = crawled.path(crawled.spec["forbidden"])
    assert forbidden not in crawled.first_log + crawled.second_log
    assert crawled.first["forbidden_by_robots"] == 1
    assert all(not url.endswith(crawled.spec["forbidden"]) for url in crawled.articles())


def test_a_truncated_page_is_quarantined_and_the_crawl_goes_on(crawled: SiteCrawl) -> None:
    broken = crawled.url + f"{crawled.site}/{crawled.spec['broken']}"
    rows = [q for q in crawled.quarantined() if q["origin"] == broken]
    assert len(rows) == 1 and "truncated" in rows[0]["reason"]
    assert crawled.first["finish_reason"] == "finished"
    assert crawled.first["quarantined"] == 1


def test_dates_without_an_issue_are_reported_and_finished_issues_recorded(
    crawled: SiteCrawl,
) -> None:
    assert crawled.first["dates_without_issue"] == 1
    db = sqlite3.connect(crawled.home / LEDGER_FILE)
    ledger = dict(db.execute("SELECT date, status FROM issues WHERE source = 'fx'").fetchall())
    db.close()
    # The 19th holds the truncated page, so it stays open to be tried again.
    assert ledger == {"2025-03-17": "none", "2025-03-18": "done"}


def test_a_second_run_fetches_no_archived_article_again(crawled: SiteCrawl) -> None:
    archived = {crawled.path(a["path"]) for a in crawled.spec["articles"]}
    assert archived <= set(crawled.first_log)
    assert archived.isdisjoint(crawled.second_log)
    # The finished issue of the 18th is not walked again (xpaper reads its first page to
    # learn its date on the way back); the open one of the 19th is, without its articles.
    walked = [p for p in crawled.second_log if any(m in p for m in MARKERS_18)]
    assert walked == ([crawled.path("xpaper/news/8686/01/index.shtml")]
                      if crawled.spec["template"] == "xpaper" else [])
    assert crawled.second["articles_inserted"] == 0
    assert crawled.second["dates_already_done"] == 2
    assert crawled.path(crawled.spec["broken"]) in crawled.second_log


def test_the_raw_page_of_every_article_is_kept(crawled: SiteCrawl) -> None:
    raw = crawled.home / "raw" / "fx"
    for url in crawled.articles():
        html = next(raw.rglob(f"{article_id_for_url(crawled.url + url)}.html"))
        meta = json.loads(html.with_suffix(".json").read_text("utf-8"))
        assert meta["url"] == crawled.url + url and meta["paper"]["template"]
        assert html.stat().st_size > 500


def test_pages_decode_whatever_they_declare(crawled: SiteCrawl) -> None:
    # 蹚 is in GBK but not in GB2312: a page labelled gb2312 must still decode it,
    # and a UTF-8 page must not be mistaken for GBK.
    kickers = [a.kicker for a in crawled.articles().values()]
    assert any("蹚出" in k for k in kickers)
    assert not any("\ufffd" in a.body + a.title for a in crawled.articles().values())


@pytest.mark.parametrize("site", SITES)
def test_without_dates_the_latest_issue_is_collected(
    site: str, server: MockServer, tmp_path: Path
) -> None:
    report, log = run_crawl(server, site, tmp_path, "--no-index", "--quiet")
    spec = expected(site)
    latest = {f"{site}/{a['path']}" for a in spec["articles"] if a["date"] == spec["latest"]}
    with Archive(tmp_path / "archive.sqlite3") as archive:
        got = {a.url.removeprefix(server.url()) for a in archive.iter_articles()}
        assert {a.date for a in archive.iter_articles()} == {spec["latest"]}
    assert got == latest and report["articles_inserted"] == 3


def test_absences_found_with_a_wrong_pattern_do_not_stop_the_right_one(
    server: MockServer, tmp_path: Path
) -> None:
    """A first node guessed wrong finds no issue anywhere; fixed, every issue is collected."""
    site = "founder-utf8"
    env = {**os.environ, "UNIONKB_HOME": str(tmp_path)}

    def crawl(issue_url: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "indexer.cli", "crawl", "founder",
             "--home", server.url(f"{site}/"), "--issue-url", issue_url, "--source", "fx",
             "--from", "2025-03-17", "--to", "2025-03-19", "--delay", "0", "--no-index",
             "--quiet"],
            capture_output=True, text=True, env=env, timeout=120)

    wrong = crawl("content/{yyyy}-{mm}/{dd}/node_1.htm")
    assert json.loads(wrong.stdout)["dates_without_issue"] == 3
    assert "no issue found on any of the 3 dates" in wrong.stderr
    right = crawl(expected(site)["issue_url"])
    report = json.loads(right.stdout)
    assert report["dates_already_done"] == 0 and report["dates_without_issue"] == 1
    assert report["articles_inserted"] == len(expected(site)["articles"])
    assert "no issue found" not in right.stderr


def test_unknown_paper_and_missing_options_say_what_to_do(tmp_path: Path) -> None:
    env = {**os.environ, "UNIONKB_HOME": str(tmp_path)}
    unknown = subprocess.run([sys.executable, "-m", "indexer.cli", "crawl", "nosuchpaper"],
                             capture_output=True, text=True, env=env)
    assert unknown.returncode == 2 and "grrb" in unknown.stderr
    missing = subprocess.run([sys.executable, "-m", "indexer.cli", "crawl", "founder",
                              "--home", "http://127.0.0.1:9/"], capture_output=True, text=True,
                             env=env)
    assert missing.returncode == 2 and "--issue-url" in missing.stderr
    reversed_range = subprocess.run([sys.executable, "-m", "indexer.cli", "crawl", "grrb",
                                     "--from", "2025-03-19", "--to", "2025-03-01"],
                                    capture_output=True, text=True, env=env)
    assert reversed_range.returncode == 2 and "after" in reversed_range.stderr


def test_crawled_articles_are_searchable_when_the_crawl_ends(
    server: MockServer, tmp_path: Path
) -> None:
    from indexer.config import Settings
    from indexer.search import open_backend
    from indexer.search.query import SearchQuery

    site = "founder-gbk"
    report, _ = run_crawl(server, site, tmp_path, "--from", "2025-03-18", "--to", "2025-03-19",
                          "--quiet")
    assert report["indexed"] == 7 and report["index_errors"] == 0
    changchun = next(a for a in expected(site)["articles"] if "总经理联络员" in a["title"])
    result = open_backend(Settings(home=tmp_path)).search(SearchQuery(text="总经理联络员"))
    assert article_id_for_url(server.url(f"{site}/{changchun['path']}")) in [
        hit.id for hit in result.hits]
    # That report's kicker came from a page labelled gb2312 but written in GBK.
    assert open_backend(Settings(home=tmp_path)).count(SearchQuery(text="周登清")) == 1


def test_reparse_rebuilds_the_same_articles_from_the_raw_pages(crawled: SiteCrawl) -> None:
    env = {**os.environ, "UNIONKB_HOME": str(crawled.home)}
    result = subprocess.run([sys.executable, "-m", "indexer.cli", "reparse", "--no-index",
                             "--quiet"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    # The truncated page was kept too, and is still unparseable.
    assert (report["pages"], report["unchanged"], report["quarantined"]) == (8, 7, 1)
