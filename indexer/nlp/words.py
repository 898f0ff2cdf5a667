"""The words of a text with their parts of speech, read by character offsets.

Rules that read the syntax around a figure, a quote or a facility's head noun (is the
word after “…” a noun? which word is the clause's verb?) ask for the words inside a
range of the text. They get them from one reading of the whole text, made once per
text, never by running a tagger again on each short span:

- with the model (``UNIONKB_NLP_MODEL=lac``), the pipeline's proposals: LAC's words,
  run once per sentence, so each word is read with its whole sentence around it;
- in the fast mode (``none``), jieba's part-of-speech tagger with the process's one
  dictionary (``indexer.jieba_dictionary``) without its HMM guesses (which cost three
  times the rest of the fast mode and scored no better), its tags written as LAC's
  (nr → PER, x → w, uj → u, digits → m), so the rules read one tag set. Sentences are
  tagged when a rule first asks about them, once per text; nothing loads the model.

A sentence the page's layout broke over lines (举办了\n3\n场) is read as one, its line
breaks left out of what the tagger reads (``text.layout_joined``).

Tags are LAC's: n, v, vn, nz, a, d, p, c, u, m, q, r, f, s, t, w, xc, PER, LOC, ORG, TIME.
"""

from __future__ import annotations

import os
import re
import threading
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, Protocol

from indexer import jieba_dictionary
from indexer.nlp.proposers.lac import LacProposer, ModelUnavailable, Token, shared_model
from indexer.nlp.text import Span, layout_joined, sentences, unbroken

MODEL_ENV = "UNIONKB_NLP_MODEL"
MODELS = ("lac", "none")


class Words(Protocol):
    def within(self, start: int, end: int) -> list[Token]:
        """The words lying wholly inside [start, end), in text order."""
        ...


class TokenWords:
    """Words already read (a proposer's tokens, in text order), found by bisection."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._tokens = list(tokens)
        self._starts = [t.start for t in self._tokens]

    def within(self, start: int, end: int) -> list[Token]:
        found = []
        for token in self._tokens[bisect_left(self._starts, start):]:
            if token.start >= end:
                break
            if token.end <= end:
                found.append(token)
        return found


class JiebaWords:
    """jieba's words and tags of a text, each sentence tagged when first asked about."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._sentences = layout_joined(text, sentences(text))
        self._ends = [s.end for s in self._sentences]
        self._read: dict[int, list[Token]] = {}

    def within(self, start: int, end: int) -> list[Token]:
        found = []
        i = bisect_left(self._ends, start + 1)
        while i < len(self._sentences) and self._sentences[i].start < end:
            found += [t for t in self._sentence(i) if t.start >= start and t.end <= end]
            i += 1
        return found

    def _sentence(self, i: int) -> list[Token]:
        if i not in self._read:
            self._read[i] = list(_jieba_tokens(self._sentences[i]))
        return self._read[i]


def model_name() -> str:
    """The proposer the environment asks for (``lac`` unless it says ``none``); an unknown
    name is refused."""
    name = os.environ.get(MODEL_ENV, "lac").strip().lower() or "lac"
    if name not in MODELS:
        raise ModelUnavailable(f"{MODEL_ENV}={name!r}: expected one of {', '.join(MODELS)}")
    return name


def words_of(text: str) -> Words:
    """One reading of a text for a caller outside the pipeline (a test, an old caller):
    the configured model's, run once over its sentences, or jieba's in the fast mode."""
    return JiebaWords(text) if model_name() == "none" else _ModelWords(text)


class _ModelWords:
    """The model's words of a text, read on the first question about them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: TokenWords | None = None

    def within(self, start: int, end: int) -> list[Token]:
        if self._words is None:
            proposals = LacProposer(shared_model()).propose(self.text, sentences(self.text))
            self._words = TokenWords(proposals.tokens)
        return self._words.within(start, end)


# -- jieba's tags, written as LAC's ---------------------------------------------------

JIEBA_TAGS = {"x": "w", "nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG",
              "uj": "u", "ul": "u", "uz": "u", "ug": "u", "uv": "u", "ud": "u", "mq": "m",
              "ng": "n", "vg": "v", "ag": "a", "dg": "d", "tg": "t", "rg": "r", "rr": "r",
              "rz": "r", "eng": "nz", "j": "nz", "l": "n", "i": "n", "k": "n", "b": "a",
              "z": "a", "h": "a", "y": "xc", "e": "xc", "o": "xc", "zg": "xc", "g": "n",
              "df": "d", "yg": "xc", "mg": "m"}

# jieba tags digits as a foreign word (eng); LAC, as a numeral.
NUMBER = re.compile(r"[0-9０-９][0-9０-９.．]*")

_pos: Any = None
_lock = threading.Lock()


def _jieba_tokens(sentence: Span) -> list[Token]:
    read, offsets = unbroken(sentence)
    tokens, pos = [], 0
    for pair in _pos_tokenizer().cut(read, HMM=False):
        word, flag = pair.word, pair.flag
        tag = "m" if NUMBER.fullmatch(word) else JIEBA_TAGS.get(flag, flag)
        tokens.append(Token(offsets[pos], offsets[pos + len(word) - 1] + 1, word, tag))
        pos += len(word)
    return tokens


def _pos_tokenizer() -> Any:
    """jieba's tagger over the process's one dictionary, made once."""
    global _pos
    with _lock:
        if _pos is None:
            import jieba.posseg

            words = jieba_dictionary.tokenizer()
            # jieba.posseg made its tagger over jieba.dt when imported, reading the tags
            # of dict.txt (a second), and jieba.dt is the process's one dictionary:
            # that tagger is the one to use, not a second read of the same file.
            shared = jieba.posseg.dt
            _pos = shared if shared.tokenizer is words else jieba.posseg.POSTokenizer(words)
    return _pos
