"""Character-level helpers shared by the extractors: sentences, quotes, lead, boundaries.

Everything works on the original text and returns character offsets into it, so
entities can always be traced back to the sentence they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The capture of many pages turns full-width punctuation into ASCII, so both count.
SENTENCE_END = "。！？!?；;"
CLAUSE_PUNCT = "，,、：:；;。！？!?（）()【】[]《》<>“”‘’\"'|/…—·\n\r\t "
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』"}
LEAD_LINES = 3
LONG_LINE = 60


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def is_boundary(ch: str) -> bool:
    """True for characters that cannot be inside a Chinese word or name."""
    return not ch or ch in CLAUSE_PUNCT or ch.isspace()


def sentences(text: str) -> list[Span]:
    """Sentences with offsets; a newline also ends one, as headlines carry no full stop."""
    spans = []
    for m in re.finditer(rf"[^{SENTENCE_END}\n]+[{SENTENCE_END}]*[”’]?", text):
        chunk = m.group()
        if chunk.strip():
            spans.append(Span(m.start(), m.end(), chunk))
    return spans


def sentence_at(spans: list[Span], offset: int) -> Span | None:
    for span in spans:
        if span.start <= offset < span.end:
            return span
    return None


def paragraph_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def quoted_spans(text: str) -> list[Span]:
    """Inner spans of “…” quotes (offsets of the inner text). Unclosed quotes are skipped."""
    spans = []
    for opening, closing in QUOTE_PAIRS.items():
        pos = 0
        while (start := text.find(opening, pos)) >= 0:
            end = text.find(closing, start + 1)
            stop = text.find(opening, start + 1)
            if end < 0:
                break
            if 0 <= stop < end:  # an opening quote that never closed
                pos = stop
                continue
            spans.append(Span(start + 1, end, text[start + 1:end]))
            pos = end + 1
    return sorted(spans, key=lambda s: s.start)


def bracketed_spans(text: str, opening: str = "《", closing: str = "》") -> list[Span]:
    return [Span(m.start() + 1, m.end() - 1, m.group()[1:-1])
            for m in re.finditer(f"{opening}[^{closing}\n]{{1,60}}{closing}", text)]


def inside(spans: list[Span], start: int, end: int) -> Span | None:
    for span in spans:
        if span.start <= start and end <= span.end:
            return span
    return None


def lead_end(text: str) -> int:
    """End of the headline zone: the first few short lines, or the first sentence of a long one.

    Reports name the place they are about in the headline or in the dateline of the
    first sentence, which is why the primary region is looked for here first.
    """
    pos = 0
    seen = 0
    while seen < LEAD_LINES and pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = text[pos:line_end]
        if line.strip():
            seen += 1
            if len(line.strip()) > LONG_LINE:
                first = re.search(f"[{SENTENCE_END}]", line)
                return pos + (first.end() if first else len(line))
        pos = line_end + 1
    return min(pos, len(text))
