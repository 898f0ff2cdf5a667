"""The sub-commands of `unionkb`: the shape each one has, and what they share.

indexer's own commands live beside this module; crawler and web register theirs in
the ``unionkb.commands`` entry-point group (``indexer.cli`` finds them), each entry
naming a :class:`Command`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indexer.config import Settings

# The archive and the backends load when a command runs, not when `unionkb` starts.
if TYPE_CHECKING:
    from indexer.archive import Archive
    from indexer.search.base import SearchBackend

Handler = Callable[[argparse.Namespace, Settings], int]


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command that takes no options beyond ``--help``."""


@dataclass(frozen=True)
class Command:
    """One sub-command: its line in ``unionkb --help``, its ``--help`` page, its options,
    and what runs it (returning the exit status)."""

    help: str
    description: str
    run: Handler
    add_arguments: Callable[[argparse.ArgumentParser], None] = no_arguments
    # Examples and lists shown after the options; a function when it reads something
    # (crawl lists the configured papers), called only when the help is built.
    epilog: str | Callable[[], str] = ""

    def epilog_text(self) -> str:
        return self.epilog() if callable(self.epilog) else self.epilog


def examples(*lines: str) -> str:
    """A command's examples, one command line each, as its help shows them."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def open_archive(settings: Settings) -> Archive:
    from indexer.archive import Archive

    settings.ensure_home()
    return Archive(settings.archive_path)


def open_store(settings: Settings) -> tuple[Archive, SearchBackend]:
    """The archive and the search backend under ``settings.home``."""
    from indexer.search import open_backend

    return open_archive(settings), open_backend(settings)
