"""Theme rules, on sentences written for these tests."""

from __future__ import annotations

from indexer.nlp.themes import TAXONOMY, extract_themes


def test_themes_from_keywords():
    text = "县总工会开展夏送清凉活动\n为户外劳动者送去防暑降温用品,慰问环卫工人,落实高温劳动保护。"
    themes = extract_themes(text)
    assert "安全生产" in themes and "困难帮扶/送温暖" in themes
    assert "劳模" not in themes


def test_taxonomy_is_small_and_named():
    assert 8 <= len(TAXONOMY) <= 20
    assert extract_themes("天气很好。") == []
