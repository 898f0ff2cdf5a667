"""Golden checks of extraction on the bundled sample page (one real page of union reports)."""

from __future__ import annotations

import pytest

from crawler.splitter import split_page_text
from indexer.nlp.pipeline import extract
from tests.paths import REPO

SAMPLE = REPO / "crawler" / "data" / "sample_page.txt"


def article_text(part) -> str:
    head = [p for p in (part.kicker, part.title, part.subtitle) if p]
    return "\n".join([*head, part.body])


@pytest.fixture(scope="module")
def results() -> list[tuple[str, dict]]:
    parts = split_page_text(SAMPLE.read_text(encoding="utf-8"))
    assert len(parts) == 7
    texts = [article_text(p) for p in parts]
    return [(t, extract(t)) for t in texts]


def figure(result: dict, text: str) -> dict:
    return next(f for f in result["figures"] if f["text"] == text)


def test_article_1_is_about_minle_county(results):
    _, r = results[0]
    primary = r["primary_region"]
    assert primary["adcode"] == "620722"
    chain = (primary["province"], primary["city"], primary["county"])
    assert chain == ("甘肃省", "张掖市", "民乐县")
    assert primary["lat"] and primary["lon"]


def test_wenchang_community_is_a_locality_not_wenchang_city(results):
    _, r = results[0]
    assert "469005" not in {x["adcode"] for x in r["regions"]}
    community = next(x for x in r["localities"] if x["name"] == "文昌社区")
    assert community["kind"] == "community" and community["county"] == "620722"


def test_article_1_figures(results):
    _, r = results[0]
    stations = figure(r, "19个")
    assert (stations["value"], stations["unit"], stations["metric"]) == (19, "个", "工会驿站")
    drop = figure(r, "60%")
    assert (drop["value"], drop["change"]) == (0.6, "下降")
    assert "劳动争议案件数量" in drop["metric"]
    satisfied = figure(r, "90%以上")
    assert (satisfied["value"], satisfied["qualifier"]) == (0.9, "以上")
    assert satisfied["sentence"].endswith("劳动者满意度达到90%以上。")


def test_minle_county_short_union_name(results):
    text, r = results[0]
    union = next(o for o in r["orgs"] if o["name"] == "民乐县总工会")
    assert union["kind"] == "union" and union["region"] == "620722"
    assert any(text[s:e] == "民乐县总" for s, e in union["mentions"])


def test_programmes_of_the_page(results):
    names = {p["name"] for _, r in results for p in r["programmes"]}
    assert {"三级对话", "劳动者说", "暖新保", "高原氧吧", "爱心互献"} <= names
    assert "娘家人" not in names
    assert "空心村" not in names and "两会" not in names


def test_qinghai_article(results):
    _, r = results[1]
    assert r["primary_region"]["adcode"] == "630000"
    assert [o["name"] for o in r["orgs"] if o["kind"] == "union"] == ["青海省总工会"]
    assert figure(r, "2万名")["value"] == 20000


def test_inner_mongolia_article(results):
    _, r = results[6]
    assert r["primary_region"]["name"] == "内蒙古自治区"
    person = next(p for p in r["people"] if p["name"] == "张慧宇")
    assert (person["role"], person["title"]) == ("official", "党组书记、副主席")
    assert figure(r, "3.23亿元")["value"] == 323_000_000
    assert figure(r, "1.423万项")["value"] == 14230
    assert not any(f["text"].startswith(("1949", "1955")) for f in r["figures"])


def test_every_offset_points_at_its_text(results):
    for text, r in results:
        for f in r["figures"]:
            assert text[f["start"]:f["end"]] == f["text"]
        for person in r["people"]:
            assert all(text[s:e] == person["name"] for s, e in person["mentions"])
        for prog in r["programmes"]:
            assert all(text[s:e] == prog["name"] for s, e in prog["mentions"])
        for region in r["regions"]:
            for s, e in region["mentions"]:
                assert _names_region(text[s:e], region["name"]), (text[s:e], region["name"])


def _names_region(surface: str, name: str) -> bool:
    """The full name, a part of it, or a short form with the unit word (陵水县, 大理州)."""
    short_with_unit = name.startswith(surface[:-1]) and name.endswith(surface[-1])
    return surface in name or short_with_unit


def test_result_is_json_ready(results):
    import json

    for _, r in results:
        assert json.loads(json.dumps(r, ensure_ascii=False)) == r


def test_empty_and_odd_texts():
    empty = extract("")
    assert empty["primary_region"] is None and empty["figures"] == [] and empty["themes"] == []
    odd = extract("hello 2024-01-01 “unclosed 《》 (记者) 50 percent")
    assert odd["people"] == [] and odd["regions"] == []
