"""The `unionkb` command: one sub-command per job, all state under UNIONKB_HOME."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from importlib import resources
from pathlib import Path
from typing import Any

# The CLI imports its heavy parts lazily, to start fast; these three are light.
from indexer.arguments import date_argument, label_argument
from indexer.config import Settings, load_settings
from indexer.input_files import MAX_FILE_BYTES, UnusableFile, format_size

SAMPLE_SOURCE = "grrb"
# The sample page gives no date; its reports (两会 on 3月19日, 十四届 deputies,
# events of 2024 told as past) place it in March 2025, so it is filed as 2025-03.
SAMPLE_DATE = "2025-03"


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _open(settings: Settings):  # -> tuple[Archive, SearchBackend]
    from indexer.archive import Archive
    from indexer.search import open_backend

    settings.ensure_home()
    return Archive(settings.archive_path), open_backend(settings)


# -- commands ---------------------------------------------------------------


def cmd_split(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.splitter import split_page_text
    from crawler.textdump import read_dump

    _print_json([asdict(a) for a in split_page_text(read_dump(Path(args.file)))])
    return 0


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.textdump import decode_page_text, read_dump
    from indexer.input_files import read_stream_bounded
    from indexer.nlp.pipeline import extract

    if args.file == "-":
        text = decode_page_text(read_stream_bounded(sys.stdin.buffer, "<stdin>"), "<stdin>").text
    else:
        text = read_dump(Path(args.file))
    _print_json(extract(text))
    return 0


def cmd_ingest_text(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from crawler.textingest import DumpOptions, ingest_text_files

    archive, backend = _open(settings)
    options = DumpOptions(args.source, args.date, args.page)

    def say(line: str) -> None:
        tqdm.write(line, file=sys.stderr)

    report = ingest_text_files([Path(name) for name in args.files], archive, backend, options,
                               say, progress=not args.quiet)
    _print_json(report.to_dict())
    if not report.quarantined:
        return 0
    # The other files are ingested; the status tells a script that something needs a look.
    print(f"unionkb ingest-text: {report.files_quarantined} of {report.files} file(s), "
          f"{report.articles_quarantined} article(s), {report.extraction_errors} "
          f"extraction(s) and {report.index_errors} index document(s) quarantined; "
          "`unionkb quarantine` lists them with the reasons", file=sys.stderr)
    return 1


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.ingest import extract_pending, reindex

    if args.backend:
        settings = replace(settings, backend=args.backend)
    archive, backend = _open(settings)
    extracted = extract_pending(archive, progress=not args.quiet)
    report = reindex(archive, backend, progress=not args.quiet)
    _print_json({"indexed": report.indexed, "errors": report.errors,
                 "extraction_errors": extracted.errors, "backend": settings.backend})
    return 1 if report.errors or extracted.errors else 0


def cmd_crawl(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.run import job_from_args, run_crawl

    try:
        job = job_from_args(args)
    except (LookupError, ValueError) as exc:
        print(f"unionkb crawl: {exc}", file=sys.stderr)
        return 2
    totals = run_crawl(job, settings).to_dict()
    if totals["unreachable"]:
        _print_json(totals)
        print(f"unionkb crawl: {totals['unreachable']}; check the address (--home, "
              "papers.toml) and the network", file=sys.stderr)
        return 1
    if totals["dates"] and totals["dates_without_issue"] == totals["dates"]:
        # Every date missing is more often a wrong URL pattern than a paper that stopped.
        print(f"unionkb crawl: no issue found on any of the {totals['dates']} dates; check "
              "--home and --issue-url against one real issue page (the first node_N differs "
              "by paper)", file=sys.stderr)
    if not args.no_index:
        from indexer.ingest import process_pending

        archive, backend = _open(settings)
        indexed = process_pending(archive, backend, progress=not args.quiet)
        totals.update(indexed=indexed.indexed, index_errors=len(indexed.errors),
                      extraction_errors=len(indexed.extraction_errors))
    _print_json(totals)
    return 0 if totals["finish_reason"] == "finished" else 1


def cmd_reparse(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.reparse import reparse
    from indexer.archive import Archive

    archive = Archive(settings.ensure_home() / settings.archive_path.name)
    raw_dirs = [Path(d) for d in args.raw_dir] if args.raw_dir else [settings.raw_dir]
    totals = asdict(reparse(archive, raw_dirs, args.source, progress=not args.quiet))
    if not args.no_index:
        from indexer.ingest import process_pending

        archive, backend = _open(settings)
        pending = process_pending(archive, backend, progress=not args.quiet)
        totals.update(indexed=pending.indexed, index_errors=len(pending.errors),
                      extraction_errors=len(pending.extraction_errors))
    _print_json(totals)
    return 0


def cmd_quarantine(args: argparse.Namespace, settings: Settings) -> int:
    """List what could not be processed, or print one entry's kept input."""
    from indexer.archive import Archive

    archive = Archive(settings.ensure_home() / settings.archive_path.name)
    if args.show is not None:
        entry = archive.quarantined_entry(args.show)
        if entry is None:
            print(f"unionkb: no quarantine entry {args.show}", file=sys.stderr)
            return 2
        sys.stdout.write(entry["payload"] or f"(no input kept) {entry['reason']}\n")
        return 0
    entries = archive.quarantined(args.kind)
    for entry in entries:
        entry["payload_chars"] = len(entry.pop("payload") or "")
    if args.json:
        _print_json(entries)
        return 0
    for e in entries:
        print(f"{e['seq']:>5}  {e['created_at']}  {e['kind']:<8} {e['origin']}\n"
              f"       {e['reason']}")
    print(f"{len(entries)} quarantined; `unionkb quarantine --show SEQ` prints what was kept")
    return 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.archive import Archive
    from indexer.ingest import extraction_version, index_version
    from indexer.search import open_backend
    from indexer.search.query import SearchQuery

    archive = Archive(settings.ensure_home() / settings.archive_path.name)
    stats = archive.stats()
    backend = open_backend(settings)
    stats["indexed"] = backend.count(SearchQuery())
    # What an interrupted run left: the next ingest, crawl or reindex picks it up.
    stats["pending"] = {
        "extraction": len(archive.ids_needing_extraction(extraction_version())),
        "index": len(archive.ids_needing_index(index_version())),
    }
    stats["home"] = str(settings.home)
    stats["backend"] = settings.backend
    _print_json(stats)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.nlp.evaluate import evaluate, format_report

    report = evaluate(Path(args.gold))
    if args.json:
        _print_json(report)
    else:
        print(format_report(report, errors=args.errors))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from api.app import create_app
    from api.server import serve

    print(f"unionkb: serving {settings.home} at http://{args.host}:{args.port}", file=sys.stderr)
    serve(create_app(settings), args.host, args.port)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.textdump import articles_from_page_text
    from indexer.ingest import process_pending, store_articles

    started = time.perf_counter()
    sample = resources.files("crawler").joinpath("data/sample_page.txt").read_text("utf-8")
    archive, backend = _open(settings)
    articles = articles_from_page_text(sample, SAMPLE_SOURCE, SAMPLE_DATE, None)
    stored = store_articles(articles, archive, "sample_page.txt", progress=True)
    indexed = process_pending(archive, backend, progress=True)
    elapsed = time.perf_counter() - started
    print(
        f"unionkb demo: {len(articles)} articles from the sample page "
        f"({stored.inserted} new, {stored.unchanged} unchanged), {indexed.indexed} indexed "
        f"in {elapsed:.1f}s; data in {settings.home}",
        file=sys.stderr,
    )
    if args.no_serve:
        return 0
    return cmd_serve(args, settings)


