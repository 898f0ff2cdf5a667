"""Analyses over words in most of the archive: the totals less the others, or the hits.

    python bench/bench_complement.py --home DIR [--words 职工 困难 开展] [--rounds 3]

For each word, in process and with no answer kept (the whole archive's similarity
models and contexts are, as a serving process keeps them), times the catalogue's first page,
the ledger's first page and the similarity model over the search for that word twice:
as the API answers it (``indexer.tables.scope.complement_scope``: when the word is in
more than half of the archive, its totals less the reports without the word), and
counted over the hits, which is how every search with words was answered before (the
same search with ``date_from=1900``: every report's date, so no complement). Prints
the best of ``--rounds`` in milliseconds, as a Markdown table. An archive built by
``bench/bench_scale.py --home DIR`` is the intended input.
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

from api.services import Services, open_services  # noqa: E402
from api.services.answers import MODELS_KEPT, AnswerCache  # noqa: E402
from api.services.figures import ledger  # noqa: E402
from api.services.programmes import catalogue, similarity_model  # noqa: E402
from indexer.config import load_settings  # noqa: E402
from indexer.search.analysis import jieba_tokenizer  # noqa: E402
from indexer.search.query import COUNTS, SearchQuery  # noqa: E402

EVERY_DATE = "1900"  # a date before every report: the same hits, counted over them


def kinds(services: Services) -> dict[str, Callable[[SearchQuery], Any]]:
    """The analyses timed, each uncached (``__wrapped__``: not the kept answer)."""
    return {
        "catalogue": lambda q: catalogue.__wrapped__(services, q, None, ""),
        "ledger": lambda q: ledger.__wrapped__(services, q, "", ""),
        "similarity model": lambda q: similarity_model.__wrapped__(services, q),
    }


def best_ms(run: Callable[[SearchQuery], Any], query: SearchQuery, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run(query)
        times.append(1000 * (time.perf_counter() - started))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a bench_scale archive")
    parser.add_argument("--words", nargs="+", default=["职工", "困难", "开展"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    services = open_services(replace(load_settings({"UNIONKB_HOME": str(args.home)}),
                                     answers_kept=0))
    # Models kept as a server keeps them (its warmer builds the whole archive's at
    # start): a model over all but a few reports starts from the whole's contexts.
    services.models = AnswerCache(MODELS_KEPT)
    for count in COUNTS:
        similarity_model(services, SearchQuery(count=count))
    jieba_tokenizer()  # the dictionary read before anything is timed
    everything = services.backend.count(SearchQuery())
    print(f"{everything:,} articles\n")
    print("| analysis | words | hits | over the hits ms | totals less the others ms |")
    print("| --- | --- | ---: | ---: | ---: |")
    for word in args.words:
        query = SearchQuery(text=word)
        hits = services.backend.count(query)
        for label, run in kinds(services).items():
            straight = best_ms(run, replace(query, date_from=EVERY_DATE), args.rounds)
            less = best_ms(run, query, args.rounds)
            print(f"| {label} | {word} | {hits:,} ({hits / everything:.0%}) | {straight:,.0f}"
                  f" | {less:,.0f} |", flush=True)
    services.close()


if __name__ == "__main__":
    main()
