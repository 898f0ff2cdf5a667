"""The one Chinese analysis both search backends use, at index time and at query time.

Neither tantivy nor Elasticsearch (without plugins) can segment Chinese, so we do it
here with jieba and hand them words separated by spaces. Documents are cut in search
mode: every word of the precise cut plus the shorter dictionary words inside it, so
民乐县总工会 is also found by 总工会 and 工会. Queries are cut in precise mode, so each
query word is one of the tokens the same text produced at index time. Both sides are
folded first (full width, case, traditional characters: ``fold``).
"""

from __future__ import annotations

import threading
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
    return 0 < len(token) <= MAX_TOKEN_CHARS and any(c.isalnum() for c in token)


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
    tokens: list[str] = []
    for word, _, _ in jieba_tokenizer().tokenize(fold(text), mode="search"):
        if _is_word(word):
            tokens.append(word)
        elif tokens and tokens[-1] != PHRASE_BREAK and not word.isspace():
            tokens.append(PHRASE_BREAK)
    if tokens and tokens[-1] == PHRASE_BREAK:
        tokens.pop()
    return tokens


def segmented(text: str) -> str:
    """``analyze(text)`` joined by spaces: what the whitespace-tokenized fields receive."""
    return " ".join(analyze(text))


def query_terms(text: str) -> list[str]:
    """The words of a query, each required: precise cut, in order, without repeats."""
    if not text or not text.strip():
        return []
    words = jieba_tokenizer().cut(fold(text), HMM=True)
    return list(dict.fromkeys(w for w in words if _is_word(w)))
