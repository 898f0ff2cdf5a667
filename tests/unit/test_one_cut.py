"""One jieba pass per article: what is read from it equals what cutting again gave.

The writer cuts an article's text once (``indexer.ingest.article_words``); its index
fields and the words around its programmes' mentions are read from that cut. Here, on
the real reports of ``../shared/corpus``, each is compared with the cut the index and
the tables made before, each part and each window on its own (``analyze``,
``token_spans``), and the fast NLP's extraction with jieba.posseg's own tagger against
one made afresh.
"""

from __future__ import annotations

import json
import os
import random
import sys

import pytest

from indexer.ingest import article_words
from indexer.models import Article
from indexer.search import analysis
from indexer.search.analysis import Segmentation, analyze, fold, jieba_tokenizer, token_spans
from indexer.tables import contexts
from indexer.tables.contexts import content_tokens, context_ranges
from tests.paths import REPO

CORPUS = REPO.parent / "shared" / "corpus"
# Where jieba's cut of a part differs from the whole's if it is read carelessly: runs
# cut mid-word, \r\n split, traditional phrases folded differently alone, full width.
AWKWARD = ("民乐县总工会\r\n開展“金秋助学”ＡＰＰ２０２５", "工會驛站乾隆年間ABC-12%。\r\n\r\n",
           "a", "\r\n", "。。", "职工书屋7100多家")


