"""How the work of a text function grows with the text: the fuzz tests' measure of linearity.

The time of ``run`` on four times as much text over its time on one part: about 4
when the work is linear, about 16 when it is quadratic. CPU time of this process is
measured, not wall time, so other processes on the machine do not count, and the
best of a few tries is kept, so one slow try (a collection, a cold cache) does not
fail a test. Absolute seconds are never compared: CI machines differ.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")

# Linear work grows 4x; quadratic 16x. The slack covers noise and n log n.
MAX_GROWTH = 9.0
# Below this many seconds for the large text, a ratio is mostly noise.
NOISE_FLOOR = 0.02
TRIES = 3


def repeated(unit: str, size: int) -> str:
    """unit repeated to at least size characters (whole units only)."""
    return unit * max(1, -(-size // len(unit)))


def timed(run: Callable[[str], Result], text: str) -> tuple[float, Result]:
    """CPU seconds of run on text, and what it returned."""
    start = time.process_time()
    result = run(text)
    return time.process_time() - start, result


def cpu_seconds(run: Callable[[str], object], text: str) -> float:
    return timed(run, text)[0]


def growth(run: Callable[[str], object], unit: str, size: int) -> float:
    """Time on 4 * size characters of repeated unit over the time on size characters;
    1.0 when even the large text takes too little time to tell."""
    small, large = repeated(unit, size), repeated(unit, 4 * size)
    best = float("inf")
    for _ in range(TRIES):
        small_time = cpu_seconds(run, small)
        large_time = cpu_seconds(run, large)
        if large_time < NOISE_FLOOR:
            return 1.0
        best = min(best, large_time / max(small_time, 1e-6))
        if best < MAX_GROWTH:
            break
    return best
