"""The web pages fetched over real HTTP: the same data as the API, rendered."""

from __future__ import annotations

import re
from html import unescape

import httpx

FACET_LINK = re.compile(
    r'data-facet="(?P<facet>\w+)" data-value="(?P<value>[^"]+)">.*?'
    r'<span class="count">(?P<count>\d+)</span>', re.S)


def facet_counts(page: str) -> dict[tuple[str, str], int]:
    return {(m["facet"], unescape(m["value"])): int(m["count"]) for m in FACET_LINK.finditer(page)}


def test_the_search_page_shows_the_facet_counts_the_api_gives(api: httpx.Client) -> None:
    params = {"q": "工会驿站", "province": "青海省"}
    page = api.get("/", params=params)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    data = api.get("/api/search", params=params).json()
    shown = facet_counts(page.text)
    expected = {(facet, v["value"]): v["count"]
                for facet, values in data["facets"].items() for v in values}
    assert shown == expected and shown[("province", "青海省")] == 1
    assert f'<strong id="total">{data["total"]}</strong>' in page.text
    assert "<mark>工会驿站</mark>" in page.text


def test_facet_links_add_and_remove_a_filter(api: httpx.Client) -> None:
    page = api.get("/", params={"q": "工会驿站", "province": "青海省"}).text
    links = dict(re.findall(r'href="([^"]+)" data-facet="province" data-value="([^"]+)"', page))
    by_value = {value: unescape(href) for href, value in links.items()}
    # The ticked province's link removes it; another province's link adds it.
    qinghai = httpx.URL(by_value["青海省"]).params
    gansu = httpx.URL(by_value["甘肃省"]).params
    assert qinghai.get_list("province") == [] and qinghai["q"] == "工会驿站"
    assert gansu.get_list("province") == ["青海省", "甘肃省"]


def test_the_article_page_highlights_entities_from_their_offsets(api: httpx.Client) -> None:
    hit = api.get("/api/search", params={"q": "暖新保"}).json()["hits"][0]
    page = api.get(f"/articles/{hit['id']}").text
    assert "<h1>" in page and "邢生祥" in page
    assert re.search(r'<mark class="ent ent-programme"[^>]*>暖新保</mark>', page)
    assert re.search(r'<mark class="ent ent-region"[^>]*>青海', page)
    for panel in ("regions", "orgs", "programmes", "figures", "people", "themes"):
        assert f'id="panel-{panel}"' in page


def test_bad_parameters_get_an_error_page(api: httpx.Client) -> None:
    page = api.get("/", params={"size": "500"})
    assert page.status_code == 422 and "size" in page.text and "<html" in page.text
    missing = api.get("/articles/no-such-id")
    assert missing.status_code == 404 and "no-such-id" in missing.text


def test_text_is_escaped(api: httpx.Client) -> None:
    page = api.get("/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_openapi_page_needs_no_cdn(api: httpx.Client) -> None:
    page = api.get("/docs").text
    assets = re.findall(r"(?:src|href)=[\"']([^\"']+)", page)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in assets
    assert all(a.startswith("/static/") for a in assets)
    assert "http://" not in page and "https://" not in page
    for asset in assets:
        assert api.get(asset).status_code == 200
    assert api.get("/redoc").status_code == 404  # ReDoc would load from a CDN


def test_every_asset_is_served_by_us(api: httpx.Client) -> None:
    page = api.get("/").text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:css|js|png|svg|woff2?))"', page)
    assert assets and all(a.startswith("/static/") for a in assets)
    for asset in assets:
        assert api.get(asset).status_code == 200
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_an_empty_archive_says_how_to_fill_it(api: httpx.Client, tmp_path) -> None:
    from indexer.config import Settings
    from tests.conftest import LiveServer

    with LiveServer(Settings(home=tmp_path)) as server:
        empty = httpx.get(server.url + "/", timeout=30).text
    assert 'id="archive-empty"' in empty and "unionkb ingest-text" in empty
    no_match = api.get("/", params={"q": "没有这个词语"}).text
    assert 'id="archive-empty"' not in no_match and "没有找到符合条件的文章" in no_match
