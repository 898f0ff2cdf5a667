"""Batches: every item once, in order, read as consumed."""

from __future__ import annotations

from itertools import count

import pytest

from indexer.batches import batched


def test_every_item_once_in_order_the_last_batch_shorter() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []


def test_an_endless_source_is_read_a_batch_at_a_time() -> None:
    batches = batched(count(), 2)
    assert next(batches) == [0, 1] and next(batches) == [2, 3]


def test_a_batch_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        next(batched([1], 0))
