"""Part-of-speech tags of jieba's dictionary words (read with jieba's dictionary, once,
by ``indexer.jieba_dictionary``).

The rules ask simple questions of it — is this a dictionary word that is not a
personal name (方面, 江苏)? does this end in a verb (组织社区, 纳入社区)? — without
running jieba's tagger, whose guesses on unknown words are what the rules avoid.
"""

from __future__ import annotations

from indexer import jieba_dictionary


def word_tags() -> dict[str, str]:
    return jieba_dictionary.word_tags().tags


def is_frequent_word(word: str) -> bool:
    return word in jieba_dictionary.word_tags().frequent


def is_common_word(word: str) -> bool:
    """A dictionary word (of two characters or more) not tagged as a personal name."""
    if len(word) < 2:
        return False
    tag = word_tags().get(word)
    return tag is not None and not tag.startswith("nr")


def ends_with_verb(text: str) -> bool:
    tags = word_tags()
    return any(tags.get(text[-n:], "").startswith("v") for n in (2, 3) if len(text) >= n)


def words(text: str) -> list[str]:
    """jieba's segmentation of a short span (without its HMM guesses at unknown words)."""
    return list(jieba_dictionary.tokenizer().cut(text, HMM=False))


def is_verb(word: str) -> bool:
    return word_tags().get(word, "").startswith("v") and word_tags().get(word) != "vn"


def starts_verb(text: str, pos: int) -> bool:
    """True when a two-character dictionary verb starts at pos (发放, 开展)."""
    return word_tags().get(text[pos:pos + 2], "") == "v"
