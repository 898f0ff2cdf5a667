"""Empty answers say what was searched and what to try; errors are said in Chinese."""

from __future__ import annotations

import html
import re

import httpx

from indexer.config import Settings
from tests.conftest import LiveServer


def test_a_word_no_article_names_as_a_programme_links_full_text(corpus_api) -> None:
    found = corpus_api.get("/api/search", params={"q": "驿站", "size": 0}).json()["total"]
    page = corpus_api.get("/programmes/驿站")
    assert page.status_code == 404 and found > 0
    text = page.text
    assert "没有文章把“驿站”识别为项目品牌" in text
    assert f'<p id="fulltext-count">全文检索中含有“驿站”的文章:<strong>{found}</strong> 篇' in text
    link = html.unescape(re.search(r'id="fulltext-link" href="([^"]+)"', text)[1])
    assert corpus_api.get(link).status_code == 200 and link.startswith("/?q=")
    # Programmes whose names share the word are offered.
    near = re.findall(r'<a class="tag" href="/programmes/[^"]+">([^ <]+) <small>', text)
    assert {"工会驿站", "驿站积分"} <= set(near)


def test_refused_parameters_are_explained_in_chinese(corpus_api: httpx.Client) -> None:
    for path, params, said in [
        ("/figures", {"page": "abc"}, "“abc”不是整数"),
        ("/programmes", {"size": "500"}, "应在 0 到 100 之间,收到的是 500"),
        ("/", {"date_from": "2025-02-30"}, "没有这一天:2025-02-30"),
        ("/compare", {"province": ["青海", "浙江省"]}, "是不是“青海省”"),
        ("/compare", {"query": ["a:x", "a:y"]}, "检索名称“a”用了两次"),
    ]:
        page = corpus_api.get(path, params=params)
        assert page.status_code == 422 and said in page.text, (path, page.text[-800:])
        assert 'lang="en"' not in page.text, path  # every wording is known
    # The JSON API keeps its English.
    api = corpus_api.get("/api/figures", params={"page": "abc"}).json()
    assert api["errors"][0]["message"] == "not a whole number: 'abc'"


def test_a_missing_article_says_so_in_chinese(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/articles/no-such-id")
    assert page.status_code == 404 and "档案库里没有编号为“no-such-id”的文章" in page.text
    assert "no article with id" not in page.text


def test_compare_on_an_empty_archive_says_how_to_fill_it(tmp_path) -> None:
    with LiveServer(Settings(home=tmp_path)) as server:
        page = httpx.get(server.url + "/compare", timeout=60)
    assert page.status_code == 200 and 'id="archive-empty"' in page.text
    assert "unionkb ingest-text" in page.text


def test_compare_with_one_province_asks_for_another(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/compare", params={"province": "青海省"})
    assert page.status_code == 200 and "已选择 青海省,再选一个或更多省份即可比较" in page.text


def test_named_queries_side_by_side_on_the_page(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/compare", params={"query": ["驿站:工会驿站", "保险:保险"],
                                              "date_from": "2024"})
    assert page.status_code == 200
    assert re.findall(r'<th class="query" data-column="([^"]+)"', page.text) == ["驿站", "保险"]
    assert 'value="驿站:工会驿站"' in page.text and 'value="2024"' in page.text
    link = html.unescape(re.search(r'class="download-csv" href="([^"]+)"', page.text)[1])
    assert "query=" in link and "date_from=2024" in link


def test_key_figures_say_what_they_count_and_link_the_sentence(corpus_api) -> None:
    page = corpus_api.get("/compare", params={"province": ["内蒙古自治区", "甘肃省"]}).text
    figures = re.findall(r'<li class="key-figure" data-metric="([^"]+)" data-reports="(\d+)">',
                         page)
    assert ("职工书屋", "1") in figures
    link = html.unescape(re.search(r'class="sentence-link" href="([^"]+)"', page)[1])
    path, anchor = link.split("#")
    article = corpus_api.get(path)
    assert article.status_code == 200 and f'id="{anchor}"' in article.text


def test_an_unknown_page_is_a_chinese_page_and_the_api_keeps_json(corpus_api) -> None:
    page = corpus_api.get("/no-such-page")
    assert page.status_code == 404 and "没有这个页面" in page.text
    assert page.headers["content-type"].startswith("text/html")
    api = corpus_api.get("/api/no-such-route")
    assert api.status_code == 404 and api.json()["detail"] == "Not Found"


def test_a_search_without_hits_says_what_it_searched(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/", params={"q": "驿站", "province": "海南省"}).text
    assert 'id="no-hits"' in page and "关键词“驿站”" in page and "海南省" in page
    assert 'href="/?q=%E9%A9%BF%E7%AB%99">只保留关键词</a>' in page


def test_an_empty_catalogue_and_ledger_say_what_to_try(corpus_api: httpx.Client) -> None:
    catalogue = corpus_api.get("/programmes", params={"name": "不存在的项目"}).text
    assert 'id="catalogue-empty"' in catalogue and "名称包含“不存在的项目”" in catalogue
    assert "/?q=%E4%B8%8D%E5%AD%98%E5%9C%A8" in catalogue
    ledger = corpus_api.get("/figures", params={"metric": "不存在的指标"}).text
    assert 'id="ledger-empty"' in ledger and "指标包含“不存在的指标”" in ledger
    assert 'id="ledger-empty"' not in corpus_api.get("/figures").text
