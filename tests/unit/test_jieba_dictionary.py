"""One jieba for the process: ``jieba.dt``, with dict.txt read once for its word
frequencies and the lexicon's tags."""

from __future__ import annotations

import builtins
import io
from importlib import resources

import pytest

from indexer import jieba_dictionary


def _old_lexicon_dictionary() -> tuple[dict[str, str], frozenset[str]]:
    """What ``indexer.nlp.lexicon._dictionary()`` computed before the shared reader."""
    tags, frequent = {}, set()
    text = resources.files("jieba").joinpath("dict.txt").read_text("utf-8")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and len(parts[0]) <= 4:
            tags[parts[0]] = parts[2]
            if int(parts[1]) >= 400:
                frequent.add(parts[0])
    return tags, frozenset(frequent)


def test_search_and_nlp_share_jieba_dt() -> None:
    import jieba

    from indexer.nlp import lexicon
    from indexer.search.analysis import jieba_tokenizer

    lexicon.words("民乐县总工会")
    assert jieba_dictionary.tokenizer() is jieba.dt
    assert jieba_tokenizer() is jieba.dt


def test_the_lexicon_tags_are_what_the_old_reader_gave() -> None:
    from indexer.nlp import lexicon

    tags, frequent = _old_lexicon_dictionary()
    assert lexicon.word_tags() == tags
    assert jieba_dictionary.word_tags().frequent == frequent
    for word in ("方面", "江苏", "工会", "毛巾", "关怀", "发放", "开展", "组织", "社区"):
        assert lexicon.word_tags().get(word) == tags.get(word)
        assert lexicon.is_frequent_word(word) == (word in frequent)


def test_the_prefix_dictionary_is_what_jieba_builds() -> None:
    import jieba

    jieba_dictionary.tokenizer()
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    assert total == jieba.dt.total
    assert freq == jieba.dt.FREQ


def test_a_fresh_load_reads_dict_txt_once_and_no_jieba_cache(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba

    from indexer.nlp import lexicon
    from indexer.search import analysis

    fresh = jieba.Tokenizer()
    monkeypatch.setattr(jieba, "dt", fresh)
    monkeypatch.setattr(jieba_dictionary, "_tokenizer", None)
    monkeypatch.setattr(jieba_dictionary, "_tags", None)
    monkeypatch.setattr(analysis, "_tokenizer", None)
    monkeypatch.setattr(analysis, "_dictionary_total", None)

    opened: list[str] = []
    real_open = builtins.open
    real_open_resource = io.open

    def counting_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def counting_io_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open_resource(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_io_open)

    def no_initialize(*args: object, **kwargs: object) -> None:
        raise AssertionError("jieba.initialize would load the dictionary a second time")

    monkeypatch.setattr(fresh, "initialize", no_initialize)

    assert lexicon.words("民乐县总工会") == list(fresh.cut("民乐县总工会", HMM=False))
    analysis.analyze("民乐县总工会")
    lexicon.word_tags()
    lexicon.is_frequent_word("工会")
    assert analysis.jieba_tokenizer() is fresh is jieba_dictionary.tokenizer()

    monkeypatch.undo()
    assert [name for name in opened if name.endswith("dict.txt")] != []
    assert len([name for name in opened if name.endswith("dict.txt")]) == 1
    assert not [name for name in opened if name.endswith(".cache")]
