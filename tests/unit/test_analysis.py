"""The shared Chinese analysis and the snippets built from it."""

from __future__ import annotations

import re

import pytest

from indexer.search.analysis import (
    PHRASE_BREAK,
    analyze,
    fold,
    query_terms,
    segmented,
    token_spans,
)
from indexer.search.snippets import SNIPPET_CHARS, make_snippet, merge_adjacent_marks


def test_index_tokens_include_words_inside_compounds() -> None:
    tokens = analyze("民乐县总工会")
    assert {"民乐县", "总工会", "工会"} <= set(tokens)


def test_every_query_word_is_an_index_token_of_the_same_text() -> None:
    for text in ("“暖新保”项目", "工会驿站", "中华全国总工会", "建成19个工会驿站"):
        assert set(query_terms(text)) <= set(analyze(text)), text


def test_quoted_programme_is_found_by_its_name() -> None:
    assert set(query_terms("暖新保")) <= set(analyze("青海“暖新保”项目惠及骑手"))


def test_punctuation_is_one_break_and_spaces_are_dropped() -> None:
    assert analyze("，。“” ！\n") == []
    assert query_terms(" ，。 ") == []
    tokens = analyze("职工：“娘家人”！ 2025年")
    assert all(re.search(r"\w", t) or t == PHRASE_BREAK for t in tokens)
    # Punctuation parts words once, however much of it there is; spaces do not.
    assert tokens == ["职工", PHRASE_BREAK, "娘家", "家人", "娘家人", PHRASE_BREAK, "2025", "年"]


def test_latin_is_lower_cased_and_full_width_folded() -> None:
    assert "app" in analyze("职工服务APP")
    assert query_terms("ＡＰＰ") == ["app"]
    assert fold("ＡＢ　c") == "ab c"


def test_query_words_keep_order_without_repeats() -> None:
    assert query_terms("工会 工会 驿站") == ["工会", "驿站"]


def test_segmented_text_is_tokens_joined_by_spaces() -> None:
    assert segmented("工会驿站").split(" ") == analyze("工会驿站")


def test_over_long_tokens_are_dropped() -> None:
    assert analyze("a" * 200 + " 工会") == ["工会"]


def test_token_offsets_point_into_the_original_text() -> None:
    text = "ＡＰＰ上线，工会驿站开放"
    for word, start, end in token_spans(text):
        assert fold(text[start:end]) == word


def test_empty_text() -> None:
    assert analyze("") == [] and query_terms("") == [] and make_snippet("", ["工会"]) == ""


def test_snippet_marks_adjacent_query_words_as_one() -> None:
    body = "青海“暖新保”项目为骑手提供保障。"
    expected = "青海“<mark>暖新保</mark>”项目为骑手提供保障。"
    assert make_snippet(body, query_terms("暖新保")) == expected


def test_snippet_window_moves_to_the_matches() -> None:
    body = "开头的话。" * 60 + "全省建成工会驿站三百个。" + "结尾的话。" * 60
    snippet = make_snippet(body, query_terms("工会驿站"))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>工会驿站</mark>" in snippet
    assert len(re.sub(r"</?mark>", "", snippet)) <= SNIPPET_CHARS + 2


def test_snippet_prefers_the_window_with_most_terms() -> None:
    body = "工会" + "。" * 300 + "工会和驿站" + "。" * 300
    snippet = make_snippet(body, ["工会", "驿站"])
    assert "<mark>工会</mark>和<mark>驿站</mark>" in snippet


def test_snippet_does_not_mark_a_character_inside_another_word() -> None:
    # 暖 alone is a query word; in 温暖 it is not an index token, so it is not marked.
    assert "<mark>" not in make_snippet("冬日温暖。", ["暖"])


def test_snippet_escapes_html() -> None:
    snippet = make_snippet("<b>职工</b> & 工会", ["工会"])
    assert snippet == "&lt;b&gt;职工&lt;/b&gt; &amp; <mark>工会</mark>"


def test_adjacent_marks_are_merged() -> None:
    assert merge_adjacent_marks("“<mark>暖新</mark><mark>保</mark>”") == "“<mark>暖新保</mark>”"


def test_the_index_cuts_with_the_one_jieba_of_the_process() -> None:
    import jieba

    from indexer.nlp.lexicon import words
    from indexer.search.analysis import jieba_tokenizer

    words("民乐县总工会")  # the NLP's cut loads jieba its own way
    assert jieba_tokenizer() is jieba.dt


def test_a_word_added_to_jieba_stops_the_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba

    from indexer.search.analysis import DictionaryChanged

    analyze("工会")  # loaded
    monkeypatch.setattr(jieba.dt, "total", jieba.dt.total + 7)  # what add_word does to it
    with pytest.raises(DictionaryChanged, match="add_word"):
        analyze("民乐县总工会")
