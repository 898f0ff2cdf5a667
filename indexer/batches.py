"""Items a batch at a time: ``itertools.batched`` of Python 3.12, for 3.11, as lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are consumed."""
    if size < 1:
        raise ValueError("a batch holds at least one item")
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
