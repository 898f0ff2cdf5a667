"""serve, demo: web's `unionkb` commands, registered in the ``unionkb.commands``
entry-point group (pyproject.toml)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from importlib import resources

from indexer.commands import Command, examples, open_store
from indexer.config import Settings

SAMPLE_SOURCE = "grrb"
# The sample page gives no date; its reports (两会 on 3月19日, 十四届 deputies,
# events of 2024 told as past) place it in March 2025, so it is filed as 2025-03.
SAMPLE_DATE = "2025-03"


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    from api.server import serve, serve_workers
    from web.site import create_app

    workers = getattr(args, "workers", 1)
    print(f"unionkb: serving {settings.home} at http://{args.host}:{args.port}"
          + (f" with {workers} worker processes" if workers > 1 else ""), file=sys.stderr)
    if workers > 1:
        # Workers build the app from the environment: make it name this home.
        os.environ["UNIONKB_HOME"] = str(settings.home)
        serve_workers(workers, args.host, args.port)
    else:
        serve(create_app(settings), args.host, args.port)
    return 0


def worker_count(text: str) -> int:
    """``--workers``: a whole number from 1 to 64."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--workers must be a whole number, not {text!r}") from None
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"--workers must be from 1 to 64, not {count}")
    return count


def serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def serve_command_arguments(parser: argparse.ArgumentParser) -> None:
    serve_arguments(parser)
    parser.add_argument("--workers", type=worker_count, default=1,
                        help="server processes sharing the port (default: 1); each opens "
                        "the archive and index read-only for searches")


serve = Command(
    help="serve the API and web pages",
    description="Serve the search pages at /, the JSON API under /api and its OpenAPI "
    "page at /docs, over the archive and index under $UNIONKB_HOME.",
    run=run_serve,
    epilog=examples(
        "unionkb serve",
        "UNIONKB_HOME=/srv/unionkb unionkb serve --host 0.0.0.0 --port 8080",
        "unionkb serve --workers 2    # one process per core",
    ),
    add_arguments=serve_command_arguments,
)


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.textdump import articles_from_page_text
    from indexer.ingest import process_pending, store_articles

    started = time.perf_counter()
    sample = resources.files("crawler").joinpath("data/sample_page.txt").read_text("utf-8")
    archive, backend = open_store(settings)
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
    return run_serve(args, settings)


def demo_arguments(parser: argparse.ArgumentParser) -> None:
    serve_arguments(parser)
    parser.add_argument("--no-serve", action="store_true", help="ingest only, do not serve")


demo = Command(
    help="ingest the bundled sample page and serve the search",
    description="Store, extract and index the bundled sample page (seven 工人日报 reports), "
    "then serve it as `unionkb serve` does.",
    run=run_demo,
    epilog=examples(
        "unionkb demo",
        "unionkb demo --no-serve    # ingest only; then: unionkb serve",
    ),
    add_arguments=demo_arguments,
)
