"""reindex, stats, quarantine: the archive and the index built from it."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from indexer.commands import Command, examples, open_archive, open_store, print_json
from indexer.config import Settings


def run_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.ingest import extract_pending, reindex

    if args.backend:
        settings = replace(settings, backend=args.backend)
    archive, backend = open_store(settings)
    extracted = extract_pending(archive, progress=not args.quiet)
    report = reindex(archive, backend, progress=not args.quiet)
    print_json({"indexed": report.indexed, "errors": report.errors,
                "extraction_errors": extracted.errors, "backend": settings.backend})
    return 1 if report.errors or extracted.errors else 0


def reindex_arguments(parser: argparse.ArgumentParser) -> None:
    from indexer.search import BACKENDS

    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="the backend to rebuild (default: $UNIONKB_BACKEND, else tantivy)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


reindex = Command(
    help="rebuild the search index from the archive",
    description="Extract again what an NLP upgrade made stale, then build a new index from "
    "the archive and switch to it atomically. Prints a JSON report; the exit status is 1 "
    "when an article could not be extracted or indexed.",
    run=run_reindex,
    epilog=examples(
        "unionkb reindex",
        "ELASTICSEARCH_URL=http://127.0.0.1:9200 unionkb reindex --backend elasticsearch",
    ),
    add_arguments=reindex_arguments,
)


def run_stats(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.ingest import extraction_version, index_version
    from indexer.search import open_backend
    from indexer.search.query import SearchQuery
    from indexer.stories import story_stats
    from indexer.tables.schema import tables_state

    archive = open_archive(settings)
    stats = archive.stats()
    backend = open_backend(settings)
    stats["indexed"] = backend.count(SearchQuery())
    # What an interrupted run left: the next ingest, crawl or reindex picks it up.
    stats["pending"] = {
        "extraction": len(archive.ids_needing_extraction(extraction_version())),
        "index": len(archive.ids_needing_index(index_version())),
    }
    stats["tables"] = tables_state(archive).to_dict()
    stats["stories"] = story_stats(archive)
    stats["home"] = str(settings.home)
    stats["backend"] = settings.backend
    print_json(stats)
    return 0


stats = Command(
    help="print archive and index figures as JSON",
    description="Articles by source, extractions, quarantined input, indexed documents, and "
    "what an interrupted run or an NLP upgrade left pending, as JSON.",
    run=run_stats,
    epilog=examples(
        "unionkb stats",
        "unionkb stats | python3 -m json.tool",
    ),
)


def run_quarantine(args: argparse.Namespace, settings: Settings) -> int:
    """List what could not be processed, or print one entry's kept input."""
    archive = open_archive(settings)
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
        print_json(entries)
        return 0
    for e in entries:
        print(f"{e['seq']:>5}  {e['created_at']}  {e['kind']:<8} {e['origin']}\n"
              f"       {e['reason']}")
    print(f"{len(entries)} quarantined; `unionkb quarantine --show SEQ` prints what was kept")
    return 0


def quarantine_arguments(parser: argparse.ArgumentParser) -> None:
    from indexer.archive import QUARANTINE_KINDS

    parser.add_argument("--kind", default=None, choices=QUARANTINE_KINDS,
                        help="only this kind: %(choices)s")
    parser.add_argument("--show", type=int, default=None, metavar="SEQ",
                        help="print the input kept with entry SEQ")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


quarantine = Command(
    help="list input that could not be processed",
    description="Every file, article, page, extraction or index document that could not be "
    "processed, with the reason, oldest first; --show prints the input kept with one entry.",
    run=run_quarantine,
    epilog=examples(
        "unionkb quarantine",
        "unionkb quarantine --kind file --json",
        "unionkb quarantine --show 3    # the input kept with entry 3",
    ),
    add_arguments=quarantine_arguments,
)
