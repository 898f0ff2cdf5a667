"""Figures, their metrics and programmes on the real reports (``../shared/corpus``).

The floors sit a little under the scores reached, so a regression fails here; the
metric gold (``tests/fixtures/gold/metrics_*.jsonl``, rules in docs/figure-metrics.md)
holds only ids, numbers and metric words, the texts stay in the shared corpus.
"""

from __future__ import annotations

import pytest

from indexer.nlp.evaluate import evaluate
from tests.paths import FIXTURES, REPO

CORPUS = REPO.parent / "shared" / "corpus"
# (set, model) → floors; without the model the words are jieba's (indexer.nlp.words).
# dev's programme floor sits lower than before REAL2.md's classes were followed: dev's gold
# keeps six quotes those rules leave out (职工之家, a facility type; 八大群体 and 五个着力,
# numbered labels; three lists of short method words, 会、站、家 …), so 0.947 is reached.
FLOORS = {
    ("real2", "lac"): {"figures": 0.97, "metrics": 0.86, "programmes": 0.93},
    ("dev", "lac"): {"figures": 0.99, "metrics": 0.82, "programmes": 0.93},
    ("real2", "none"): {"figures": 0.97, "metrics": 0.73, "programmes": 0.92},
    ("dev", "none"): {"figures": 0.99, "metrics": 0.67, "programmes": 0.93},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request) -> tuple[tuple[str, str], dict]:
    name, model = request.param
    gold = CORPUS / f"{name}.jsonl"
    if not gold.exists():
        pytest.skip(f"the real corpus is not here: {gold}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNIONKB_NLP_MODEL", model)
        return request.param, evaluate(gold, FIXTURES / "gold" / f"metrics_{name}.jsonl")


@pytest.mark.parametrize("kind", ["figures", "metrics", "programmes"])
def test_scores_stay_above_their_floors(scored, kind):
    key, report = scored
    assert report["kinds"][kind]["f1"] >= FLOORS[key][kind], (key, report["kinds"][kind])


def test_every_gold_figure_has_a_metric_entry(scored):
    # The metric gold follows the figure gold one for one (ids and values).
    name, report = scored
    metrics, figures = report["kinds"]["metrics"], report["kinds"]["figures"]
    assert metrics["tp"] + metrics["fn"] == figures["tp"] + figures["fn"], name
