"""Traditional characters folded to simplified ones, one character for one.

Reports from Hong Kong, Macao and Taiwan, and users typing in traditional characters,
must meet the mainland's simplified texts: 工會驛站 is 工会驿站. Both the index and the
queries see text through ``fold_script``, so either script finds the other.

The conversion is OpenCC's ``hk2s`` (its packaged data, no download): OpenCC's
traditional-to-simplified tables plus the Hong Kong variant forms (衞生 → 卫生, which
plain ``t2s`` leaves alone). ``tw2s`` was measured and refused: on the real reports of
../shared/corpus it rewrote simplified text (什么 → 什幺, 著 → 着), and folding must leave
a simplified report exactly as it is (``hk2s`` and ``t2s`` changed none of their 42,052
characters).

Snippets and highlights are cut from the original text at offsets found in the folded
one, so the fold must keep every character in its place. OpenCC's phrase tables may
replace a phrase by one of another length; when a conversion changes the length, the
text is converted again character by character, which is 1:1 (a character OpenCC would
turn into several is kept as it is).
"""

from __future__ import annotations

import threading
from functools import lru_cache

import opencc

OPENCC_CONFIG = "hk2s"

_converter: opencc.OpenCC | None = None
_lock = threading.Lock()


def _opencc() -> opencc.OpenCC:
    global _converter
    with _lock:
        if _converter is None:
            _converter = opencc.OpenCC(OPENCC_CONFIG)
    return _converter


def fold_script(text: str) -> str:
    """``text`` with traditional characters made simplified; same length as ``text``."""
    if not text or text.isascii():
        return text
    converted = _opencc().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_fold_char(char) for char in text)


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    converted = _opencc().convert(char)
    return converted if len(converted) == 1 else char
