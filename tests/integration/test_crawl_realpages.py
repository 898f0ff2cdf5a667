"""`unionkb crawl` replayed on real e-paper pages served on 127.0.0.1 at their own paths.

The pages of ``../shared/realpages`` are served from memory where their sites served
them (``local_path``), read from the shared folder and never copied. Pages the folder
does not hold are 404, as a site's missing page would be.

- 湖北日报: the 15 real article pages, listed by two page lists the test writes (the
  folder keeps no page list of that issue), one article listed on both pages (转版);
  crawled with its template and with ``generic`` (which reads the body from the
  Founder ``<!--enpcontent-->`` markers: page metadata).
- 科技日报 and 人民日报: the real page lists, whose articles are not kept: the crawl
  must ask for exactly the issue's articles, once each, and then say plainly that most
  article pages failed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any

import pytest

from indexer.archive import Archive
from tests.mockserver import MockServer
from tests.paths import FIXTURES, REPO

PAGES = REPO.parent / "shared" / "realpages"
pytestmark = pytest.mark.skipif(not (PAGES / "index.json").is_file(),
                                reason=f"no real pages at {PAGES} (../shared/realpages)")
HBRB_LAYOUT = "/pad/layout/202302/11/"
CONTINUED = "content_211249.html"  # listed on page 01 and on page 02


def entries() -> list[dict[str, Any]]:
    return json.loads((PAGES / "index.json").read_text("utf-8"))


def served_body(entry: dict[str, Any]) -> bytes:
    body = (PAGES / entry["file"]).read_bytes()
    # A saved fragment is served as the page it was cut from.
    return b"<html><body>" + body + b"</body></html>" if entry.get("fragment") else body


def layout_page(number: str, articles: list[dict[str, Any]]) -> bytes:
    """A Founder pc page list, as the test writes it, linking real article pages."""
    pages = "".join(f'<li><a href="node_{n}.html">{n}版：要闻</a></li>' for n in ("01", "02"))
    links = "".join(
        f'<li><a href="../../../content/202302/11/{e["local_path"].rsplit("/", 1)[1]}">'
        f'{escape(e["expected"]["title"])}</a></li>' for e in articles)
    return (f'<html><head><meta charset="utf-8"><title>{number}版</title></head><body>'
            f'<ul id="layoutlist">{pages}</ul><ul class="news-list">{links}</ul>'
            "</body></html>").encode()


def hbrb_articles() -> list[dict[str, Any]]:
    return [e for e in entries() if e["file"].startswith("hbrb_")]


def served_pages() -> dict[str, bytes]:
    pages = {e["local_path"]: served_body(e) for e in entries()}
    articles = hbrb_articles()
    for number in ("01", "02"):
        listed = [e for e in articles if e["expected"]["page"] == number
                  or (number == "02" and e["local_path"].endswith(CONTINUED))]
        pages[f"{HBRB_LAYOUT}node_{number}.html"] = layout_page(number, listed)
    return pages


@pytest.fixture(scope="module")
def server() -> MockServer:
    with MockServer(FIXTURES / "sites", pages=served_pages()) as running:
        yield running


def crawl(server: MockServer, home: Path, template: str, home_path: str, issue_url: str,
          day: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "indexer.cli", "crawl", template,
            "--home", server.url(home_path), "--issue-url", issue_url, "--source", "real",
            "--from", day, "--to", day, "--delay", "0", "--set", "UNIONKB_RETRY_BACKOFF=0",
            "--set", "RETRY_ENABLED=False", "--no-index", "--quiet"]
    env = {**os.environ, "UNIONKB_HOME": str(home)}
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=180)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def readings(home: Path) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Article URL tail → (title layer, body layer, detail)."""
    db = sqlite3.connect(home / "archive.sqlite3")
    rows = db.execute("SELECT a.url, r.title_layer, r.body_layer, r.detail FROM readings r"
                      " JOIN articles a ON a.id = r.id").fetchall()
    db.close()
    return {url.rsplit("/", 1)[1]: (t, b, json.loads(d)) for url, t, b, d in rows}


@pytest.mark.parametrize("template, body_layer", [("founder-pc", "template"),
                                                  ("generic", "metadata")])
def test_the_real_articles_are_stored_read_right_with_their_layers(
        server: MockServer, tmp_path: Path, template: str, body_layer: str) -> None:
    result = crawl(server, tmp_path, template, "/pad/", "layout/{yyyy}{mm}/{dd}/node_01.html",
                   "2023-02-11")
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    with Archive(tmp_path / "archive.sqlite3") as archive:
        stored = {a.url.rsplit("/", 1)[1]: a for a in archive.iter_articles()}
        stats = archive.stats()
    wanted = {e["local_path"].rsplit("/", 1)[1]: e["expected"] for e in hbrb_articles()}
    assert set(stored) == set(wanted)
    for name, article in stored.items():
        assert article.title == wanted[name]["title"]
        assert article.page == wanted[name]["page"]
        assert article.date == "2023-02-11"
    read = readings(tmp_path)
    assert {layers[:2] for layers in read.values()} == {("metadata", body_layer)}
    assert stats["read_with"]["body"] == {body_layer: 15}
    # 转版: the article on two pages is stored once, with both pages noted.
    assert read[CONTINUED][2]["pages"] == ["01", "02"]
    health = report["health"]
    assert health["pages_with_articles"] == 2 and health["failed"] == 0
    assert health["fell_to_generic"] == 0
    raw = [json.loads(p.read_text("utf-8")) for p in (tmp_path / "raw").rglob("*.json")]
    assert len(raw) == 15 and all(meta["layers"]["body"] == body_layer for meta in raw)
    shown = subprocess.run([sys.executable, "-m", "indexer.cli", "stats"], capture_output=True,
                           text=True, env={**os.environ, "UNIONKB_HOME": str(tmp_path)},
                           timeout=120)
    assert json.loads(shown.stdout)["read_with"] == {"title": {"metadata": 15},
                                                      "body": {body_layer: 15}}


@pytest.mark.parametrize("entry_file, template, home_path, issue_url, day, article_part", [
    ("kjrb_2023-02-10_node_2.html", "founder", "/http_www.kjrb.com/kjrb/",
     "html/{yyyy}-{mm}/{dd}/node_2.htm", "2023-02-10", "content_"),
    ("rmrb_2017-10-16_nbs.D110000renmrb_01.html", "people", "/rmrb/",
     "html/{yyyy}-{mm}/{dd}/nbs.D110000renmrb_01.htm", "2017-10-16", "nw.D110000"),
])
def test_a_real_page_list_asks_for_exactly_its_articles_and_the_failure_is_one_line(
        server: MockServer, tmp_path: Path, entry_file: str, template: str, home_path: str,
        issue_url: str, day: str, article_part: str) -> None:
    entry = next(e for e in entries() if e["file"] == entry_file)
    server.clear()
    result = crawl(server, tmp_path, template, home_path, issue_url, day)
    asked = server.requested(article_part)
    folder = entry["local_path"].rsplit("/", 1)[0]
    wanted = {f"{folder}/{href.split('?')[0]}" for href in entry["expected"]["article_links"]}
    assert sorted(asked) == sorted(wanted)  # each once, no query, no footer archive
    # None of the articles is kept, so every article page fails: one plain line, status 1.
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("unionkb crawl:")]
    assert lines == ["unionkb crawl: real: 5 of 5 article pages (100 %) could not be fetched "
                     "or read; `unionkb quarantine --kind crawl` says why"]
    assert json.loads(result.stdout)["health"]["failed"] == 5
