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
FLOORS = {
    "real2": {"figures": 0.97, "metrics": 0.84, "programmes": 0.78},
    "dev": {"figures": 0.99, "metrics": 0.79, "programmes": 0.98},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request) -> tuple[str, dict]:
    gold = CORPUS / f"{request.param}.jsonl"
    if not gold.exists():
        pytest.skip(f"the real corpus is not here: {gold}")
    return request.param, evaluate(gold, FIXTURES / "gold" / f"metrics_{request.param}.jsonl")


@pytest.mark.parametrize("kind", ["figures", "metrics", "programmes"])
def test_scores_stay_above_their_floors(scored, kind):
    name, report = scored
    assert report["kinds"][kind]["f1"] >= FLOORS[name][kind], (name, report["kinds"][kind])


def test_every_gold_figure_has_a_metric_entry(scored):
    # The metric gold follows the figure gold one for one (ids and values).
    name, report = scored
    metrics, figures = report["kinds"]["metrics"], report["kinds"]["figures"]
    assert metrics["tp"] + metrics["fn"] == figures["tp"] + figures["fn"], name
