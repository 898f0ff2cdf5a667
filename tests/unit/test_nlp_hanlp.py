"""The optional HanLP adapter: its checks always, the real model only when configured."""

from __future__ import annotations

import pytest

from indexer.nlp.hanlp_adapter import augment, availability
from indexer.nlp.pipeline import extract

AVAILABLE, WHY_NOT = availability()


def test_candidates_pass_the_same_checks():
    text = "在文昌社区,外卖员张师傅和志愿者胡文斌一起清扫。甘肃民乐县总工会表示感谢。"
    base = extract(text)
    candidates = [("文昌", "LOCATION"), ("张师傅", "PERSON"), ("胡文斌", "PERSON"),
                  ("满意度", "LOCATION"), ("民乐县", "LOCATION"), ("志愿者协会", "ORGANIZATION")]
    result = augment(text, base, candidates)
    assert "469005" not in {r["adcode"] for r in result["regions"]}  # no 文昌市
    names = {p["name"] for p in result["people"]}
    assert "胡文斌" in names and "张师傅" not in names
    assert [o["name"] for o in result["orgs"]] == [o["name"] for o in base["orgs"]]
    [person] = [p for p in result["people"] if p["name"] == "胡文斌"]
    assert [text[s:e] for s, e in person["mentions"]] == ["胡文斌"]


def test_availability_explains_itself(monkeypatch):
    monkeypatch.delenv("UNIONKB_HANLP_MODEL", raising=False)
    ok, why = availability()
    assert not ok and "UNIONKB_HANLP_MODEL" in why


@pytest.mark.skipif(not AVAILABLE, reason=f"HanLP adapter not available: {WHY_NOT}")
def test_real_model_adds_checked_candidates():
    text = "本报讯 近日,江苏省苏州市昆山市总工会副主席李明华带队慰问一线职工。"
    result = augment(text, extract(text))
    assert "320583" in {r["adcode"] for r in result["regions"]}
    assert all(text[s:e] == p["name"] for p in result["people"] for s, e in p["mentions"])
