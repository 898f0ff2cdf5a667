"""The spiders' readers on real e-paper pages that nobody on this project wrote.

Every page of ``../shared/realpages`` is read where it lies (the pages belong to their
publishers and are never copied here) and compared with what a careful reader found
in it (``index.json``: ``expected``), by the same scorer as
``bench/score_realpages.py``: page lists must give exactly the issue's articles and
pages, articles their title, body start and end, 引题, 副题, byline and page.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.score_realpages import (
    identity,
    response_for,
    score_article,
    score_page_list,
    spider_for,
)
from crawler.items import ArticleContext
from crawler.spiders.fields import article_item
from tests.paths import REPO

PAGES = REPO.parent / "shared" / "realpages"
pytestmark = pytest.mark.skipif(not (PAGES / "index.json").is_file(),
                                reason=f"no real pages at {PAGES} (../shared/realpages)")


def entries() -> list[dict[str, Any]]:
    if not (PAGES / "index.json").is_file():
        return []
    return json.loads((PAGES / "index.json").read_text("utf-8"))


def by_file(name: str) -> dict[str, Any]:
    return next(e for e in entries() if e["file"] == name)


def score(entry: dict[str, Any], template: str | None = None) -> Any:
    entry = {**entry, "template": template or entry["template"]}
    spider, response = spider_for(entry), response_for(entry, PAGES)
    if entry["kind"] == "page":
        return score_page_list(entry, response, spider)
    return score_article(entry, response, spider)


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e["file"])
def test_the_template_reader_reads_the_page_right(entry: dict[str, Any]) -> None:
    result = score(entry)
    assert result.right, result.problems


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e["file"])
def test_the_generic_reader_reads_the_page_right_without_any_selector(
        entry: dict[str, Any]) -> None:
    # Alone on an article page, nothing tells the generic reader its page number: in a
    # crawl it comes from the page list that linked the article.
    expected = {k: v for k, v in entry["expected"].items() if k != "page"}
    result = score({**entry, "expected": expected}, "generic")
    assert result.right, result.problems
    if entry["kind"] == "article":
        # The Founder system marks the text with <!--enpcontent-->: page metadata.
        assert result.layers["body"] == "metadata"


ARTICLES = [e for e in entries() if e["kind"] == "article"]


@pytest.mark.parametrize("extractor", ["trafilatura", "readability"])
@pytest.mark.parametrize("entry", ARTICLES, ids=lambda e: e["file"])
def test_the_main_text_extractor_alone_reads_the_body_right(entry: dict[str, Any],
                                                             extractor: str) -> None:
    spider = spider_for(entry, body_from="generic", extractor=extractor)
    result = score_article(entry, response_for(entry, PAGES), spider)
    assert result.right, result.problems
    assert result.layers["body"] == "generic"


def test_founder_links_with_query_strings_are_one_article_each_and_the_footer_is_dropped(
) -> None:
    entry = by_file("kjrb_2023-02-10_node_2.html")
    spider, response = spider_for(entry), response_for(entry, PAGES)
    found = spider.find_articles(response)
    # Seven image-map areas and five title links name five articles.
    assert len(found) == len(set(found)) == 5
    assert all("?" not in url and "www.stdaily.com" not in url for url in found)
    assert [identity(u) for u in found] == found


def test_node_n_is_not_taken_for_page_n() -> None:
    entry = by_file("kjrb_2023-02-10_node_2.html")
    spider, response = spider_for(entry), response_for(entry, PAGES)
    numbers = {p.url.rsplit("/", 1)[-1]: p.number for p in spider.find_pages(response)}
    assert numbers["node_2.htm"] == "01" and numbers["node_9.htm"] == "08"


def test_an_article_records_the_layer_of_each_field() -> None:
    entry = by_file("hbrb_2023-02-11_content_211245.fragment.html")
    spider, response = spider_for(entry), response_for(entry, PAGES)
    context = ArticleContext(url=response.url, source="realpage", date=entry["date"])
    item = article_item(spider.read_article(response, context), context, response, {})
    # 湖北日报 has no #Title: the title comes from the enpproperty comment, the body from
    # the Founder <founder-content> the template reads.
    assert item.layers["title"] == "metadata" and item.layers["body"] == "template"
    assert item.reporters == ["王理略"] and item.correspondents == ["鄂文旅"]
    assert "2023年02月11日" not in item.byline


def test_a_photo_caption_above_the_lead_is_a_caption() -> None:
    entry = by_file("hbrb_2023-02-11_content_211248.fragment.html")
    spider, response = spider_for(entry, body_from="generic"), response_for(entry, PAGES)
    context = ArticleContext(url=response.url, source="realpage", date=entry["date"])
    item = article_item(spider.read_article(response, context), context, response, {})
    assert item.captions and item.captions[0].endswith("摄）")
    assert item.reporters == ["左晨"] and item.body.startswith("新年伊始")
