"""Near-duplicate detection on real reports: edited reprints found, distinct reports apart.

The real reports of ../shared/corpus are edited here the ways a second paper edits
a report (never copied into the project); bench/bench_reprints.py measures the same
at several thresholds and shingle sizes.
"""

from __future__ import annotations

import json
from itertools import combinations

import pytest

from indexer.reprints import ReprintFinder, from_bytes, signature, to_bytes
from tests.paths import REPO

CORPUS = REPO.parent / "shared" / "corpus"


def real_texts() -> list[str]:
    paths = [CORPUS / name for name in ("dev.jsonl", "real2.jsonl")]
    if not all(p.exists() for p in paths):
        pytest.skip(f"the real reports are not at {CORPUS}")
    return [json.loads(line)["text"] for p in paths
            for line in p.read_text("utf-8").splitlines() if line.strip()]


def reprint(text: str) -> str:
    """A lead, the second sentence cut, two words swapped, an editor's closing."""
    sentences = text.split("。")
    if len(sentences) > 3:
        del sentences[1]
    edited = "。".join(sentences).replace("开展", "组织", 1).replace("职工", "员工", 1)
    return "本报讯(记者 王磊)" + edited + "(责任编辑:张敏)"


def test_edited_reprints_of_real_reports_are_found_and_distinct_ones_kept_apart() -> None:
    texts = real_texts()
    originals = [signature(t) for t in texts]
    finder = ReprintFinder()
    finder.add_all((str(i), s) for i, s in enumerate(originals))
    matches = [{k for k, _ in finder.matches(signature(reprint(t)))} for t in texts]
    found = sum(str(i) in keys for i, keys in enumerate(matches))
    assert found >= 0.95 * len(texts), f"{found} of {len(texts)} found"
    assert [(i, keys) for i, keys in enumerate(matches) if keys - {str(i)}] == []
    matched = [(a, b) for a, b in combinations(range(len(texts)), 2)
               if originals[a].jaccard(originals[b]) >= finder.threshold]
    assert matched == []


def test_a_stored_signature_reads_back_the_same() -> None:
    minhash = signature("工会驿站为户外劳动者提供休息、饮水、充电等服务。")
    assert from_bytes(to_bytes(minhash)).jaccard(minhash) == 1.0


def test_a_signature_is_stored_in_four_bytes_a_value_and_older_ones_read_alike() -> None:
    from indexer.reprints import NUM_PERM

    minhash = signature("工会驿站为户外劳动者提供休息、饮水、充电等服务。")
    assert int(minhash.hashvalues.max()) < 2 ** 32  # affine32: what four bytes hold
    assert len(to_bytes(minhash)) == NUM_PERM * 4
    before = minhash.hashvalues.astype("<u8").tobytes()  # as stored until this release
    assert (from_bytes(before).hashvalues == minhash.hashvalues).all()
    assert (from_bytes(to_bytes(minhash)).hashvalues == minhash.hashvalues).all()


def test_an_empty_text_matches_nothing() -> None:
    finder = ReprintFinder()
    finder.add("a", signature("工会驿站为户外劳动者提供休息服务。"))
    assert finder.matches(signature("")) == []


def test_signatures_are_those_of_a_minhash_drawing_its_own_permutations() -> None:
    from datasketch import MinHash

    from indexer.reprints import NUM_PERM, SCHEME, SEED, shingles

    text = "工会驿站为户外劳动者提供休息、饮水、充电等服务,全省建成驿站两千余个。"
    own = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    own.update_batch([s.encode("utf-8") for s in shingles(text)])
    assert (signature(text).hashvalues == own.hashvalues).all()
    assert to_bytes(signature(text)) == to_bytes(own)  # stored ones compare with new ones


def test_matches_score_every_candidate_as_minhash_jaccard_does() -> None:
    texts = real_texts()[:40]
    finder = ReprintFinder(threshold=0.0)  # every LSH candidate kept, with its score
    stored = {str(i): from_bytes(to_bytes(signature(t))) for i, t in enumerate(texts)}
    finder.add_all(stored.items())
    for text in texts[:10]:
        probe = signature(reprint(text))
        found = finder.matches(probe)
        assert found, "a reprint finds at least its original"
        assert found == sorted(((key, probe.jaccard(stored[key])) for key, _ in found),
                               key=lambda item: (-item[1], item[0]))
