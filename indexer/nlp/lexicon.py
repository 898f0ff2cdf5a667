"""Part-of-speech tags of jieba's dictionary words, read once from its dictionary file.

The rules ask simple questions of it — is this a dictionary word that is not a
personal name (方面, 江苏)? does this end in a verb (组织社区, 纳入社区)? — without
running jieba's tagger, whose guesses on unknown words are what the rules avoid.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

MAX_WORD = 4


# Dictionary words at least this frequent are everyday words, whatever their tag says
# (jieba tags 毛巾 and 关怀 as personal names).
FREQUENT = 400


@cache
def _dictionary() -> tuple[dict[str, str], frozenset[str]]:
    tags, frequent = {}, set()
    text = resources.files("jieba").joinpath("dict.txt").read_text("utf-8")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and len(parts[0]) <= MAX_WORD:
            tags[parts[0]] = parts[2]
            if int(parts[1]) >= FREQUENT:
                frequent.add(parts[0])
    return tags, frozenset(frequent)


def word_tags() -> dict[str, str]:
    return _dictionary()[0]


def is_frequent_word(word: str) -> bool:
    return word in _dictionary()[1]


def is_common_word(word: str) -> bool:
    """A dictionary word (of two characters or more) not tagged as a personal name."""
    if len(word) < 2:
        return False
    tag = word_tags().get(word)
    return tag is not None and not tag.startswith("nr")


def ends_with_verb(text: str) -> bool:
    tags = word_tags()
    return any(tags.get(text[-n:], "").startswith("v") for n in (2, 3) if len(text) >= n)


@cache
def _tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def words(text: str) -> list[str]:
    """jieba's segmentation of a short span (without its HMM guesses at unknown words)."""
    return list(_tokenizer().cut(text, HMM=False))


def is_verb(word: str) -> bool:
    return word_tags().get(word, "").startswith("v") and word_tags().get(word) != "vn"


def starts_verb(text: str, pos: int) -> bool:
    """True when a two-character dictionary verb starts at pos (发放, 开展)."""
    return word_tags().get(text[pos:pos + 2], "") == "v"
