"""The query language: its tree, its errors, and that no text can make it fail otherwise."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.search.analysis import PHRASE_BREAK
from indexer.search.folding import fold_script
from indexer.search.query import SearchQuery
from indexer.search.query_language import (
    AllOf,
    AnyOf,
    Keyword,
    Not,
    QuerySyntaxError,
    Text,
    parse_query,
)
from indexer.search.validation import InvalidQuery, check_query, query_problems
from tests.paths import REPO


def tree(text: str):  # noqa: ANN201 - a node of any kind
    return parse_query(text).tree


def test_plain_words_are_all_required_as_before() -> None:
    assert tree("暖新保 驿站") == AllOf((Text(("暖", "新保"), typed="暖新保"),
                                        Text(("驿站",), typed="驿站")))
    assert tree("") is None and tree("  ，。 ") is None


def test_or_binds_looser_than_and_and_not_tightest() -> None:
    assert tree("a b OR c") == AnyOf((AllOf((Text(("a",), typed="a"), Text(("b",), typed="b"))),
                                      Text(("c",), typed="c")))
    assert tree("a AND -b") == AllOf((Text(("a",), typed="a"), Not(Text(("b",), typed="b"))))
    assert tree("NOT NOT a") == Text(("a",), typed="a")


def test_lower_case_operators_and_inner_hyphens_are_words() -> None:
    assert tree("a or b") == AllOf(tuple(Text((w,), typed=w) for w in ["a", "or", "b"]))
    assert tree("COVID-19") == Text(("covid", "19"), typed="COVID-19")
    assert tree("工会 -- 驿站") == tree("工会 驿站")  # a dash, not a NOT


def test_phrases_keep_the_index_cut_with_breaks_at_punctuation() -> None:
    assert tree('"服务职工"') == Text(("服务", "职工"), phrase=True, typed="服务职工")
    assert tree('"服务，职工"').tokens == ("服务", PHRASE_BREAK, "职工")
    assert tree('"工会"') == Text(("工会",), typed="工会")  # one token: a word


def test_fields() -> None:
    assert tree("title:驿站") == Text(("驿站",), field="title", typed="驿站")
    assert tree("Title：驿站") == Text(("驿站",), field="title", typed="驿站")
    assert tree("person:李玉波") == Keyword("person", ("李玉波",))
    assert tree("org:民樂縣總工會") == Keyword("org", ("民樂縣總工會", "民乐县总工会"))
    assert tree('programme:(工会驿站 OR "职工 书屋")') == AnyOf(
        (Keyword("programme", ("工会驿站",)), Keyword("programme", ("职工 书屋",))))
    assert tree("http://x.cn").tokens == ("http", "x", "cn")


def test_what_a_hit_shows_and_ranks_by() -> None:
    parsed = parse_query('驿站 -广告 title:书屋 "服务职工" person:康劭')
    assert parsed.terms == ("驿站", "服务", "职工")
    assert parsed.typed == ("驿站", "服务职工")
    assert parsed.ranked
    assert not parse_query("-驿站 person:康劭").ranked
    assert parse_query('"服务，职工"').terms == ("服务", "职工")


@pytest.mark.parametrize(("text", "at", "words"), [
    ("驿站 OR", 3, "OR is followed by nothing"),
    ("驿站 AND OR 书屋", 3, "AND is followed by 'OR'"),
    ("OR 驿站", 0, "OR has nothing before it"),
    ("(驿站 OR 书屋", 0, "never closed"),
    ("驿站)", 2, "closes no"),
    ("( )", 0, "holds nothing"),
    ('驿站 "服务', 3, "never closed"),
    ("“服务", 0, "never closed"),
    ('""', 0, "no word"),
    ("- 驿站", 0, "without a space"),
    ("titel:驿站", 0, "unknown field 'titel'"),
    ("驿站 title:", 3, "followed by nothing"),
    ("title:-驿站", 0, "title: is followed by '-'"),
    ("NOT", 0, "NOT is followed by nothing"),
    ('person:""', 7, "person: needs a value"),
    ("(" * 21 + "a" + ")" * 21, 20, "deeper than 20"),
])
def test_syntax_mistakes_name_their_character(text: str, at: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(text)
    assert raised.value.at == at
    assert words in str(raised.value)
    assert f"at character {at + 1}:" in str(raised.value)
    # The validation makes it a problem of q, which the API sends back as a 422.
    assert query_problems(SearchQuery(text=text)) == [("q", str(raised.value))]


QUERY_ALPHABET = st.sampled_from([
    *"()\"“”-:： ", "AND", "OR", "NOT", "title:", "person:", "org:", "titel:", "驿站",
    "工會", "服务职工", "a", "http://", "，", "\u3000", "\x00", "ＡＮＤ", "-(", ")",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUERY_ALPHABET, max_size=40).map("".join) | st.text(max_size=80))
def test_no_text_fails_but_as_an_invalid_query(text: str) -> None:
    try:
        check_query(SearchQuery(text=text))
    except InvalidQuery as exc:
        assert [name for name, _ in exc.problems] == ["q"]
        assert "at character" in str(exc)


@given(st.text(alphabet=st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF), max_size=60))
def test_folding_keeps_every_character_in_its_place(text: str) -> None:
    assert len(fold_script(text)) == len(text)


def test_folding_makes_traditional_simplified_and_leaves_simplified_alone() -> None:
    assert fold_script("工會驛站為職工服務，衞生") == "工会驿站为职工服务，卫生"
    assert fold_script("什么著名工会") == "什么著名工会"


REAL_CORPUS = [REPO.parent / "shared" / "corpus" / f"{name}.jsonl" for name in ("dev", "real2")]


@pytest.mark.skipif(not all(p.is_file() for p in REAL_CORPUS),
                    reason="the real reports (../shared/corpus/dev.jsonl, real2.jsonl) are absent")
def test_folding_leaves_every_real_simplified_report_as_it_is() -> None:
    texts = [json.loads(line)["text"] for path in REAL_CORPUS
             for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(texts) >= 80
    changed = [text[:20] for text in texts if fold_script(text) != text]
    assert changed == []