# -- parser -----------------------------------------------------------------

Command = Callable[[argparse.Namespace, Settings], int]


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unionkb",
        description="工会知识库: archive, extract, index and search Chinese trade-union reports. "
        "All state lives under $UNIONKB_HOME.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="ingest the bundled sample page and serve the search")
    _add_serve_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="ingest only, do not serve")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the API and web pages")
    _add_serve_options(serve)
    serve.set_defaults(func=cmd_serve)

    ingest = sub.add_parser(
        "ingest-text", help="split, store, extract and index page-text files",
        description="Every FILE is stored or quarantined with the reason; the exit status is "
        "1 when anything (a file, an article, an extraction, an index document) was "
        "quarantined. `unionkb quarantine` lists what was.")
    ingest.add_argument("files", nargs="+", metavar="FILE",
                        help="page-text dump(s): plain text in UTF-8 or GB18030 (UTF-16/UTF-32 "
                             f"with a byte-order mark), at most {format_size(MAX_FILE_BYTES)} "
                             "each; directories, FIFOs, devices and larger files are "
                             "quarantined, not read")
    ingest.add_argument("--source", default="text", type=label_argument,
                        help="newspaper code, e.g. grrb")
    ingest.add_argument("--date", default=None, type=date_argument,
                        help="YYYY-MM-DD (or YYYY-MM, YYYY)")
    ingest.add_argument("--page", default=None, type=label_argument,
                        help="page number (版次), e.g. 03")
    ingest.add_argument("--quiet", action="store_true", help="no progress bars")
    ingest.set_defaults(func=cmd_ingest_text)

    split = sub.add_parser("split", help="print the articles of a page-text file as JSON")
    split.add_argument("file", metavar="FILE")
    split.set_defaults(func=cmd_split)

    extract = sub.add_parser("extract", help="print the entities of a text as JSON")
    extract.add_argument("file", metavar="FILE|-", help="a text file, or - for standard input")
    extract.set_defaults(func=cmd_extract)

    reindex = sub.add_parser("reindex", help="rebuild the search index from the archive")
    reindex.add_argument("--backend", choices=("tantivy", "elasticsearch"), default=None)
    reindex.add_argument("--quiet", action="store_true", help="no progress bars")
    reindex.set_defaults(func=cmd_reindex)

    from crawler.run import add_crawl_arguments

    crawl = sub.add_parser("crawl", help="collect an e-paper into the archive, then index it")
    add_crawl_arguments(crawl)
    crawl.set_defaults(func=cmd_crawl)

    reparse = sub.add_parser("reparse", help="parse stored raw pages again, without crawling")
    reparse.add_argument("--source", default=None, help="only this newspaper code")
    reparse.add_argument("--raw-dir", action="append", metavar="DIR",
                         help="raw pages to read (default: $UNIONKB_HOME/raw; repeatable)")
    reparse.add_argument("--no-index", action="store_true", help="do not extract and index")
    reparse.add_argument("--quiet", action="store_true", help="no progress bars")
    reparse.set_defaults(func=cmd_reparse)

    stats = sub.add_parser("stats", help="print archive and index figures as JSON")
    stats.set_defaults(func=cmd_stats)

    from indexer.archive import QUARANTINE_KINDS

    quarantine = sub.add_parser("quarantine", help="list input that could not be processed")
    quarantine.add_argument("--kind", default=None, choices=QUARANTINE_KINDS,
                            help="only this kind: %(choices)s")
    quarantine.add_argument("--show", type=int, default=None, metavar="SEQ",
                            help="print the input kept with entry SEQ")
    quarantine.add_argument("--json", action="store_true", help="machine-readable output")
    quarantine.set_defaults(func=cmd_quarantine)

    evaluate = sub.add_parser("eval", help="measure extraction against a gold JSONL file")
    evaluate.add_argument("gold", metavar="GOLD.jsonl")
    evaluate.add_argument("--errors", action="store_true", help="list misses and false positives")
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    evaluate.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    try:
        return args.func(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a user sees a message, not a traceback
        from indexer.search.base import BackendUnavailable

        if isinstance(exc, BackendUnavailable | FileNotFoundError | UnusableFile):
            print(f"unionkb: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
