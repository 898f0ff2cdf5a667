"""The one Chinese analysis both search backends use, at index time and at query time.

Neither tantivy nor Elasticsearch (without plugins) can segment Chinese, so we do it
here with jieba and hand them words separated by spaces. Documents are cut in search
mode: every word of the precise cut plus the shorter dictionary words inside it, so
民乐县总工会 is also found by 总工会 and 工会. Queries are cut in precise mode, so each
query word is one of the tokens the same text produced at index time. Both sides are
folded first (full width, case, traditional characters: ``fold``).
"""

from __future__ import annotations

import hashlib
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from indexer import jieba_dictionary
from indexer.search.folding import fold_script

if TYPE_CHECKING:
    import jieba

# Longer "words" are runs of Latin letters or digits (URLs, codes): noise in a search
# index, and a term over tantivy's 64 KB limit would fail the whole document.
MAX_TOKEN_CHARS = 64

# Full-width ASCII (ＡＰＰ, ２０２５) and the ideographic space, folded to their
# half-width forms one character for one, so character offsets stay valid.
_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Indexed where punctuation parted two words, so that a phrase does not run across it
# ("服务职工" is not in 服务，职工); no query word can be it, as it has no letter.
PHRASE_BREAK = "|"

_tokenizer: jieba.Tokenizer | None = None
_dictionary_total: int | None = None  # the word count the index was cut with
_lock = threading.Lock()


class DictionaryChanged(RuntimeError):
    """Someone added words to jieba's dictionary after the analysis loaded it."""


def jieba_tokenizer() -> jieba.Tokenizer:
    """The process's one jieba, ``jieba.dt``, loaded on first use (by
    ``indexer.jieba_dictionary``, which the NLP's lexicon uses too: one dictionary in
    memory, read once).

    Nothing may add words to it: a word one module adds (a gazetteer name, a
    programme) would change how a text is cut depending on what ran earlier in the
    process, and the index and the queries would stop agreeing. So a change is an
    error here, not a quiet drift.
    """
    global _tokenizer, _dictionary_total
    with _lock:
        if _tokenizer is None:
            _tokenizer = jieba_dictionary.tokenizer()
            _dictionary_total = _tokenizer.total
    if _tokenizer.total != _dictionary_total:
        raise DictionaryChanged(
            "jieba's dictionary changed after the search analysis loaded it (jieba.add_word "
            "or load_userdict?): index and queries would be cut differently. Keep extra "
            "words out of jieba.dt."
        )
    return _tokenizer


def fold(text: str) -> str:
    """Width-folded, lower-cased and simplified (工會 → 工会), with the same length as
    ``text``, so an offset into the folded text is one into ``text``."""
    return fold_script(text.translate(_WIDTH_FOLD).lower())


