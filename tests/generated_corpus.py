"""Helpers for tests over ``bench.scale_corpus``'s generated reports."""

from __future__ import annotations

from dataclasses import replace

from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery

# Words of the generator's set phrases and figures, from the most common down.
COMMON_WORDS = ("困难", "劳动", "服务", "活动", "职工", "工会")


def common_word(backend: SearchBackend, query: SearchQuery) -> str:
    """A word of the generated reports in more than half of the scope, not in all: a
    search the analyses count as the scope less the reports without it."""
    within = backend.count(query)
    shares = {w: backend.count(replace(query, text=w)) / within for w in COMMON_WORDS}
    fitting = [w for w, share in shares.items() if 0.5 < share < 1]
    assert fitting, shares
    return fitting[0]
