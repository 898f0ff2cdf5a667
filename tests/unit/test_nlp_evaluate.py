"""The evaluation of extraction against a gold file (a small one written for the tests)."""

from __future__ import annotations

import json

import pytest

from indexer.nlp.evaluate import evaluate, format_report
from tests.paths import FIXTURES

GOLD = FIXTURES / "gold" / "mini.jsonl"


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate(GOLD)


def test_scores_per_kind(report):
    assert report["articles"] == 2
    assert report["kinds"]["regions"]["f1"] == 1.0
    programmes = report["kinds"]["programmes"]
    assert (programmes["tp"], programmes["fp"], programmes["fn"]) == (2, 0, 1)
    assert programmes["recall"] == pytest.approx(2 / 3)
    figures = report["kinds"]["figures"]
    assert (figures["tp"], figures["fn"]) == (2, 1)
    assert report["primary"] == {"province": 1.0, "city": 1.0, "county": 1.0}


def test_errors_name_the_article_and_the_item(report):
    [t2] = [e for e in report["errors"] if e["id"] == "t2"]
    assert t2["programmes"]["misses"] == ["夏送清凉"]
    assert t2["figures"]["misses"] == ["5 个"]
    text = format_report(report, errors=True)
    assert "[t2]" in text and "programmes miss: 夏送清凉" in text
    assert "regions" in format_report(report).splitlines()[3]


def test_report_is_json(report):
    assert json.loads(json.dumps(report, ensure_ascii=False))["articles"] == 2


def test_bad_gold_line_is_reported(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="needs 'text' and 'gold'"):
        evaluate(bad)


def test_metrics_are_scored_with_value_and_unit_and_near_misses_counted_wrong():
    report = evaluate(GOLD, FIXTURES / "gold" / "metrics_mini.jsonl")
    metrics = report["kinds"]["metrics"]
    # t1's metric is one of the accepted forms; t2's 一线职工 holds the gold 职工: a near
    # miss, wrong; t2's 5个 was not found at all.
    assert (metrics["tp"], metrics["fp"], metrics["fn"]) == (1, 1, 2)
    assert report["metrics"]["near"] == 1
    [t2] = [e for e in report["errors"] if e["id"] == "t2"]
    assert t2["metrics"]["misses"] == ["30 名 职工", "5 个 None"]
    assert t2["metrics"]["false_positives"] == ["30 名 一线职工"]
    text = format_report(report, errors=True)
    assert "metrics miss: 30 名 职工" in text and "1 near misses" in text


def test_without_a_metrics_gold_there_is_no_metrics_row(report):
    assert "metrics" not in report["kinds"] and "metrics" not in report


def test_bad_metrics_line_is_reported(tmp_path):
    bad = tmp_path / "metrics.jsonl"
    bad.write_text('{"id": "t1", "metrics": [{"value": 3}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="metrics.jsonl:1: a metrics line needs"):
        evaluate(GOLD, bad)


def test_a_figure_repeated_in_two_gold_spans_counts_twice(tmp_path):
    # The gold lists the headline's figure and the body's, with different spans.
    text = "全市会员达5万人\n全市会员达5万人,会员5万人。"
    gold = {"figures": [{"value": 50000, "unit": "人", "text": "5万人"},
                        {"value": 50000, "unit": "人", "text": "会员5万人"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "r", "text": text, "gold": gold}, ensure_ascii=False),
                    encoding="utf-8")
    figures = evaluate(path)["kinds"]["figures"]
    # The first two share the span 5万人 (one entry); the third sits in 会员5万人.
    assert (figures["tp"], figures["fp"], figures["fn"]) == (2, 0, 0)


def test_a_county_body_matches_with_or_without_its_city_before_it():
    from indexer.nlp.evaluate import without_city
    from indexer.nlp.gazetteer import gazetteer

    gaz = gazetteer()
    assert without_city("张掖市民乐县总工会", gaz) == "民乐县总工会"
    assert without_city("张掖民乐县总工会", gaz) == "民乐县总工会"
    assert without_city("民乐县总工会", gaz) == "民乐县总工会"
    assert without_city("福州市鼓楼区总工会", gaz) == "鼓楼区总工会"
    # Not a county of the city written before it, or a city's own body: unchanged.
    assert without_city("兰州市民乐县总工会", gaz) == "兰州市民乐县总工会"
    assert without_city("张掖市总工会", gaz) == "张掖市总工会"
    assert without_city("甘肃省总工会", gaz) == "甘肃省总工会"