def _is_word(token: str) -> bool:
    # isalnum() first: most tokens are words through and through, and it is one C call.
    return 0 < len(token) <= MAX_TOKEN_CHARS and (token.isalnum() or
                                                   any(c.isalnum() for c in token))


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Index tokens of ``text`` with their character offsets (overlapping: search mode)."""
    if not text:
        return []
    folded = fold(text)
    spans = jieba_tokenizer().tokenize(folded, mode="search")
    return [(word, start, end) for word, start, end in spans if _is_word(word)]


def analyze(text: str) -> list[str]:
    """The tokens a document's text is indexed under, in order, ``PHRASE_BREAK`` where
    punctuation parted two words."""
    if not text:
        return []
    return _analyzed(jieba_tokenizer().tokenize(fold(text), mode="search"))


def _analyzed(spans: Iterable[tuple[str, int, int]]) -> list[str]:
    tokens: list[str] = []
    for word, _, _ in spans:
        if _is_word(word):
            tokens.append(word)
        elif tokens and tokens[-1] != PHRASE_BREAK and not word.isspace():
            tokens.append(PHRASE_BREAK)
    if tokens and tokens[-1] == PHRASE_BREAK:
        tokens.pop()
    return tokens


def segmented(text: str) -> str:
    """``analyze(text)`` joined by spaces: what the whitespace-tokenized fields receive
    (read from a ``Segmentation`` that cut it as part of its article, if one did)."""
    known = _segmented_parts.get(text)
    return known if known is not None else " ".join(analyze(text))


def query_terms(text: str) -> list[str]:
    """The words of a query, each required: precise cut, in order, without repeats."""
    if not text or not text.strip():
        return []
    words = jieba_tokenizer().cut(fold(text), HMM=True)
    return list(dict.fromkeys(w for w in words if _is_word(w)))


# -- one cut of an article, read by its parts ----------------------------------------

# jieba cuts each run of these characters on its own (``jieba.re_han_default``); any
# other character is a token by itself, but for "\r\n", one token. So a text's cut is
# the cuts of its pieces wherever it is parted between two characters that are not both
# of a run (nor \r and \n): the boundaries where a part can be read out of the whole.
_RUN = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]")

# Texts ``segmented`` finds already cut (the index fields of the articles a writer
# segmented lately), bounded: cleared when full, as it only spares work.
_segmented_parts: dict[str, str] = {}
_PARTS_KEPT = 8192


# Precise cuts made ahead for a later reader: the story finder cuts a body before the
# writer cuts its article (``precise_words``). Kept as word lengths under a digest of
# the folded text (a few hundred bytes an article, not its words), bounded.
_cuts_ahead: dict[bytes, bytes] = {}
_CUTS_KEPT = 200_000


def precise_words(folded: str, keep: bool = False) -> list[str]:
    """jieba's precise cut (HMM on, as ``Tokenizer.cut``) of an already folded text; with
    ``keep`` it is kept for the one ``Segmentation`` of the text that follows."""
    key = _digest(folded)
    lengths = _cuts_ahead.get(key) if keep else _cuts_ahead.pop(key, None)
    if lengths is not None:
        words, start = [], 0
        for width in array("I", lengths):
            words.append(folded[start:start + width])
            start += width
        return words
    words = list(jieba_tokenizer().cut(folded, HMM=True))
    if keep:
        _keep(key, array("I", map(len, words)).tobytes())
    return words


def cut_lengths(folded: str) -> bytes:
    """The lengths of the words of ``folded``'s precise cut: what a process cutting for
    another sends back (``keep_cuts``)."""
    return array("I", map(len, jieba_tokenizer().cut(folded, HMM=True))).tobytes()


def keep_cuts(folded: Sequence[str], lengths: Iterable[bytes]) -> None:
    """Cuts made elsewhere (``cut_lengths``), kept for the ``Segmentation``s that follow."""
    for text, widths in zip(folded, lengths, strict=True):
        _keep(_digest(text), widths)


def _digest(folded: str) -> bytes:
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).digest()


def _keep(key: bytes, lengths: bytes) -> None:
    if len(_cuts_ahead) >= _CUTS_KEPT:
        _cuts_ahead.clear()
    _cuts_ahead[key] = lengths


class Segmentation:
    """One search-mode cut of a whole text (an article's ``text``: kicker, title,
    subtitle and body joined by line breaks), from which the cut of any range of it is
    read, equal to cutting that range alone: the index fields and the words around a
    programme's mentions come from one pass of jieba, not one each.

    jieba's search mode is its precise cut plus, for each word longer than 2 (3)
    characters, the 2- (3-)character dictionary words inside it (``Tokenizer.tokenize``);
    the precise cut is kept and the sub-words derived from it the same way.
    """

    def __init__(self, text: str, parts: Sequence[str] | None = None) -> None:
        """``parts``: the pieces ``text`` joins by line breaks, if it does; each is cut
        on its own (or its cut made ahead is taken), which is the whole's cut as a line
        break parts jieba's runs (unless a part ends with \r: then the whole is cut)."""
        self.text = text
        self.folded = fold(text)
        tokenizer = jieba_tokenizer()
        self._freq = tokenizer.FREQ
        self._words = self._from_parts(parts) if parts else None
        if self._words is None:
            self._words = list(tokenizer.tokenize(self.folded))
        self._starts = [start for _, start, _ in self._words]

    def _from_parts(self, parts: Sequence[str]) -> list[tuple[str, int, int]] | None:
        folded = [fold(part) for part in parts]
        if "\n".join(folded) != self.folded or any(p.endswith("\r") for p in folded[:-1]):
            return None
        words: list[tuple[str, int, int]] = []
        start = 0
        for i, part in enumerate(folded):
            if i:
                words.append(("\n", start, start + 1))
                start += 1
            for word in precise_words(part):
                words.append((word, start, start + len(word)))
                start += len(word)
        return words

    def spans(self, lo: int = 0, hi: int | None = None) -> list[tuple[str, int, int]]:
        """Every search-mode token of ``fold(text[lo:hi])`` (words, punctuation and
        spaces, as ``Tokenizer.tokenize`` gives them), at offsets into ``text``."""
        hi = len(self.text) if hi is None else hi
        if lo >= hi:
            return []
        folded = self.folded[lo:hi]
        if (lo, hi) != (0, len(self.text)) and fold(self.text[lo:hi]) != folded:
            return self._cut(fold(self.text[lo:hi]), lo)  # folded otherwise on its own
        inner_lo, inner_hi = self._boundary_after(lo, hi), self._boundary_before(lo, hi)
        if inner_lo >= inner_hi:
            return self._cut(folded, lo)
        first, last = bisect_left(self._starts, inner_lo), bisect_left(self._starts, inner_hi)
        return [*self._cut(self.folded[lo:inner_lo], lo),
                *self._search(self._words[first:last]),
                *self._cut(self.folded[inner_hi:hi], inner_hi)]

    def word_spans(self, lo: int = 0, hi: int | None = None) -> list[tuple[str, int, int]]:
        """``spans`` without punctuation, spaces and over-long tokens: ``token_spans``."""
        return [span for span in self.spans(lo, hi) if _is_word(span[0])]

    def segmented(self, lo: int, hi: int) -> str:
        """``segmented(text[lo:hi])``."""
        return " ".join(_analyzed(self.spans(lo, hi)))

    def remember_parts(self, parts: Iterable[str]) -> None:
        """Let ``segmented`` find each of ``parts`` (in order, joined by line breaks they
        make ``text``) cut already, as the index fields ask for them next."""
        if len(_segmented_parts) > _PARTS_KEPT:
            _segmented_parts.clear()
        start = 0
        for part in parts:
            end = start + len(part)
            if self.text[start:end] != part:
                return  # not this text's parts: nothing remembered beyond here
            if part:
                _segmented_parts[part] = self.segmented(start, end)
            start = end + 1

    def _boundary_after(self, lo: int, hi: int) -> int:
        """The first position at or after ``lo`` where the whole text's cut parts."""
        position = lo
        while position < hi and not self._parted(position):
            position += 1
        return position

    def _boundary_before(self, lo: int, hi: int) -> int:
        position = hi
        while position > lo and not self._parted(position):
            position -= 1
        return position

    def _parted(self, position: int) -> bool:
        if position <= 0 or position >= len(self.folded):
            return True
        before, after = self.folded[position - 1], self.folded[position]
        if before == "\r" and after == "\n":
            return False
        return not (_RUN.match(before) and _RUN.match(after))

    def _cut(self, folded: str, offset: int) -> list[tuple[str, int, int]]:
        if not folded:
            return []
        return [(word, start + offset, end + offset)
                for word, start, end in jieba_tokenizer().tokenize(folded, mode="search")]

    def _search(self, words: list[tuple[str, int, int]]) -> Iterator[tuple[str, int, int]]:
        """Search mode from the precise cut, as ``Tokenizer.tokenize`` derives it."""
        freq = self._freq
        for word, start, end in words:
            width = end - start
            if width > 2:
                for i in range(width - 1):
                    if freq.get(word[i:i + 2]):
                        yield word[i:i + 2], start + i, start + i + 2
            if width > 3:
                for i in range(width - 2):
                    if freq.get(word[i:i + 3]):
                        yield word[i:i + 3], start + i, start + i + 3
            yield word, start, end
