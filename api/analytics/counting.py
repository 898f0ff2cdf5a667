"""Counts in the API's one shape: ``[{value, count}]``, optionally with a region."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any


def value_counts(counter: Counter[str]) -> list[dict[str, Any]]:
    """Most frequent first, ties by value (as the backends order facets)."""
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return [{"value": value, "count": count} for value, count in ranked]


def place_counts(
    counter: Counter[str], region_of: Callable[[str], dict[str, Any] | None]
) -> list[dict[str, Any]]:
    """``value_counts`` with each place's region object, for maps."""
    return [{**item, "region": region_of(item["value"])} for item in value_counts(counter)]
