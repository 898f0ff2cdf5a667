"""Extraction throughput against bare jieba segmentation of the same texts.

    python bench/bench_extract.py [--rounds N] [--hostile] [FILE ...]

Texts are the articles of the bundled sample page, or of the page-text files given.
Both sides are warmed up first (jieba's dictionary, the gazetteer and lexicons load
once), then each runs over every text ``rounds`` times. The issue's target: extraction
takes at most twice the time of ``jieba.cut`` on the same texts.

With ``--hostile``, extraction also runs once on each of the texts that an attack run
found to take minutes when the work grew with the square of the text (a run of quoted
words, a 、 list of quotes, a 5 MB body): each should take a fraction of a second.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from crawler.splitter import split_page_text  # noqa: E402
from indexer.nlp.pipeline import extract  # noqa: E402

SAMPLE = ROOT / "crawler" / "data" / "sample_page.txt"
TARGET_RATIO = 2.0


def hostile_texts() -> dict[str, str]:
    page = SAMPLE.read_text(encoding="utf-8")
    return {
        "“驿站” x 10,000": "“驿站”" * 10_000,
        "“春风行动”、 x 6,667": "“春风行动”、" * 6_667,
        "记者王小明、李静、 x 4,000": "记者王小明、李静、" * 4_000,
        "5 MB body": (page * (5_000_000 // len(page) + 1))[:5_000_000],
    }


def article_texts(paths: list[Path]) -> list[str]:
    texts = []
    for path in paths or [SAMPLE]:
        for part in split_page_text(path.read_text(encoding="utf-8")):
            head = [p for p in (part.kicker, part.title, part.subtitle) if p]
            texts.append("\n".join([*head, part.body]))
    return texts


def timed(run: Callable[[str], object], texts: list[str], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            run(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="page-text files (default: sample)")
    parser.add_argument("--rounds", type=int, default=20, help="passes over the texts")
    parser.add_argument("--hostile", action="store_true",
                        help="also time extraction of the attack run's texts")
    args = parser.parse_args(argv)

    texts = article_texts(args.files)
    chars = sum(len(t) for t in texts) * args.rounds
    articles = len(texts) * args.rounds
    jieba.setLogLevel(60)
    jieba.initialize()
    for text in texts:  # warm-up: dictionaries, gazetteer, lexicons
        extract(text)
        list(jieba.cut(text))

    jieba_s = timed(lambda t: list(jieba.cut(t)), texts, args.rounds)
    extract_s = timed(extract, texts, args.rounds)
    ratio = extract_s / jieba_s
    print(f"{len(texts)} articles, {chars // args.rounds} characters, {args.rounds} rounds")
    print(f"{'':<12}{'seconds':>9}{'articles/s':>12}{'chars/s':>12}")
    for name, seconds in (("jieba.cut", jieba_s), ("extract", extract_s)):
        print(f"{name:<12}{seconds:>9.3f}{articles / seconds:>12.1f}{chars / seconds:>12.0f}")
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"extract / jieba.cut = {ratio:.2f}x ({verdict} the {TARGET_RATIO:g}x target)")
    if args.hostile:
        print(f"{'hostile text':<28}{'chars':>10}{'seconds':>9}")
        for name, text in hostile_texts().items():
            print(f"{name:<28}{len(text):>10}{timed(extract, [text], 1):>9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
