"""Types for command-line options, so a bad value stops the command before any work,
with argparse's usage line, the reason, and exit status 2."""

from __future__ import annotations

import argparse
import unicodedata

from indexer.dates import InvalidDate, parse_date
from indexer.input_files import printable


def date_argument(raw: str) -> str:
    """A partial date (``indexer.dates``): ``2025-02-30`` is refused here, not by every
    article it would have been given to."""
    try:
        parse_date(raw)
    except InvalidDate as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return raw


def label_argument(raw: str) -> str:
    """A name stored on every record (a newspaper code, a page number): plain text."""
    value = raw.strip()
    if not value:
        raise argparse.ArgumentTypeError("empty")
    if printable(value) != value or any(unicodedata.category(c) == "Cc" for c in value):
        raise argparse.ArgumentTypeError(f"not plain text: {printable(value)!r}")
    return value
