"""Time each analysis read of ``indexer.tables`` on an archive.

    python bench/profile_tables.py --home DIR [--province 山东省] [--straight]

Runs the catalogue's, similar programmes' and the ledger's reads in process, over the
whole archive and over one province, each the way the endpoints call it (the top 20
programmes for the catalogue's details), and prints milliseconds and rows per read;
``--straight`` reads every scope with the queries over its articles (the totals and
dated indexes unused), which is how the reads ran before they existed. An archive
built by ``bench/bench_scale.py --home DIR`` is the intended input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from indexer.archive import Archive  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.search.query import SearchQuery  # noqa: E402
from indexer.tables import figures, programmes  # noqa: E402
from indexer.tables.scope import Scope, facet_scope  # noqa: E402

SHOWN = 20  # programmes on a catalogue page


def reads(archive: Archive, scope: Scope) -> dict[str, Callable[[], Any]]:
    rows = programmes.programme_rows(archive, scope)
    names = [r.name for r in sorted(rows, key=lambda r: (-r.articles, r.name))[:SHOWN]]
    top = names[0] if names else ""
    ledger = figures.ledger_selection(scope)
    return {
        "catalogue counts": lambda: programmes.programme_rows(archive, scope),
        "themes of 20": lambda: programmes.programme_themes(archive, scope, names),
        "provinces of 20": lambda: programmes.programme_provinces(archive, scope, names),
        "counties of 20": lambda: programmes.programme_counties(archive, scope, names),
        "first of 20": lambda: programmes.programme_dates(archive, scope, names),
        "last of 20": lambda: programmes.programme_dates(archive, scope, names, last=True),
        f"mentions of {top}": lambda: programmes.programme_mentions(archive, scope, top),
        "similar: entries": lambda: programmes.programme_entries(archive, scope),
        "similar: terms": lambda: programmes.programme_terms(archive, scope),
        f"similar: named with {top}": lambda: programmes.named_together(archive, scope, top),
        "ledger: counts (figures)": lambda: figures.selection_counts(
            archive, ledger, figures.Selection(None)).figures,
        "ledger: page 1": lambda: list(figures.figure_rows(archive, ledger, figures.LEDGER_ORDER,
                                                          limit=20)),
        "ledger: conflicting groups": lambda: list(figures.figure_rows(
            archive, figures.in_conflicting_groups(ledger), figures.LEDGER_ORDER)),
    }


def profile(archive: Archive, label: str, scope: Scope) -> None:
    print(f"\n{label}")
    for name, read in reads(archive, scope).items():
        started = time.perf_counter()
        result = read()
        elapsed = (time.perf_counter() - started) * 1000
        size = len(result) if hasattr(result, "__len__") else result
        print(f"  {name:<34} {elapsed:>10.1f} ms  {size}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="the archive's folder")
    parser.add_argument("--province", default="山东省", help="the filtered scope's province")
    parser.add_argument("--straight", action="store_true",
                        help="read with the queries over the scope's articles only")
    args = parser.parse_args(argv)
    with Archive(Settings(home=args.home).archive_path) as archive:
        print(f"{archive.count()} articles")
        scopes = {"whole archive": facet_scope(SearchQuery()),
                  f"province={args.province}": facet_scope(
                      SearchQuery(filters={"province": (args.province,)}))}
        for label, scope in scopes.items():
            if args.straight:
                scope = replace(scope, everything=False, programmes=())
            profile(archive, label, scope)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
