"""Body excerpts with the query's matches in <mark>…</mark>, built from the raw text.

The index only holds segmented text, so excerpts are cut from the stored body: find
the stretch where most query terms occur, then mark the tokens there that the index
would have matched (the same jieba analysis), so the marks agree with the hits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from indexer.search.analysis import fold, token_spans

SNIPPET_CHARS = 160
LEAD_CHARS = 30  # context shown before the first match
MAX_OCCURRENCES = 50  # per term, when choosing the window: enough to find the best one
ELLIPSIS = "…"
_ADJACENT_MARKS = re.compile(r"</mark>(\s*)<mark>")


def make_snippet(body: str, terms: Sequence[str], size: int = SNIPPET_CHARS) -> str:
    """An escaped excerpt of ``body`` of about ``size`` characters, matches marked."""
    if not body:
        return ""
    start = _window_start(fold(body), terms, size)
    end = min(len(body), start + size)
    spans = _match_spans(body, start, end, set(terms))
    return _render(body, start, end, spans)


def merge_adjacent_marks(snippet: str) -> str:
    """<mark>暖新</mark><mark>保</mark> -> <mark>暖新保</mark>: one match, one mark."""
    return _ADJACENT_MARKS.sub(r"\1", snippet)


def _occurrences(text: str, term: str) -> list[int]:
    found, at = [], text.find(term)
    while at >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(at)
        at = text.find(term, at + len(term))
    return found


def _window_start(folded: str, terms: Sequence[str], size: int) -> int:
    """Where the window holding the most distinct terms starts (the earliest such)."""
    hits = [(at, term) for term in terms for at in _occurrences(folded, term)]
    if not hits:
        return 0
    best, best_start = -1, 0
    for at, _ in sorted(hits):
        start = max(0, at - LEAD_CHARS)
        covered = {term for pos, term in hits if start <= pos and pos + len(term) <= start + size}
        if len(covered) > best:
            best, best_start = len(covered), start
    return best_start


def _match_spans(body: str, start: int, end: int, terms: set[str]) -> list[tuple[int, int]]:
    """Merged spans of index tokens equal to a query term, inside [start, end)."""
    # Segment a little beyond the window so words cut by its edges are still whole.
    lo, hi = max(0, start - 10), min(len(body), end + 10)
    spans: list[tuple[int, int]] = []
    for word, s, e in token_spans(body[lo:hi]):
        s, e = max(lo + s, start), min(lo + e, end)
        if word in terms and s < e:
            spans.append((s, e))
    return _merge(sorted(spans))


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
