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
