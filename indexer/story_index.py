"""The archived signatures as an LSH index in SQLite: which printings a new text may reprint.

``indexer.reprints.ReprintFinder`` holds the signatures in memory (datasketch's
MinHashLSH). Story assignment used it over the whole archive, so every ingest first
read every signature back and inserted it into the LSH: 2–5 ms an article, an
hour and gigabytes of memory per ingest at a million articles, before the first new one
was compared. Here the LSH's bands are rows of ``story_bands``, written with the
article's ``article_stories`` row: a lookup is one probe per band, whatever the
archive's size, and an ingest reads nothing ahead.

The banding is MinHashLSH's for the same threshold and number of permutations (its
``b`` bands of ``r`` hash values): two signatures are candidates when a band is equal,
and a candidate is confirmed by the estimated Jaccard similarity of the whole
signatures, as ``ReprintFinder.matches`` does. A band is kept as one 64-bit key (a
hash of its number and its values): a collision of two keys adds a candidate the
estimate then drops, never a match. Rows name the ``article_stories`` row by its rowid
(an integer, not the article's id: 32 bands an article). The table is the archive's
(``indexer.archive.SCHEMA``), as ``article_stories`` is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from tqdm import tqdm

from indexer.archive import Archive
from indexer.batches import batched
from indexer.reprints import NUM_PERM, THRESHOLD, confirmed, from_bytes, stored_values


@cache
def band_ranges() -> list[tuple[int, int]]:
    """The slices of a signature that are its bands: MinHashLSH's for our threshold."""
    return list(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


BATCH = 500  # signatures banded per statement when an archive's bands are first written


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (SQLite's INTEGER)."""
    raw = hashvalues.astype("<u8").tobytes()
    return [int.from_bytes(hashlib.blake2b(raw[start * 8:end * 8], digest_size=8,
                                           salt=number.to_bytes(16, "little")).digest(),
                           "little", signed=True)
            for number, (start, end) in enumerate(band_ranges())]


class StoryIndex:
    """The bands of every archived signature; kept in the archive's own transactions."""

    def __init__(self, archive: Archive, threshold: float = THRESHOLD) -> None:
        self.archive = archive
        self.threshold = threshold

    def add(self, story_row: int, hashvalues: np.ndarray) -> None:
        """The bands of the signature stored in ``article_stories`` row ``story_row``."""
        self.archive.db.executemany(
            "INSERT OR IGNORE INTO story_bands (band_key, story_row) VALUES (?, ?)",
            [(key, story_row) for key in band_keys(hashvalues)])

    def remove(self, story_row: int, hashvalues: np.ndarray) -> None:
        """The bands of a signature about to be replaced or forgotten."""
        self.archive.db.executemany(
            "DELETE FROM story_bands WHERE band_key = ? AND story_row = ?",
            [(key, story_row) for key in band_keys(hashvalues)])

    def forget(self, article_ids: Iterable[str]) -> None:
        """Leave these articles' signatures out of every lookup (they are assigned
        again, and their bands written anew, one by one)."""
        for row in self._rows("article_id IN (SELECT value FROM json_each(?))",
                              json.dumps(list(article_ids))):
            self.remove(row["rowid"], from_bytes(row["signature"]).hashvalues)

    def backfill(self, progress: bool = False) -> int:
        """Bands for the signatures stored before this index existed; how many. Once per
        archive, in the caller's transaction (a kill leaves none, and it starts again)."""
        if self.archive.db.execute("SELECT 1 FROM story_bands LIMIT 1").fetchone():
            return 0
        total = self.archive.db.execute("SELECT COUNT(*) FROM article_stories").fetchone()[0]
        rows = self.archive.db.execute("SELECT rowid, signature FROM article_stories")
        with tqdm(total=total, desc="story bands", unit="art", disable=not progress) as bar:
            for batch in batched(rows, BATCH):
                self.archive.db.executemany(
                    "INSERT OR IGNORE INTO story_bands (band_key, story_row) VALUES (?, ?)",
                    [(key, row["rowid"]) for row in batch
                     for key in band_keys(from_bytes(row["signature"]).hashvalues)])
                bar.update(len(batch))
        return total

    def matches(self, minhash: MinHash, exclude: str | None = None) -> list[tuple[str, float]]:
        """The archived articles whose estimated similarity reaches the threshold, most
        similar first (as ``ReprintFinder.matches``)."""
        keys = band_keys(minhash.hashvalues)
        candidates = self.archive.db.execute(
            "SELECT s.article_id, s.signature FROM article_stories s WHERE s.rowid IN"
            " (SELECT story_row FROM story_bands WHERE band_key IN"
            " (SELECT value FROM json_each(?)))", (json.dumps(keys),)).fetchall()
        candidates = [row for row in candidates if row["article_id"] != exclude]
        if not candidates:
            return []
        stacked = np.stack([stored_values(row["signature"]) for row in candidates])
        return confirmed([row["article_id"] for row in candidates], stacked, minhash,
                         self.threshold)

    def _rows(self, where: str, *params: object) -> list:
        return self.archive.db.execute(
            f"SELECT rowid, signature FROM article_stories WHERE {where}", params).fetchall()
