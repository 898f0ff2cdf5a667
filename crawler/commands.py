"""crawl, reparse, ingest-text, split: crawler's `unionkb` commands, registered in the
``unionkb.commands`` entry-point group (pyproject.toml)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from crawler import run as crawling
from indexer.arguments import date_argument, label_argument
from indexer.commands import Command, examples, open_archive, open_store, print_json
from indexer.config import Settings
from indexer.input_files import MAX_FILE_BYTES, format_size

if TYPE_CHECKING:
    from indexer.archive import Archive


def index_pending(archive: Archive, settings: Settings, quiet: bool) -> dict[str, int]:
    """Extract and index what the run stored, through the run's own archive connection;
    the counts for its report."""
    from indexer.ingest import process_pending
    from indexer.search import open_backend

    backend = open_backend(settings)
    pending = process_pending(archive, backend, progress=not quiet)
    return {"indexed": pending.indexed, "index_errors": len(pending.errors),
            "extraction_errors": len(pending.extraction_errors)}


# -- crawl ------------------------------------------------------------------------------


def run_crawl(args: argparse.Namespace, settings: Settings) -> int:
    try:
        job = crawling.job_from_args(args)
    except (LookupError, ValueError) as exc:
        print(f"unionkb crawl: {exc}", file=sys.stderr)
        return 2
    archive = open_archive(settings)
    totals = crawling.run_crawl(job, settings, archive).to_dict()
    if totals["unreachable"]:
        print_json(totals)
        print(f"unionkb crawl: {totals['unreachable']}; check the address (--home, "
              "papers.toml) and the network", file=sys.stderr)
        return 1
    if totals["dates"] and totals["dates_without_issue"] == totals["dates"]:
        # Every date missing is more often a wrong URL pattern than a paper that stopped.
        print(f"unionkb crawl: no issue found on any of the {totals['dates']} dates; check "
              "--home and --issue-url against one real issue page (the first node_N differs "
              "by paper)", file=sys.stderr)
    if not args.no_index:
        totals.update(index_pending(archive, settings, args.quiet))
    print_json(totals)
    if totals["failing"]:
        print(f"unionkb crawl: {totals['failing']}", file=sys.stderr)
        return 1
    return 0 if totals["finish_reason"] == "finished" else 1


def crawl_epilog() -> str:
    """Examples, and the papers configured in papers.toml (and $UNIONKB_PAPERS)."""
    from crawler.papers import BadPaperConfig, load_papers

    try:
        papers = load_papers()
    except (BadPaperConfig, OSError) as exc:
        listed = f"  (cannot read the papers: {exc})"
    else:
        listed = "\n".join(
            f"  {p.code:<8} {p.name}  ({p.template}{'' if p.verified else ', unverified'})"
            for p in papers.values())
    said = examples("unionkb crawl grrb --from 2025-03-01 --to 2025-03-31",
                    "unionkb crawl grrb --from 2025-03 --to 2025-03    # all of March 2025",
                    "unionkb crawl founder --home https://epaper.example.cn/ --issue-url "
                    "'html/{yyyy}-{mm}/{dd}/node_1.htm' --source xx --from 2025-03-01")
    return f"{said}\n\nconfigured papers (code, name, template):\n{listed}"


crawl = Command(
    help="collect an e-paper into the archive, then index it",
    description="Crawl a paper configured in papers.toml, or any site on a known template, "
    "politely, keeping every fetched page under $UNIONKB_HOME/raw; then extract and index "
    "what was stored. Prints a JSON report; the exit status is 1 when the crawl did not "
    "finish or reached nothing.",
    run=run_crawl,
    epilog=crawl_epilog,
    add_arguments=crawling.add_crawl_arguments,
)


# -- reparse ----------------------------------------------------------------------------


def run_reparse(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.reparse import reparse

    archive = open_archive(settings)
    raw_dirs = [Path(d) for d in args.raw_dir] if args.raw_dir else [settings.raw_dir]
    totals = asdict(reparse(archive, raw_dirs, args.source, progress=not args.quiet))
    if not args.no_index:
        totals.update(index_pending(archive, settings, args.quiet))
    print_json(totals)
    return 0


def reparse_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", default=None, help="only this newspaper code")
    parser.add_argument("--raw-dir", action="append", metavar="DIR",
                        help="raw pages to read (default: $UNIONKB_HOME/raw; repeatable)")
    parser.add_argument("--no-index", action="store_true", help="do not extract and index")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


reparse = Command(
    help="parse stored raw pages again, without crawling",
    description="Parse the raw pages a crawl kept again, without the network: after a parser "
    "fix, or to take in pages crawled on another machine (--raw-dir). A page that breaks "
    "the parser is quarantined. Then extract and index; prints a JSON report.",
    run=run_reparse,
    epilog=examples(
        "unionkb reparse",
        "unionkb reparse --source grrb --no-index",
    ),
    add_arguments=reparse_arguments,
)


# -- ingest-text ------------------------------------------------------------------------


def run_ingest_text(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from crawler.textingest import DumpOptions, ingest_text_files

    archive, backend = open_store(settings)
    options = DumpOptions(args.source, args.date, args.page)

    def say(line: str) -> None:
        tqdm.write(line, file=sys.stderr)

    report = ingest_text_files([Path(name) for name in args.files], archive, backend, options,
                               say, progress=not args.quiet)
    print_json(report.to_dict())
    if not report.quarantined:
        return 0
    # The other files are ingested; the status tells a script that something needs a look.
    print(f"unionkb ingest-text: {report.files_quarantined} of {report.files} file(s), "
          f"{report.articles_quarantined} article(s), {report.extraction_errors} "
          f"extraction(s) and {report.index_errors} index document(s) quarantined; "
          "`unionkb quarantine` lists them with the reasons", file=sys.stderr)
    return 1


def ingest_text_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="page-text dump(s): plain text in UTF-8 or GB18030 (UTF-16/UTF-32 "
                             f"with a byte-order mark), at most {format_size(MAX_FILE_BYTES)} "
                             "each; directories, FIFOs, devices and larger files are "
                             "quarantined, not read")
    parser.add_argument("--source", default="text", type=label_argument,
                        help="newspaper code, e.g. grrb")
    parser.add_argument("--date", default=None, type=date_argument,
                        help="YYYY-MM-DD (or YYYY-MM, YYYY)")
    parser.add_argument("--page", default=None, type=label_argument,
                        help="page number (版次), e.g. 03")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


ingest_text = Command(
    help="split, store, extract and index page-text files",
    description="Every FILE is stored or quarantined with the reason; the exit status is "
    "1 when anything (a file, an article, an extraction, an index document) was "
    "quarantined. `unionkb quarantine` lists what was.",
    run=run_ingest_text,
    epilog=examples(
        "unionkb ingest-text page.txt --source grrb --date 2025-03-19 --page 03",
        "unionkb ingest-text dumps/*.txt --source grrb --date 2025-03",
    ),
    add_arguments=ingest_text_arguments,
)


# -- split ------------------------------------------------------------------------------


def run_split(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.splitter import split_page_text
    from indexer.page_text import read_dump

    print_json([asdict(a) for a in split_page_text(read_dump(Path(args.file)))])
    return 0


def split_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a page-text dump")


split = Command(
    help="print the articles of a page-text file as JSON",
    description="Split one page-text dump into its articles (kicker, title, subtitle, "
    "byline, reporters, body) and print them as JSON, storing nothing.",
    run=run_split,
    epilog=examples(
        "unionkb split page.txt",
        "unionkb split page.txt | python3 -m json.tool",
    ),
    add_arguments=split_arguments,
)
