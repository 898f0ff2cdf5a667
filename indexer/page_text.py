"""Page-text dumps (one e-paper page as plain text): read bounded and decoded.

A dump is read bounded (``indexer.input_files``) and decoded: a byte-order mark
names UTF-8, UTF-16 or UTF-32; without one, UTF-8 is tried, then GB18030. A
character cut off at the very end, control characters (NUL and the like) and
zero-width characters are repaired away, and each repair is said. What is no page
text is refused with the reason: binary data, HTML, a file without a single word.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from indexer.input_files import UnusableFile, read_bounded
from indexer.models import has_words

# Longest BOM first: the UTF-32-LE mark starts with the UTF-16-LE one.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The reasons codecs give for a multi-byte character whose last bytes are missing.
_CUT_OFF = {"unexpected end of data", "truncated data", "incomplete multibyte sequence"}
# Text has a stray control character here and there; data with more than this share
# of them is binary, whatever it happened to decode as.
BINARY_CONTROL_SHARE = 0.05
_KEPT_CONTROLS = frozenset("\t\n\r\f\v")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|/?(?:html|head|body|meta|title|div|p|span|br|a|img|table|tr|td"
    r"|ul|li|h[1-6]|font|center|script|style)\b[^<>]*)>",
    re.IGNORECASE,
)
HTML_TAGS_FOR_A_PAGE = 3
NOT_PLAIN_TEXT = (
    "an HTML page, not a page-text dump: ingest-text reads the plain text of a page; "
    "to take in an e-paper's pages, crawl it with `unionkb crawl` (which keeps the raw "
    "HTML for `unionkb reparse`)"
)


class UnreadableDump(UnusableFile):
    """A file that is no page text (not decodable, binary, HTML, no words)."""


@dataclass(frozen=True)
class PageText:
    text: str
    encoding: str
    repairs: tuple[str, ...] = ()


def read_page_text(path: Path) -> PageText:
    """The text of the dump at ``path``, or ``UnusableFile`` saying why there is none."""
    return decode_page_text(read_bounded(path), path)


def read_dump(path: Path) -> str:
    return read_page_text(path).text


def decode_page_text(data: bytes, origin: Path | str) -> PageText:
    if not data:
        raise UnreadableDump(origin, "empty file")
    text, encoding, repairs = _decode(data, origin)
    text, cleaned = _without_non_text(text, origin)
    _check_page_text(text, origin)
    return PageText(text, encoding, tuple(repairs + cleaned))


# -- decoding ---------------------------------------------------------------------------


def _decode(data: bytes, origin: Path | str) -> tuple[str, str, list[str]]:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            decoded = _decode_as(data[len(mark):], encoding)
            if decoded is None:
                raise UnreadableDump(origin, f"starts with a {encoding} byte-order mark but "
                                             f"is not {encoding} text")
            return decoded[0], encoding, decoded[1]
    for encoding in ("utf-8", "gb18030"):
        decoded = _decode_as(data, encoding)
        if decoded is not None:
            return decoded[0], encoding, decoded[1]
    raise UnreadableDump(origin, "neither UTF-8 nor GB18030 text (nor UTF-16/UTF-32 with a "
                                 "byte-order mark)")


def _decode_as(data: bytes, encoding: str) -> tuple[str, list[str]] | None:
    """The text and what was repaired, or None when ``data`` is not ``encoding``.

    A dump cut short (a copy stopped, a download broken off) may end inside a
    multi-byte character: the rest is good text, so only that character is dropped.
    """
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as exc:
        if exc.end != len(data) or exc.reason not in _CUT_OFF:
            return None
        cut = exc.start
    try:
        text = data[:cut].decode(encoding)
    except UnicodeDecodeError:
        return None
    return text, [f"dropped {len(data) - cut} byte(s) of a {encoding} character cut off at "
                  "the end"]


# -- what is no text ----------------------------------------------------------------------


def _without_non_text(text: str, origin: Path | str) -> tuple[str, list[str]]:
    controls = sum(1 for char in text if _is_stray_control(char))
    if controls > len(text) * BINARY_CONTROL_SHARE:
        raise UnreadableDump(origin, f"binary data, not text ({controls} of {len(text)} "
                                     "characters are control characters)")
    zero_width = sum(1 for char in text if char in _ZERO_WIDTH)
    if not controls and not zero_width:
        return text, []
    kept = "".join(c for c in text if c not in _ZERO_WIDTH and not _is_stray_control(c))
    repairs = [f"removed {n} {what}" for n, what in (
        (controls, "control character(s) such as NUL"), (zero_width, "zero-width character(s)"))
        if n]
    return kept, repairs


def _is_stray_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in _KEPT_CONTROLS


def _check_page_text(text: str, origin: Path | str) -> None:
    if not text.strip():
        raise UnreadableDump(origin, "no text: only whitespace, control or zero-width "
                                     "characters")
    if _looks_like_html(text):
        raise UnreadableDump(origin, NOT_PLAIN_TEXT)
    if not has_words(text):
        raise UnreadableDump(origin, "no words: only punctuation, symbols or digits")


def _looks_like_html(text: str) -> bool:
    return len(_HTML_TAG.findall(text[:65_536])) >= HTML_TAGS_FOR_A_PAGE