def real_reports() -> list[dict]:
    paths = sorted(CORPUS.glob("*.jsonl"))
    if not paths:
        pytest.skip(f"the real corpus is not here: {CORPUS}")
    return [json.loads(line) for path in paths
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def as_article(report: dict) -> Article:
    title, _, body = report["text"].partition("\n")
    return Article(id=report["id"], source="grrb", title=title, body=body or title,
                   kicker="工会新闻", subtitle="记者 王明")


def search_cut(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """What the index cut before: search mode over the folded text, alone."""
    return [(word, start + offset, end + offset)
            for word, start, end in jieba_tokenizer().tokenize(fold(text), mode="search")]


def test_every_range_of_a_text_reads_as_if_cut_alone() -> None:
    rng = random.Random(16)
    texts = [report["text"] for report in real_reports()] + list(AWKWARD)
    compared = 0
    for text in texts:
        words = Segmentation(text)
        ranges = [(0, len(text)), *(sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
                                    for _ in range(60))]
        for lo, hi in ranges:
            assert words.spans(lo, hi) == (search_cut(text[lo:hi], lo) if hi > lo else []), \
                (text[lo:hi][:40], lo, hi)
            assert words.segmented(lo, hi) == " ".join(analyze(text[lo:hi]))
            compared += 1
    assert compared > 4000


def test_the_index_fields_read_from_the_one_cut_are_those_cut_alone(monkeypatch) -> None:
    monkeypatch.setattr(analysis, "_segmented_parts", {})
    for report in real_reports():
        article = as_article(report)
        fields = (article.kicker, article.title, article.subtitle, article.body)
        before = [" ".join(analyze(part)) for part in fields]
        article_words(article)
        assert set(analysis._segmented_parts) >= set(fields)
        assert [analysis.segmented(part) for part in fields] == before


def old_content_tokens(text: str, extraction: dict, ranges: list[tuple[int, int]]) -> list:
    """``content_tokens`` as it was: each window cut again on its own."""
    named = bytearray(len(text))
    for start, end in contexts._named_spans(extraction):
        named[start:end] = b"\x01" * len(named[start:end])
    return [(sys.intern(word), lo + start, lo + end)
            for lo, hi in ranges for word, start, end in token_spans(text[lo:hi])
            if contexts._is_content_word(word) and not any(named[lo + start:lo + end])]


def test_the_words_around_programmes_are_those_of_each_window_cut_alone(monkeypatch) -> None:
    monkeypatch.setenv("UNIONKB_NLP_MODEL", "none")
    from indexer.nlp.pipeline import extract

    windows = 0
    for report in real_reports():
        article = as_article(report)
        text = article.text
        extraction = extract(text)
        spans = [(int(m[0]), int(m[1])) for kind in ("programmes", "facilities", "orgs")
                 for entity in extraction.get(kind) or [] for m in entity.get("mentions") or []]
        ranges = context_ranges(spans, len(text))
        windows += len(ranges)
        words = article_words(article)
        assert content_tokens(text, extraction, ranges, words) == \
            old_content_tokens(text, extraction, ranges)
    assert windows > 50  # the corpus has programmes and bodies to compare


def test_the_fast_extraction_is_the_same_with_posseg_s_own_tagger(monkeypatch) -> None:
    """The tagger jieba.posseg made over jieba.dt when imported is reused; one made
    afresh over the same dictionary extracts the same."""
    import jieba.posseg

    from indexer.nlp import words
    from indexer.nlp.pipeline import extract

    monkeypatch.setenv("UNIONKB_NLP_MODEL", "none")
    texts = [report["text"] for report in real_reports()]
    monkeypatch.setattr(words, "_pos", None)
    shared = [extract(text) for text in texts]
    assert words._pos is jieba.posseg.dt
    monkeypatch.setattr(words, "_pos", jieba.posseg.POSTokenizer(jieba_tokenizer()))
    assert [extract(text) for text in texts] == shared


def test_a_text_cut_by_its_parts_or_from_the_story_finder_s_cut_is_cut_as_a_whole(
        monkeypatch) -> None:
    from indexer.reprints import words as story_words

    monkeypatch.setattr(analysis, "_cuts_ahead", {})
    for report in [*real_reports(), *({"id": "x", "text": t} for t in AWKWARD)]:
        article = as_article(report)
        parts = [article.kicker, article.title, article.subtitle, article.body]
        whole = Segmentation(article.text)
        assert Segmentation(article.text, parts).spans() == whole.spans()
        story_words(article.body)  # cuts the body ahead, as stories are assigned first
        assert len(analysis._cuts_ahead) == 1
        ahead = Segmentation(article.text, parts)
        if report["id"] != "x":  # a real report: its body's cut was taken, not made again
            assert not analysis._cuts_ahead
        analysis._cuts_ahead.clear()  # an awkward one may be cut whole (\r before \n)
        assert ahead.spans() == whole.spans() == search_cut(article.text)
    # A part ending in \r meets the next one's line break: one token, so the whole is cut.
    assert Segmentation("标题\r\n正文", ["标题\r", "正文"]).spans() == search_cut("标题\r\n正文")


def test_a_reindex_cut_by_other_processes_indexes_what_one_process_does(
        tmp_path, monkeypatch) -> None:
    import indexer.ingest as ingest
    import indexer.search.fields as fields
    from indexer.archive import Archive
    from indexer.search.query import SearchQuery
    from indexer.search.tantivy_backend import TantivyBackend

    monkeypatch.setenv("UNIONKB_NLP_MODEL", "none")
    monkeypatch.setattr(ingest, "INDEX_BATCH", 25)  # several batches: cut ahead of each
    archive, backend = Archive(tmp_path / "a.sqlite3"), TantivyBackend(tmp_path / "index")
    reports = real_reports()
    ingest.store_articles([as_article(r) for r in reports], archive, "corpus")
    ingest.process_pending(archive, backend)
    words = ("工会", "职工", "劳动竞赛", "总工会", "农民工", "服务")
    counts = [backend.count(SearchQuery(text=w)) for w in words]

    given, real_segmented, real_keep, kept = {}, fields.segmented, ingest.keep_cuts, []
    monkeypatch.setattr(fields, "segmented", lambda t: given.setdefault(t, real_segmented(t)))
    monkeypatch.setattr(ingest, "keep_cuts", lambda f, c: kept.append(len(f)) or real_keep(f, c))
    assert ingest.reindex(archive, backend, processes=2).indexed == len(reports)
    assert len(kept) == 4 and sum(kept) >= 2 * len(reports)  # the pool cut every text
    assert [backend.count(SearchQuery(text=w)) for w in words] == counts
    assert all(value == " ".join(analyze(text)) for text, value in given.items())
    archive.close()


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads processes from /proc")
def test_the_cutters_of_a_reindex_killed_with_sigkill_leave_with_it() -> None:
    import signal
    import subprocess
    import time

    code = ("import time\n"
            "from indexer.ingest import _cutters\n"
            "with _cutters(2, 10**6) as pool:\n"
            "    print(' '.join(str(p.pid) for p in pool._pool), flush=True)\n"
            "    time.sleep(120)\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                               text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert len(workers) == 2
    process.send_signal(signal.SIGKILL)
    process.wait()

    def running(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return stat.read().split()[2] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 30  # a worker looks for its parent once a second
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(running(pid) for pid in workers)
