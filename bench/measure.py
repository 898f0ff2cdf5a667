"""What the benches share: percentiles of timings and the size of what was written."""

from __future__ import annotations

from pathlib import Path


def percentile(samples: list[float], q: float) -> float:
    """The sample at quantile ``q`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def dir_size(path: Path) -> int:
    """Bytes of every file under ``path`` (or of ``path`` itself)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
