"""Body excerpts with the query's matches in <mark>…</mark>, built from the raw text.

The index only holds segmented text, so excerpts are cut from the stored body: find
the stretch where most query terms occur, then mark the tokens there that the index
would have matched (the same jieba analysis), so the marks agree with the hits.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from indexer.search.analysis import fold, token_spans

SNIPPET_CHARS = 160
LEAD_CHARS = 30  # context shown before the first match
MAX_OCCURRENCES = 50  # per term, when choosing the window: enough to find the best one
CONTEXT_CHARS = 8  # segmented on each side of a possible match to confirm it
ELLIPSIS = "…"
_ADJACENT_MARKS = re.compile(r"</mark>(\s*)<mark>")


def make_snippet(body: str, terms: Sequence[str], size: int = SNIPPET_CHARS) -> str:
    """An escaped excerpt of ``body`` of about ``size`` characters, matches marked."""
    if not body:
        return ""
    folded = fold(body)
    start = _window_start(folded, terms, size)
    end = min(len(body), start + size)
    spans = _match_spans(body, folded, start, end, terms)
    return _render(body, start, end, spans)


def merge_adjacent_marks(snippet: str) -> str:
    """<mark>暖新</mark><mark>保</mark> -> <mark>暖新保</mark>: one match, one mark."""
    return _ADJACENT_MARKS.sub(r"\1", snippet)


def _occurrences(text: str, term: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where ``term`` starts in text[start:end] (at most MAX_OCCURRENCES of them)."""
    found, at = [], text.find(term, start, end)
    while at >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(at)
        at = text.find(term, at + len(term), end)
    return found


def _window_start(folded: str, terms: Sequence[str], size: int) -> int:
    """Where the window holding the most distinct terms starts (the earliest such).

    Candidate windows open a little before each occurrence; two pointers slide over
    the occurrences in order, so this stays linear in their number.
    """
    hits = sorted((at, term) for term in terms for at in _occurrences(folded, term))
    best, best_start = 0, 0
    inside: Counter[str] = Counter()
    first = last = 0  # hits[first:last] lie inside the current window
    for at, _ in hits:
        start = max(0, at - LEAD_CHARS)
        while last < len(hits) and hits[last][0] + len(hits[last][1]) <= start + size:
            inside[hits[last][1]] += 1
            last += 1
        while first < last and hits[first][0] < start:
            term = hits[first][1]
            inside[term] -= 1
            if not inside[term]:
                del inside[term]
            first += 1
        if len(inside) > best:
            best, best_start = len(inside), start
    return best_start


def _match_spans(
    body: str, folded: str, start: int, end: int, terms: Sequence[str]
) -> list[tuple[int, int]]:
    """Merged spans inside [start, end) where a query term is also an index token."""
    spans = [
        (at, at + len(term))
        for term in terms
        for at in _occurrences(folded, term, start, end)
        if _is_token_at(body, at, term)
    ]
    return _merge(sorted(spans))


def _is_token_at(body: str, at: int, term: str) -> bool:
    """Would the index have ``term`` here? 工会 in 总工会 yes, 暖 in 温暖 no.

    Only a few characters around the occurrence are segmented: enough context for
    jieba to cut the same way as in the whole text, and far cheaper.
    """
    lo = max(0, at - CONTEXT_CHARS)
    context = body[lo:at + len(term) + CONTEXT_CHARS]
    return (term, at - lo, at - lo + len(term)) in _tokens(context)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> frozenset[tuple[str, int, int]]:
    return frozenset(token_spans(text))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _render(body: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    parts = [ELLIPSIS] if start > 0 else []
    at = start
    for s, e in spans:
        parts.append(_escape(body[at:s]))
        parts.append(f"<mark>{_escape(body[s:e])}</mark>")
        at = e
    parts.append(_escape(body[at:end]))
    if end < len(body):
        parts.append(ELLIPSIS)
    return "".join(parts)


def _escape(text: str) -> str:
    # Paragraph breaks mean nothing inside a one-line excerpt.
    return html.escape(text.replace("\n", " "), quote=False)
