"""Extraction throughput against bare jieba segmentation of the same texts.

    python bench/bench_extract.py [--rounds N] [FILE ...]

Texts are the articles of the bundled sample page, or of the page-text files given.
Both sides are warmed up first (jieba's dictionary, the gazetteer and lexicons load
once), then each runs over every text ``rounds`` times. The issue's target: extraction
takes at most twice the time of ``jieba.cut`` on the same texts.
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
