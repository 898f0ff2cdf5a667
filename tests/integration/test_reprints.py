"""Reprints as one story, through the real pipeline, archive, tantivy index and HTTP API.

The sample page's reports are printed again by other newspapers with an editor's
changes (a 本报讯 lead, a cut sentence, a closing line, another headline), and once
word for word (a content-hash duplicate): the pipeline groups each report's
printings into one story, search shows one hit per story with the others as "also
printed in", and counts follow ``count=stories|printings``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from indexer.archive import Archive
from indexer.config import Settings
from indexer.ingest import process_pending, reindex, store_articles
from indexer.models import Article
from indexer.search import open_backend
from indexer.search.query import SearchQuery
from indexer.stories import assign_stories, pending_story_ids, story_ref, story_stats
from tests.conftest import LiveServer, sample_articles


def edited(article: Article, source: str, date: str, suffix: str) -> Article:
    """Another paper's printing: a new headline, a 本报讯 lead, a sentence cut, a closing."""
    sentences = article.body.split("。")
    body = "本报讯(通讯员 王磊)" + "。".join(sentences[:1] + sentences[2:]) + \
        "当地工会表示将持续做好服务。"
    return replace(article, id=f"{article.id}-{suffix}", source=source, source_name="",
                   date=date, title=article.title + "(转载)", body=body, content_hash="",
                   url=f"http://example.org/{suffix}/{article.id}.htm")


@pytest.fixture(scope="module")
def reprinted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, dict]]:
    """The sample page, and its two longest reports reprinted: one by 甘肃工人报 the next
    day, one by 中工网 a day *before* (so the lead moves), one word for word by 劳动午报."""
    settings = Settings(home=tmp_path_factory.mktemp("reprints"))
    originals = sorted(sample_articles(), key=lambda a: -len(a.body))
    first, second = originals[0], originals[1]
    copies = {"later": edited(first, "gsgrb", "2025-03-20", "gsgrb"),
              "earlier": edited(second, "zgw", "2025-02-28", "zgw"),
              "exact": replace(first, id=f"{first.id}-ldwb", source="ldwb", source_name="",
                               url="http://example.org/ldwb.htm")}
    archive, backend = Archive(settings.archive_path), open_backend(settings)
    store_articles(sample_articles(), archive, "sample")
    assert not process_pending(archive, backend).errors
    store_articles(list(copies.values()), archive, "reprints")
    assert not process_pending(archive, backend).errors
    backend.close()
    archive.close()
    yield settings, {"first": first, "second": second, **copies}


def test_each_printing_joins_its_reports_story(reprinted) -> None:
    settings, a = reprinted
    with Archive(settings.archive_path) as archive:
        assert story_ref(archive, a["later"].id).story_id == a["first"].id
        assert story_ref(archive, a["earlier"].id).story_id == a["second"].id
        assert not story_ref(archive, a["later"].id).lead  # a day later than the first
        assert story_ref(archive, a["earlier"].id).lead  # a day earlier: it leads now
        assert not story_ref(archive, a["second"].id).lead
        others = {story_ref(archive, x.id).story_id for x in sample_articles()}
        assert len(others) == len(sample_articles())  # distinct reports stay apart
        assert pending_story_ids(archive) == []
        assert assign_stories(archive) == 0  # a finished run has nothing to do
        # 9 canonical printings (the exact copy is a duplicate) in 7 stories
        assert story_stats(archive) == {"stories": 7, "printings": 9, "pending": 0}


def test_counts_follow_stories_or_printings(reprinted) -> None:
    settings, _ = reprinted
    backend = open_backend(settings)
    try:
        stories = backend.search(SearchQuery(count="stories"))
        printings = backend.search(SearchQuery(count="printings"))
        assert (stories.total, printings.total) == (7, 9)  # the exact copy is not indexed
        source = {v.value: v.count for v in printings.facets["source"]}
        assert source["甘肃工人报"] == 1 and source["中工网"] == 1
        story_sources = {v.value: v.count for v in stories.facets["source"]}
        assert "甘肃工人报" not in story_sources and story_sources["中工网"] == 1
        years = backend.histogram(SearchQuery(count="stories"), "month")
        assert sum(b.count for b in years) == 7
    finally:
        backend.close()


