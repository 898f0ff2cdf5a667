"""jieba's dictionary, read once for the whole process.

Both the search analysis (``indexer.search.analysis``) and the NLP
(``indexer.nlp.lexicon``) cut with the global ``jieba.dt``, and the NLP also asks
for the part-of-speech tags of dictionary words. Both come from one read of jieba's
``dict.txt`` here: the word frequencies jieba needs for its prefix dictionary (what
``jieba.Tokenizer.gen_pfdict`` builds, so jieba's own cache file is not loaded) and
the tags the lexicon needs. This module sits beside ``search`` and ``nlp`` so
neither has to import the other.

Nothing may add words to ``jieba.dt`` (``add_word``, ``load_userdict``): see
``indexer.search.analysis.DictionaryChanged``.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

# The lexicon keeps the tags of words of at most this many characters.
MAX_TAGGED_WORD = 4

# Dictionary words at least this frequent are everyday words, whatever their tag says
# (jieba tags 毛巾 and 关怀 as personal names).
FREQUENT = 400


@dataclass(frozen=True)
class Tags:
    """The lexicon's view of the dictionary: tags of its short words, and the frequent ones."""

    tags: dict[str, str]
    frequent: frozenset[str]


_tokenizer: jieba.Tokenizer | None = None
_tags: Tags | None = None
_lock = threading.Lock()


def _read(text: str) -> tuple[dict[str, int], int, Tags]:
    """jieba's prefix dictionary and word count (as ``gen_pfdict`` makes them) and the
    lexicon's tags, from the text of ``dict.txt``."""
    freq: dict[str, int] = {}
    total = 0
    tags: dict[str, str] = {}
    frequent: set[str] = set()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        fields = line.split(" ")
        try:
            word, count = fields[0], int(fields[1])
        except (IndexError, ValueError):
            raise ValueError(f"invalid dictionary entry at line {lineno}: {line}") from None
        freq[word] = count
        total += count
        parts = raw.split()
        if len(parts) == 3 and len(parts[0]) <= MAX_TAGGED_WORD:
            tags[parts[0]] = parts[2]
            if int(parts[1]) >= FREQUENT:
                frequent.add(parts[0])
    # Every prefix of a word is a key too (0 when it is not a word itself).
    add_prefix = freq.setdefault
    for word in list(freq):
        for end in range(1, len(word)):
            add_prefix(word[:end], 0)
    return freq, total, Tags(tags, frozenset(frequent))


def _load() -> tuple[jieba.Tokenizer, Tags]:
    global _tokenizer, _tags
    with _lock:
        if _tokenizer is None or _tags is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            dt = jieba.dt
            with dt.get_dict_file() as file:
                text = file.read().decode("utf-8")
            freq, total, tags = _read(text)
            del text
            with dt.lock:
                if not dt.initialized:  # someone may have loaded it already (jieba.initialize)
                    dt.FREQ, dt.total = freq, total
                    dt.initialized = True
            _tokenizer, _tags = dt, tags
        return _tokenizer, _tags


def tokenizer() -> jieba.Tokenizer:
    """The process's one jieba, ``jieba.dt``, loaded from ``dict.txt`` on first use."""
    return _load()[0]


def word_tags() -> Tags:
    """The tags of the dictionary's words (from the same read of ``dict.txt``)."""
    return _load()[1]
