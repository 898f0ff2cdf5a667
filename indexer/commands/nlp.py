"""extract, eval: the NLP on one text, and measured against annotated articles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indexer.commands import Command, examples, print_json
from indexer.config import Settings


def run_extract(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.input_files import read_stream_bounded
    from indexer.nlp.pipeline import extract
    from indexer.page_text import decode_page_text, read_dump

    if args.file == "-":
        text = decode_page_text(read_stream_bounded(sys.stdin.buffer, "<stdin>"), "<stdin>").text
    else:
        text = read_dump(Path(args.file))
    print_json(extract(text))
    return 0


def extract_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE|-", help="a text file, or - for standard input")


extract = Command(
    help="print the entities of a text as JSON",
    description="Regions, union bodies, programmes, figures, people and themes of one text "
    "(UTF-8 or GB18030, or UTF-16/UTF-32 with a byte-order mark), as the archive stores "
    "them, printed as JSON.",
    run=run_extract,
    epilog=examples(
        "unionkb extract article.txt",
        "echo '民乐县总工会建成15个工会驿站' | unionkb extract -",
    ),
    add_arguments=extract_arguments,
)


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.nlp.evaluate import evaluate, format_report

    report = evaluate(Path(args.gold), Path(args.metrics) if args.metrics else None)
    if args.json:
        print_json(report)
    else:
        print(format_report(report, errors=args.errors))
    return 0


def eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", metavar="GOLD.jsonl",
                        help="annotated articles, one JSON object a line")
    parser.add_argument("--metrics", metavar="METRICS.jsonl",
                        help="gold figure metrics of the same articles (scored as 'metrics')")
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


evaluate = Command(
    help="measure extraction against a gold JSONL file",
    description="Precision, recall and F1 of each entity kind (micro-averaged over the "
    "articles) and the primary region's accuracy, against annotated articles; with "
    "--metrics, each figure is also scored with what it counts (kind 'metrics').",
    run=run_eval,
    epilog=examples(
        "unionkb eval gold.jsonl",
        "unionkb eval gold.jsonl --errors    # list every miss and false positive",
    ),
    add_arguments=eval_arguments,
)