@pytest.fixture(scope="module")
def reprint_api(reprinted) -> Iterator[httpx.Client]:
    settings, _ = reprinted
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def test_search_shows_one_hit_per_story_with_its_other_printings(reprint_api, reprinted
                                                                 ) -> None:
    _, a = reprinted
    result = reprint_api.get("/api/search", params={"size": 100}).json()
    assert result["total"] == len(result["hits"]) == 7
    hits = {h["id"]: h for h in result["hits"]}
    assert a["later"].id not in hits and a["second"].id not in hits
    also = {p["id"]: p for p in hits[a["first"].id]["also_printed_in"]}
    assert set(also) == {a["later"].id, a["exact"].id}  # the near and the exact copy
    assert also[a["later"].id]["source"] == "甘肃工人报"
    assert also[a["exact"].id]["source"] == "劳动午报"
    assert [p["id"] for p in hits[a["earlier"].id]["also_printed_in"]] == [a["second"].id]
    every = reprint_api.get("/api/search", params={"size": 100, "count": "printings"}).json()
    assert every["total"] == 9
    bad = reprint_api.get("/api/search", params={"count": "reports"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["param"] == "count"


def test_timeline_and_facet_pages_count_either_way(reprint_api) -> None:
    def total(path: str, **params) -> int:
        body = reprint_api.get(path, params=params).json()
        return sum(item["count"] for item in body.get("buckets", body.get("values", [])))

    assert total("/api/timeline") == 7
    assert total("/api/timeline", count="printings") == 9
    assert total("/api/facets/source") == 7
    assert total("/api/facets/source", count="printings") == 9


def test_an_archive_without_stories_gets_them_on_reindex(reprinted, tmp_path) -> None:
    settings, a = reprinted
    with Archive(settings.archive_path) as archive:
        archive.db.execute("DELETE FROM article_stories")
        archive.db.commit()
        assert len(pending_story_ids(archive)) == 9
        backend = open_backend(Settings(home=tmp_path))  # a new index, the same archive
        try:
            reindex(archive, backend)
            assert pending_story_ids(archive) == []
            assert story_ref(archive, a["later"].id).story_id == a["first"].id
            assert backend.count(SearchQuery(count="stories")) == 7
        finally:
            backend.close()


def test_the_ledger_gives_a_reprinted_figure_once_with_every_source(reprint_api, reprinted
                                                                     ) -> None:
    _, a = reprinted
    first, later, exact = a["first"].id, a["later"].id, a["exact"].id
    ledger = reprint_api.get("/api/figures", params={"size": 100}).json()
    rows = ledger["rows"]
    assert rows and all(r["article"]["id"] != later for r in rows)  # the reprint's figures
    reprinted_rows = [r for r in rows if r["article"]["id"] == first
                      and later in {s["id"] for s in r["sources"]}]
    assert reprinted_rows, "no figure of the first report survived in its reprint"
    for row in reprinted_rows:
        assert [s["id"] for s in row["sources"]][0] == first
        assert {s["id"] for s in row["sources"]} == {first, later, exact}
        assert {s["source"] for s in row["sources"]} == {"工人日报", "甘肃工人报", "劳动午报"}
    every = reprint_api.get("/api/figures", params={"size": 100, "count": "printings"}).json()
    assert every["total"] == ledger["total"] + sum(
        1 for r in every["rows"] if r["article"]["id"] in {later, a["second"].id})
    alone = [r for r in rows if r["article"]["id"] not in {first, a["earlier"].id}]
    assert all([s["id"] for s in r["sources"]] == [r["article"]["id"]] for r in alone)


@pytest.mark.browser
def test_the_search_page_shows_one_hit_per_story_and_its_printings(browser, reprinted,
                                                                    screenshot) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    settings, a = reprinted
    with LiveServer(settings) as server:
        browser.get(server.url + "/?size=100")
        wait = WebDriverWait(browser, 30)
        wait.until(EC.presence_of_element_located((By.ID, "total")))
        assert int(browser.find_element(By.ID, "total").text) == 7
        hit = browser.find_element(By.CSS_SELECTOR, f'#hits .hit[data-id="{a["first"].id}"]')
        printings = hit.find_elements(By.CSS_SELECTOR, ".also-printed a.printing")
        assert {p.text.split()[0] for p in printings} == {"甘肃工人报", "劳动午报"}
        screenshot(browser, "search-also-printed-in")
        browser.find_element(By.ID, "count-toggle").click()
        wait.until(EC.url_contains("count=printings"))
        assert int(browser.find_element(By.ID, "total").text) == 9
        browser.find_element(By.CSS_SELECTOR,
                             'a.facet-value[data-facet="source"][data-value="甘肃工人报"]').click()
        wait.until(EC.url_contains("source="))
        assert "count=printings" in browser.current_url  # the toggle survives a facet click
        assert int(browser.find_element(By.ID, "total").text) == 1
