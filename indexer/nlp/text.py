"""Character-level helpers shared by the extractors: sentences, quotes, lead, boundaries.

Everything works on the original text and returns character offsets into it, so
entities can always be traced back to the sentence they came from. Every helper is
linear in the text, and the indexes (``SpanIndex``, ``Paragraphs``) answer each
question by bisection, so an extractor that asks once per mention stays linear too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

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


def layout_joined(text: str, spans: list[Span]) -> list[Span]:
    """Sentences with the line breaks a page's layout put inside them taken back: where a
    line ends or the next begins with a digit and no sentence end stands before the
    break (举办了\n3\n场, 每人\n1000\n元至\n3000\n元), the lines are one sentence. A
    tagger reading the lines apart would see 元至 alone; the joined span keeps its line
    breaks, which ``unbroken`` takes out of what is read."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if last is not None and text[last.end:span.start] == "\n" \
                and last.text[-1] not in SENTENCE_END \
                and (last.text[-1].isdigit() or span.text[0].isdigit()):
            out[-1] = Span(last.start, span.end, text[last.start:span.end])
        else:
            out.append(span)
    return out


def unbroken(span: Span) -> tuple[str, list[int]]:
    """The span's text without its line breaks, and the offset of each character kept."""
    if "\n" not in span.text:
        return span.text, list(range(span.start, span.end))
    kept = [(ch, span.start + i) for i, ch in enumerate(span.text) if ch != "\n"]
    return "".join(ch for ch, _ in kept), [offset for _, offset in kept]


class SpanIndex:
    """Spans sorted by start, each paired with the span reaching furthest so far.

    Whether a range lies inside a span, or touches one, is then one bisection: of the
    spans starting before it, only the one reaching furthest needs looking at.
    """

    def __init__(self, spans: Iterable[Span]) -> None:
        self._spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self._spans]
        self._furthest: list[Span] = []
        for span in self._spans:
            ahead = self._furthest and self._furthest[-1].end >= span.end
            self._furthest.append(self._furthest[-1] if ahead else span)

    def __bool__(self) -> bool:
        return bool(self._spans)

    def around(self, start: int, end: int) -> Span | None:
        """A span holding all of [start, end)."""
        i = bisect_right(self._starts, start)
        return self._furthest[i - 1] if i and self._furthest[i - 1].end >= end else None

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)
        return bool(i) and self._furthest[i - 1].end > start

    def at(self, offset: int) -> Span | None:
        """The span holding offset, for disjoint spans such as sentences."""
        i = bisect_right(self._starts, offset) - 1
        return self._spans[i] if i >= 0 and offset < self._spans[i].end else None


class Paragraphs:
    """Where the paragraphs (lines) of a text start, found once and then bisected."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in re.finditer("\n", text)]

    def start_of(self, offset: int) -> int:
        i = bisect_left(self._breaks, offset)
        return self._breaks[i - 1] + 1 if i else 0


class _Started(Protocol):
    @property
    def start(self) -> int: ...


Item = TypeVar("Item", bound=_Started)


class ByStart(Generic[Item]):
    """Mentions (or anything with a start) in text order, for the last one in a range."""

    def __init__(self, items: Iterable[Item]) -> None:
        self._items = sorted(items, key=lambda item: item.start)
        self._starts = [item.start for item in self._items]

    def last_between(self, low: int, high: int) -> Item | None:
        """The last item starting in [low, high), if any."""
        i = bisect_left(self._starts, high) - 1
        return self._items[i] if i >= 0 and self._starts[i] >= low else None


def quoted_spans(text: str) -> list[Span]:
    """Inner spans of “…” quotes (offsets of the inner text). Unclosed quotes are skipped."""
    spans = []
    for opening, closing in QUOTE_PAIRS.items():
        pos, end = 0, -1
        while (start := text.find(opening, pos)) >= 0:
            if end < start:
                # The closing quote found for an earlier opening still closes this one:
                # looking for it again would rescan the text once per opening quote.
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
