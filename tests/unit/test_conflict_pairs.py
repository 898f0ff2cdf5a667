"""Pairing a group's figures: the sorted-bounds reading against every pair compared."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from api.analytics.figures import CONFLICTS_LISTED, flag_conflicts

spans = st.tuples(st.integers(0, 60), st.integers(0, 20), st.booleans())


def rows_of(group: list[tuple[int, int, bool]]) -> list[dict]:
    return [{"id": f"a{i}:0", "metric": "职工书屋", "region": {"adcode": "150000"},
             "period": "2024", "unit": "家", "change": None, "phrase": None, "value": low,
             "range": [low, None if open_ended else low + width],
             "conflict": False, "conflicts_with": [], "conflicts_count": 0}
            for i, (low, width, open_ended) in enumerate(group)]


def pairwise(rows: list[dict]) -> dict[str, list[str]]:
    def span(row: dict) -> tuple[float, float]:
        low, high = row["range"]
        return low, math.inf if high is None else high

    return {row["id"]: [other["id"] for other in rows
                        if span(other)[1] < span(row)[0] or span(other)[0] > span(row)[1]]
            for row in rows}


@given(st.lists(spans, min_size=1, max_size=60))
def test_every_member_knows_how_many_it_conflicts_with_and_lists_the_first(group) -> None:
    rows = rows_of(group)
    conflicts = flag_conflicts(rows)
    expected = pairwise(rows)
    assert len(conflicts) == (1 if any(expected.values()) else 0)
    for row in rows:
        others = expected[row["id"]]
        assert row["conflict"] == bool(others)
        assert row["conflicts_count"] == len(others)
        # Listed in member order, at most CONFLICTS_LISTED, each a real conflict.
        listed = row["conflicts_with"]
        assert len(listed) == min(len(others), CONFLICTS_LISTED)
        assert set(listed) <= set(others) and listed == sorted(listed, key=others.index)
