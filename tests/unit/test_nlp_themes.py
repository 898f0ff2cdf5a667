"""Theme rules, on sentences written for these tests."""

from __future__ import annotations

from indexer.nlp.themes import TAXONOMY, extract_themes


def test_themes_from_keywords():
    text = ("夏送清凉进工地\n工会为建筑工人带去绿豆汤和防暑降温药品,"
            "看望高温下作业的电焊工,督促企业做好劳动保护。")
    themes = extract_themes(text)
    assert "安全生产" in themes and "困难帮扶/送温暖" in themes
    assert "劳模" not in themes


def test_taxonomy_is_small_and_named():
    assert 8 <= len(TAXONOMY) <= 20
    assert extract_themes("天气很好。") == []
