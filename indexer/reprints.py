"""Printings of one report: near-duplicates found by MinHash over jieba word shingles.

One report is printed by 工人日报, the provincial 工人报 and 中工网 with small edits
(a new headline, a 本报讯 lead, a paragraph cut). Exact copies are caught by the
content hash (``Archive.upsert``); near-copies are caught here. Each text becomes the
set of its ``SHINGLE_WORDS``-word shingles (jieba's precise cut of the folded text,
punctuation left out), summarised by a MinHash of ``NUM_PERM`` permutations
(datasketch); a MinHashLSH index over those finds, for a new article, the archived
ones whose estimated Jaccard similarity is at least ``THRESHOLD``.

The shingle size and the threshold were measured (``bench/bench_reprints.py``: 480
reprints made by editing the 80 real reports of ../shared/corpus the ways papers edit,
against their 3,160 distinct pairs). Three-word shingles keep distinct reports apart
(the most similar pair: exact Jaccard 0.058, against 0.107 for two-word and 0.291 for
single words) while edited reprints stay high (median 0.956, 5th percentile 0.654).
At 0.4 LSH finds 474 of the 480 reprints (seeds 3 and 11), with no false match; the
misses are short reports that lost half their text. 0.3 would find three more, with
less margin above the distinct pairs: a figure repeated by independent reports must
never be merged into one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from indexer.search.analysis import fold, precise_words

SHINGLE_WORDS = 3
NUM_PERM = 128
THRESHOLD = 0.4
SEED = 1  # fixed: signatures stored today must compare with those computed tomorrow
SCHEME = "affine32"  # datasketch 2's default, named so stored signatures read back alike


def words(text: str) -> list[str]:
    """The words of ``text``: jieba's precise cut of the folded text, without punctuation.
    The cut is kept for the writer, which cuts the article next (``precise_words``)."""
    cut = precise_words(fold(text), keep=True)
    return [w for w in cut if any(c.isalnum() for c in w)]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Every run of ``size`` consecutive words (the whole text when it is shorter)."""
    found = words(text)
    if len(found) <= size:
        return {" ".join(found)} if found else set()
    return {" ".join(found[i:i + size]) for i in range(len(found) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def signature(text: str, size: int = SHINGLE_WORDS) -> MinHash:
    """The MinHash of the text's shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([s.encode("utf-8") for s in shingles(text, size)])
    return minhash


@cache
def _permutations() -> np.ndarray:
    # A MinHash draws its permutations from the seed each time it is made: 2 ms, more than
    # hashing a report's shingles. They are the same every time, so they are drawn once.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


# affine32 keeps each hash value under 2**32 (datasketch masks them), so four bytes hold
# one: 512 bytes a signature. Those stored before in eight bytes read back alike.
STORED = "<u4"
STORED_BEFORE = "<u8"


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(STORED).tobytes()


def stored_values(data: bytes) -> np.ndarray:
    """The hash values of a stored signature, in either width, as MinHash holds them."""
    width = STORED if len(data) == NUM_PERM * 4 else STORED_BEFORE
    return np.frombuffer(data, dtype=width).astype(np.uint64)


def from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature, frozen: it is compared and indexed, never updated, so it needs
    no permutations (a million are read when an archive's stories are looked up)."""
    return LeanMinHash(seed=SEED, scheme=SCHEME, hashvalues=stored_values(data))


class ReprintFinder:
    """The archived signatures, in an LSH index: which of them a new text reprints."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}

    def add(self, key: str, minhash: MinHash) -> None:
        if key in self.signatures:
            self.lsh.remove(key)
        self.lsh.insert(key, minhash)
        self.signatures[key] = minhash

    def add_all(self, pairs: Iterable[tuple[str, MinHash]]) -> None:
        for key, minhash in pairs:
            self.add(key, minhash)

    def matches(self, minhash: MinHash, exclude: str | None = None) -> list[tuple[str, float]]:
        """The keys whose estimated similarity reaches the threshold, most similar first.

        LSH gives candidates; the estimate from the full signatures confirms them, so a
        candidate that only shared a band is dropped. The estimate is MinHash.jaccard's
        (the share of equal hash values), for all candidates in one array operation:
        reports written from one template share bands with hundreds of others."""
        keys = [key for key in self.lsh.query(minhash) if key != exclude]
        if not keys:
            return []
        stacked = np.stack([self.signatures[key].hashvalues for key in keys])
        return confirmed(keys, stacked, minhash, self.threshold)


def confirmed(keys: list[str], stacked: np.ndarray, minhash: MinHash,
              threshold: float) -> list[tuple[str, float]]:
    """The candidates ``keys`` (their signatures the rows of ``stacked``) whose estimated
    similarity to ``minhash`` reaches ``threshold``, most similar first."""
    scores = np.count_nonzero(stacked == minhash.hashvalues, axis=1) / float(len(minhash))
    found = [(key, float(score)) for key, score in zip(keys, scores, strict=True)
             if score >= threshold]
    return sorted(found, key=lambda item: (-item[1], item[0]))
