"""Partial dates — ``2025``, ``2025-03``, ``2025-03-19`` — in one place.

A source often gives no day, so an article's date, a search bound and a figure's
period may each be partial. Everything that reads one goes through ``parse_date``:
only ASCII digits, a year between 1 and 9999, a day that exists in its month
(``2025-02-30`` is refused everywhere, not stored by one command and refused by
another).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# fullmatch, not "$": "$" would let a trailing newline through.
DATE_RE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
DATE_FORMAT_HINT = "use YYYY-MM-DD, YYYY-MM or YYYY"


class InvalidDate(ValueError):
    """Not a (partial) date; the message says why and what is expected."""


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)


def parse_date(raw: str) -> PartialDate:
    """``raw`` as a partial date, or ``InvalidDate`` saying what is wrong with it."""
    if not DATE_RE.fullmatch(raw):
        raise InvalidDate(f"not a date: {raw!r}; {DATE_FORMAT_HINT}")
    parts = [int(p) for p in raw.split("-")]
    if parts[0] < 1:
        raise InvalidDate(f"no year 0000: {raw!r}")
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    if day is not None and month is not None and day > calendar.monthrange(parts[0], month)[1]:
        raise InvalidDate(f"no such day: {raw}")
    return PartialDate(parts[0], month, day)


def date_key(raw: str | None, last: bool = False) -> int | None:
    """yyyymmdd as an integer for sorting and ranges.

    A partial date stands for its first day, or with ``last`` for its last one, so
    ``date_to=2025-02`` covers the whole of February.
    """
    if not raw:
        return None
    parsed = parse_date(raw)
    day = parsed.last_day if last else parsed.first_day
    return day.year * 10_000 + day.month * 100 + day.day
