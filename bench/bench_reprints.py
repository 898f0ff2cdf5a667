"""Measure near-duplicate detection on real reports: which shingle size and threshold.

    python bench/bench_reprints.py [--corpus ../shared/corpus] [--seed 3]

Reads the real reports of ../shared/corpus/{dev,real2}.jsonl (never copied into the
project) and makes reprints of each the way a second newspaper edits one (a 本报讯
lead, a sentence cut, a paragraph cut, words swapped for synonyms, an editor's
closing sentence, and all of those together). For each shingle size it prints the
exact Jaccard similarity of every reprint to its original (should be high) and of
every pair of distinct reports (should be low), then, for the chosen size, the
recall and false matches of MinHash LSH at several thresholds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indexer.reprints import (  # noqa: E402
    SHINGLE_WORDS,
    ReprintFinder,
    jaccard,
    shingles,
    signature,
)

SYNONYMS = {"开展": "组织", "职工": "员工", "工会": "工会组织", "活动": "行动", "推进": "推动",
            "服务": "服务好", "建设": "打造", "表示": "说", "今年": "本年度", "积极": "主动"}
LEADS = ["本报讯(记者 王磊 通讯员 李娜)", "本报讯 ", "【中工网讯】", "(据《工人日报》)"]
CLOSINGS = ["下一步,当地工会将继续做好相关工作。", "(责任编辑:张敏)"]


def sentences(text: str) -> list[str]:
    out, current = [], ""
    for ch in text:
        current += ch
        if ch in "。!?\n":
            out.append(current)
            current = ""
    return out + ([current] if current else [])


def add_lead(text: str, rng: random.Random) -> str:
    return rng.choice(LEADS) + text


def cut_sentence(text: str, rng: random.Random) -> str:
    parts = sentences(text)
    if len(parts) > 3:
        del parts[rng.randrange(1, len(parts))]
    return "".join(parts)


def cut_paragraph(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    if len(paragraphs) > 2:
        del paragraphs[-1]
    return "\n".join(paragraphs)


def swap_words(text: str, rng: random.Random) -> str:
    for old, new in SYNONYMS.items():
        if rng.random() < 0.5:
            text = text.replace(old, new, 1)
    return text


def add_closing(text: str, rng: random.Random) -> str:
    return text + rng.choice(CLOSINGS)


def everything(text: str, rng: random.Random) -> str:
    for edit in (add_lead, cut_sentence, swap_words, add_closing):
        text = edit(text, rng)
    return text


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "本报讯 lead": add_lead, "a sentence cut": cut_sentence, "last paragraph cut": cut_paragraph,
    "synonyms": swap_words, "closing added": add_closing, "all of them": everything,
}


def load(corpus: Path) -> list[str]:
    texts = []
    for name in ("dev.jsonl", "real2.jsonl"):
        path = corpus / name
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()
                      if line.strip()]
    return texts


def reprints(texts: list[str], seed: int) -> list[tuple[int, str, str]]:
    rng = random.Random(seed)
    return [(i, name, edit(text, rng)) for i, text in enumerate(texts)
            for name, edit in EDITS.items()]


def measure_sizes(texts: list[str], copies: list[tuple[int, str, str]]) -> None:
    print("exact Jaccard of word shingles: reprint vs original | distinct reports")
    print(f"{'size':>4}  {'reprints min':>12} {'p5':>6} {'median':>6}  "
          f"{'distinct max':>12} {'p99.9':>6}")
    for size in (1, 2, 3, 4, 5):
        sets = [shingles(t, size) for t in texts]
        positive = sorted(jaccard(sets[i], shingles(c, size)) for i, _, c in copies)
        negative = sorted(jaccard(a, b) for a, b in combinations(sets, 2))
        print(f"{size:>4}  {positive[0]:>12.3f} {positive[len(positive) // 20]:>6.3f} "
              f"{statistics.median(positive):>6.3f}  {negative[-1]:>12.3f} "
              f"{negative[int(len(negative) * 0.999)]:>6.3f}")


def measure_lsh(texts: list[str], copies: list[tuple[int, str, str]]) -> None:
    print(f"\nMinHash LSH, {SHINGLE_WORDS}-word shingles, 128 permutations: "
          "reprints found (of all) | false matches (a reprint matched to another report, "
          "or two distinct reports matched)")
    signatures = [signature(t) for t in texts]
    for threshold in (0.3, 0.35, 0.4, 0.5, 0.6, 0.7):
        finder = ReprintFinder(threshold)
        finder.add_all((str(i), s) for i, s in enumerate(signatures))
        found = wrong = 0
        missed: dict[str, int] = {}
        for i, name, copy in copies:
            keys = {k for k, _ in finder.matches(signature(copy))}
            found += str(i) in keys
            wrong += len(keys - {str(i)})
            if str(i) not in keys:
                missed[name] = missed.get(name, 0) + 1
        distinct = sum(len(finder.matches(s, exclude=str(i))) for i, s in enumerate(signatures))
        print(f"  threshold {threshold:.2f}: {found}/{len(copies)} found, {wrong} wrong, "
              f"{distinct // 2} distinct pairs matched; missed by edit: {missed or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    texts = load(args.corpus)
    if not texts:
        print(f"no reports under {args.corpus}", file=sys.stderr)
        return 2
    copies = reprints(texts, args.seed)
    print(f"{len(texts)} real reports, {len(copies)} reprints, "
          f"{len(texts) * (len(texts) - 1) // 2} distinct pairs\n")
    measure_sizes(texts, copies)
    measure_lsh(texts, copies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
