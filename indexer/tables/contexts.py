"""The words around a programme's mentions: what "similar programmes" compares.

A programme is described by what reports say next to its name, not by the name
itself. The content words within ``CONTEXT_WINDOW`` characters of each mention are
segmented once, when the rows are derived, and stored joined by ``TERM_SEPARATOR``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.search.analysis import Segmentation

CONTEXT_WINDOW = 60  # characters each side of a mention whose words describe a programme
EXCERPT_WIDTH = 40  # characters each side of a mention shown to a reader
TERM_SEPARATOR = " "  # jieba never returns a token with whitespace in it
# Words every union report uses: they would make every programme similar to every other.
STOPWORDS = frozenset({
    "工会", "职工", "开展", "工作", "推动", "进行", "通过", "实施", "活动", "项目", "我们",
    "他们", "以及", "同时", "还", "并", "等", "在", "和", "与", "为", "了", "的", "是",
    "今年", "近日", "日前", "据悉", "目前", "记者", "本报讯", "一个", "进一步", "不断",
    "推出", "提供", "即可", "积极", "有效", "相关", "已经", "其中", "此外", "表示", "介绍",
})
NAMED = ("regions", "localities", "orgs", "people")  # who and where, not what is done

Token = tuple[str, int, int]  # word, start, end


def content_tokens(text: str, extraction: Mapping[str, Any], ranges: list[tuple[int, int]],
                   words: Segmentation | None = None) -> list[Token]:
    """The content words of ``text`` within ``ranges``, without places, bodies and people.

    Similar programmes are similar in what they do; 青海 or 总工会 next to two
    programmes says nothing about that, so named mentions do not count. Each range is
    cut as if alone (the index's analysis); ``words``, the text's cut made for its
    index fields, is read instead of cutting again when the writer has it.
    """
    from indexer.search.analysis import Segmentation

    words = words if words is not None and words.text == text else Segmentation(text)
    named = bytearray(len(text))  # 1 where a named mention covers the character
    for start, end in _named_spans(extraction):
        named[start:end] = b"\x01" * len(named[start:end])
    return [(sys.intern(word), start, end)
            for lo, hi in ranges for word, start, end in words.word_spans(lo, hi)
            if _is_content_word(word) and not any(named[start:end])]


def context_ranges(spans: list[tuple[int, int]], size: int,
                   window: int = CONTEXT_WINDOW) -> list[tuple[int, int]]:
    """The text around the mentions, overlapping windows merged: all that needs words."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        lo, hi = max(0, start - window), min(size, end + window)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _named_spans(extraction: Mapping[str, Any]) -> Iterator[tuple[int, int]]:
    for kind in NAMED:
        for entity in extraction.get(kind) or []:
            for mention in entity.get("mentions") or []:
                if len(mention) >= 2 and 0 <= mention[0] < mention[1]:
                    yield int(mention[0]), int(mention[1])


def context_terms(tokens: list[Token], start: int, end: int,
                  window: int = CONTEXT_WINDOW) -> tuple[str, ...]:
    """The content words within ``window`` characters of a mention, not the mention's own."""
    lo, hi = start - window, end + window
    return tuple(word for word, s, e in tokens
                 if s >= lo and e <= hi and not (s < end and start < e))


def _is_content_word(token: str) -> bool:
    return len(token) > 1 and token not in STOPWORDS and not any(c.isdigit() for c in token)


def excerpt(text: str, start: int, end: int, width: int = EXCERPT_WIDTH) -> str:
    """The words around a mention, with the mention itself, on one line."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    shown = text[lo:hi].replace("\n", " ")
    return ("…" if lo > 0 else "") + shown + ("…" if hi < len(text) else "")
