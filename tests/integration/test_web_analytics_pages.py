"""The analysis pages over real HTTP: the same objects as their /api twins, rendered."""

from __future__ import annotations

import re

import httpx


def page(api: httpx.Client, path: str, **params) -> str:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text[:500]
    return response.text


def test_the_catalogue_page_lists_the_api_programmes(corpus_api: httpx.Client) -> None:
    data = corpus_api.get("/api/programmes", params={"name": "保"}).json()
    html = page(corpus_api, "/programmes", name="保")
    shown = re.findall(r'<tr class="programme" data-name="([^"]+)"', html)
    assert shown == [p["name"] for p in data["programmes"]]
    assert f'<strong id="programme-total">{data["total"]}</strong>' in html


def test_programme_kinds_are_shown_in_chinese(corpus_api: httpx.Client) -> None:
    data = corpus_api.get("/api/programmes").json()
    labels = {"programme": "项目", "brand": "品牌", "campaign": "活动", "platform": "平台",
              "slogan": "口号", "facility": "设施"}
    html = page(corpus_api, "/programmes")
    for kind in data["kinds"]:
        assert f'<option value="{kind["value"]}">{labels[kind["value"]]} ({kind["count"]})' in html


def test_a_programme_page_has_its_chart_map_mentions_and_similar(corpus_api) -> None:
    html = page(corpus_api, "/programmes/暖新保")
    assert '<svg class="timeline-chart"' in html and '<rect class="bar' in html
    assert '<svg class="china-map"' in html and 'data-name="青海省"' in html
    assert re.search(r'class="similar" data-name="(骑手保|安心保)"', html)
    assert "/articles/qh-2024-nuanxinbao" in html


def test_the_compare_page_puts_provinces_in_columns(corpus_api: httpx.Client) -> None:
    html = page(corpus_api, "/compare", province=["浙江省", "青海省"], q="保险")
    assert re.findall(r'<th class="province" data-province="([^"]+)"', html) == ["浙江省", "青海省"]
    shaded = re.findall(r'<path class="map-region shade-[1-5]" d="[^"]+" data-adcode="(\d+)"', html)
    assert sorted(shaded) == ["330000", "630000"]
    assert "骑手保" in html and "暖新保" in html


def test_the_compare_page_without_provinces_offers_a_choice(corpus_api) -> None:
    html = page(corpus_api, "/compare")
    assert 'name="province" value="浙江省"' in html and 'id="compare-table"' not in html
    bad = corpus_api.get("/compare", params={"province": ["青海", "浙江省"]})
    assert bad.status_code == 422 and "青海省" in bad.text


def test_the_ledger_page_flags_conflicts(corpus_api: httpx.Client) -> None:
    html = page(corpus_api, "/figures", metric="职工书屋")
    conflicting = re.findall(r'<tr class="figure-row conflict" id="fig-([^"]+)"', html)
    assert {c.split(":")[0] for c in conflicting} == {"nm-2024-shuwu", "nm-2024-shuwu-ldwb"}
    assert "7000多家职工书屋" in html


def test_the_check_page_shows_agreeing_and_disagreeing_rows(corpus_api) -> None:
    html = page(corpus_api, "/figures/check", text="7100多家职工书屋")
    assert '<strong id="match-total">3</strong>' in html
    assert html.count('<span class="badge ok">一致</span>') == 2
    assert html.count('<span class="badge">不一致</span>') == 1


def test_the_search_page_links_every_analysis(corpus_api: httpx.Client) -> None:
    html = page(corpus_api, "/", province=["浙江省", "青海省"])
    for target in ('href="/programmes"', 'href="/compare"', 'href="/figures"'):
        assert target in html
    assert 'id="compare-link"' in html and '<svg class="timeline-chart"' in html
    assert re.search(r'href="/api/export\?[^"]*format=csv"', html)
