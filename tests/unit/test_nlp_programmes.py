"""Programmes in quotation marks, on sentences written for these tests."""

from __future__ import annotations

from indexer.nlp.programmes import extract_programmes


def names(text: str) -> list[str]:
    return [p["name"] for p in extract_programmes(text)]


def test_initiatives_are_programmes_with_a_kind():
    [p] = extract_programmes("县总工会开展“金秋助学”活动。")
    assert (p["name"], p["kind"]) == ("金秋助学", "campaign")
    assert names("实施“暖新保”项目,为骑手赠送保险。") == ["暖新保"]
    assert names("用好“工会服务职工就业帮扶”网上平台。") == ["工会服务职工就业帮扶"]


def test_variants_are_merged():
    text = "实施“暖新保”项目。“暖新保”惠及两万人。"
    [p] = extract_programmes(text)
    assert p["name"] == "暖新保" and len(p["mentions"]) == 2
    assert [text[s:e] for s, e in p["mentions"]] == ["暖新保", "暖新保"]


def test_ordinary_words_speech_and_titles_are_not():
    assert names("当好职工信赖的“娘家人”,打通服务的“最后一公里”。") == []
    assert names("他说:“我们的工作得到了认可。”") == []
    assert names("授予“工人先锋号”荣誉称号。") == []
    assert names("开展以“比安全、比质量”为主要内容的竞赛。") == []
    assert names("落实“十四五”规划,推动“3+1”发展。") == []


def test_single_units_are_not_programmes():
    assert extract_programmes("为“王建国劳模创新工作室”授牌。", ["王建国"]) == []
    assert names("“飞燕女子班组”揭牌。") == []


def test_slogans():
    [p] = extract_programmes("举行“工会连万家,服务暖人心”助学金发放仪式。")
    assert p["kind"] == "slogan"


def test_quote_runs_share_the_head_noun():
    text = "启动“春暖行动 我们同行”暨“奋斗新时代 建功新征程”劳动竞赛。"
    assert names(text) == ["春暖行动 我们同行", "奋斗新时代 建功新征程"]
    assert names("举行“匠心筑梦 技能报国”职工技能大赛启动仪式。") == ["匠心筑梦 技能报国"]


def test_titles_platforms_and_goals_are_not_programmes():
    text = "推进会上,“燕赵工匠”、某某建设有限公司职工王建军宣读倡议书。"
    assert extract_programmes(text, ["王建军"]) == []
    assert names("来自“美团外卖”“饿了么”等平台的骑手。") == []
    assert names("推广“3456”工作法。") == ["3456"]
