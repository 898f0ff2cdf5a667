"""saved: list, add and remove saved searches from the command line (the archive's table)."""

from __future__ import annotations

import argparse
import sys

from indexer.commands import Command, open_archive, print_json
from indexer.config import Settings


def run_saved(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.search.validation import InvalidQuery

    archive = open_archive(settings)
    try:
        return ACTIONS[args.action](args, archive)
    except InvalidQuery as exc:
        print(f"unionkb saved: {exc}", file=sys.stderr)
        return 2
    finally:
        archive.close()


def _list(args: argparse.Namespace, archive) -> int:
    from indexer.saved_searches import saved_searches

    searches = [s.to_dict() for s in saved_searches(archive)]
    if args.json:
        print_json(searches)
        return 0
    for s in searches:
        filters = " ".join(f"{k}={v}" for k, values in s["filters"].items() for v in values)
        dates = f" {s['date_from'] or ''}..{s['date_to'] or ''}" if (
            s["date_from"] or s["date_to"]) else ""
        print(f"{s['id']:>5}  {s['name']}  q={s['query']!r} {filters}{dates}".rstrip())
    print(f"{len(searches)} saved; each has a feed at /api/saved-searches/ID/feed.atom")
    return 0


def _add(args: argparse.Namespace, archive) -> int:
    from indexer.saved_searches import add_saved_search
    from indexer.search.query import SearchQuery

    saved = add_saved_search(archive, args.name, SearchQuery(
        text=args.query.strip(), filters=_filters(args.filter),
        date_from=args.date_from or None, date_to=args.date_to or None))
    print_json(saved.to_dict())
    return 0


def _remove(args: argparse.Namespace, archive) -> int:
    from indexer.saved_searches import remove_saved_search

    if not remove_saved_search(archive, args.id):
        print(f"unionkb saved: no saved search {args.id}", file=sys.stderr)
        return 2
    print(f"removed saved search {args.id}")
    return 0


def _filters(given: list[str]) -> dict[str, tuple[str, ...]]:
    """``["province=青海省", "province=甘肃省"]`` -> ``{"province": ("青海省", "甘肃省")}``."""
    from indexer.search.validation import InvalidQuery

    filters: dict[str, tuple[str, ...]] = {}
    for item in given:
        facet, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise InvalidQuery([("--filter", f"{item!r} is not FACET=VALUE, e.g. "
                                             "province=青海省")])
        filters[facet.strip()] = (*filters.get(facet.strip(), ()), value.strip())
    return filters


ACTIONS = {"list": _list, "add": _add, "remove": _remove}


def saved_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="list|add|remove",
                                    help="what to do")
    listing = actions.add_parser("list", help="every saved search, oldest first")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    add = actions.add_parser("add", help="save a search under a name")
    add.add_argument("name", help="what to call it, e.g. 青海驿站")
    add.add_argument("--query", default="", help="the words, as /api/search's q")
    add.add_argument("--filter", action="append", default=[], metavar="FACET=VALUE",
                     help="a facet filter, e.g. province=青海省; repeat for more")
    add.add_argument("--from", dest="date_from", default=None, help="first date, YYYY[-MM[-DD]]")
    add.add_argument("--to", dest="date_to", default=None, help="last date, YYYY[-MM[-DD]]")
    remove = actions.add_parser("remove", help="delete a saved search by its id")
    remove.add_argument("id", type=int, help="the id `unionkb saved list` shows")


saved = Command(
    help="list, add or remove saved searches",
    description="Saved searches live in the archive; each has an Atom feed of its newest "
    "articles (/api/saved-searches/ID/feed.atom). The same as the API's writes, without "
    "the admin token: whoever can run this can write the archive anyway.",
    run=run_saved,
    add_arguments=saved_arguments,
)
