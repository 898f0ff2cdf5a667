"""The page splitter and the byline parser on hostile pages: they never raise, lose no
text, and their work grows linearly with the page.

Pages are drawn from random Unicode mixed with the pieces pages are made of — datelines,
credit lines, headlines with ——, quotes, column breaks — so the splitter's rules fire.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.byline import MAX_BYLINE, _outlet_end, is_byline_line, parse_byline, split_byline
from crawler.splitter import split_page_text
from tests.linear_time import MAX_GROWTH, NOISE_FLOOR, cpu_seconds, growth

PIECES = [
    "本报讯", "(记者 王明 通讯员 李静)", "记者 王小明", "本报通讯员 王文生 摄", "文/图", "——",
    "新华社北京3月5日电", "工人日报-中工网记者 柳姗姗", "(下转第2版)", "王文生 摄", "(记者 郑爽)",
    "“", "”", "。", "，", ",", "!", "?", "：", "(", ")", "【", "】", "、", " ", "\n", "\n", "\n",
    "报", "记者", "通讯员", "职工", "北京市总工会", "“春风行动”", "甲乙丙丁戊己庚辛壬癸" * 4,
]
pages = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=50).map(
    "".join)
# The 阅读提示 box marker is the one text the splitter drops (it keeps the box's text).
BOX_MARKER = re.compile(r"阅\s*读\s*提\s*示|核\s*心\s*阅\s*读")


def printed(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_the_splitter_never_raises_and_loses_no_text(page: str) -> None:
    articles = split_page_text(page)
    kept = "".join(a.kicker + a.title + a.subtitle + a.byline + a.body + a.summary
                   for a in articles)
    if not BOX_MARKER.search(page):
        assert printed(kept) == printed(page)
    assert [a.position for a in articles] == list(range(1, len(articles) + 1))


@settings(max_examples=200, deadline=None)
@given(st.lists(pages, max_size=4))
def test_taking_the_byline_off_a_report_loses_none_of_its_text(paragraphs: list[str]) -> None:
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    byline, body = split_byline(paragraphs)
    assert printed((byline.raw if byline else "") + "".join(body)) == printed("".join(paragraphs))


# The outlet prefix as it was written as a regular expression: the specification of
# _outlet_end, which reads it without the expression's exponential backtracking.
OUTLET = re.compile(r"^(?:[\u4e00-\u9fff]{1,10}[报网社台刊端][-—–]?)+"
                    r"(?=(?:全媒体|融媒体|特约|见习|首席|实习|摄影)?(?:记者|通讯员))")
OUTLET_PIECES = ["报", "网", "社", "台", "工人", "日", "中工", "-", "—", "记者", "通讯员",
                 "全媒体", "记", " ", "X"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(OUTLET_PIECES), max_size=12).map("".join))
def test_the_outlet_before_a_role_is_where_the_expression_said(text: str) -> None:
    match = OUTLET.match(text)
    assert _outlet_end(text) == (match.end() if match else 0)


def test_outlets_are_taken_off_credit_lines() -> None:
    byline = parse_byline("工人日报-中工网记者 柳姗姗 彭冰")
    assert byline is not None and byline.reporters == ["柳姗姗", "彭冰"]


# -- time per character ----------------------------------------------------------------

CUT_LINE = "甲乙丙丁戊己庚辛壬癸" * 7 + "\n"  # prose a column break cut: joined to the next


@pytest.mark.parametrize("unit", [
    CUT_LINE,  # a thousand cut lines make one paragraph, once rebuilt per line
    "报" * 70 + "\n",  # the outlet expression backtracked exponentially on such a line
    "本报讯 " + CUT_LINE,
    "记者 王明\n" + CUT_LINE,
    "(记者 王明)\n",
])
def test_splitting_time_grows_linearly(unit: str) -> None:
    assert growth(split_afresh, unit, 8000) < MAX_GROWTH


def split_afresh(page: str) -> list[object]:
    """split_page_text with the byline cache emptied, so every try does all the work."""
    is_byline_line.cache_clear()
    return split_page_text(page)


def test_a_long_line_of_credited_names_is_split_in_linear_time() -> None:
    # Each name was compared with every name kept before it.
    names = [a + b + c for a in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
             for b in "明静红军华伟芳敏丽强磊洋艳勇杰娟涛超秀霞" for c in "明静红军华伟芳敏丽强"]

    def credit_line(count: int) -> str:
        return "记者 " + " ".join(names[:count])

    few, many = (cpu_seconds(split_afresh, credit_line(n)) for n in (1000, 4000))
    assert many < NOISE_FLOOR or many / few < MAX_GROWTH


def test_a_line_of_outlet_characters_is_read_at_once() -> None:
    line = "报" * 150 + "记者 王明"
    assert cpu_seconds(parse_byline, line) < 1
    assert cpu_seconds(split_page_text, ("报" * 5000 + "\n") * 20) < 2


def test_a_line_longer_than_any_credit_is_not_one() -> None:
    assert parse_byline("记者 王明 " + "李静 " * (MAX_BYLINE // 3)) is None
    assert parse_byline("记者 王明 李静") is not None
