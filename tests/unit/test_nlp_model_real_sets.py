"""Floors on the real annotated reports (``../shared/corpus``), with the model and without.

The floors sit a little under the scores reached (README, "Extraction"), so a change
that loses ground on reports nobody tuned it for fails here. The sets are read where
the project's checkout keeps them, beside the repository; without them these are
skipped, saying so.
"""

from __future__ import annotations

import pytest

from indexer.nlp.evaluate import evaluate
from tests.paths import REPO

CORPUS = REPO.parent / "shared" / "corpus"
# (set, model) → floors of F1 by kind, and of the primary province's accuracy.
FLOORS = {
    ("real2", "lac"): {"regions": 0.98, "orgs": 0.89, "people": 0.97, "province": 0.97},
    ("dev", "lac"): {"regions": 0.98, "orgs": 0.98, "people": 0.96, "province": 0.97},
    ("real2", "none"): {"regions": 0.98, "orgs": 0.86, "people": 0.78, "province": 0.97},
    ("dev", "none"): {"regions": 0.98, "orgs": 0.98, "people": 0.98, "province": 0.97},
}


@pytest.mark.parametrize(("name", "model"), sorted(FLOORS))
def test_real_sets_stay_above_their_floors(name, model, monkeypatch):
    path = CORPUS / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not there (the real sets live beside the repository)")
    monkeypatch.setenv("UNIONKB_NLP_MODEL", model)
    report = evaluate(path)
    floors = FLOORS[(name, model)]
    for kind in ("regions", "orgs", "people"):
        assert report["kinds"][kind]["f1"] >= floors[kind], (kind, report["kinds"][kind])
    assert report["primary"]["province"] >= floors["province"], report["primary"]
