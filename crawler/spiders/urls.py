"""Issue-URL patterns: from a date to the issue's URL, and from a URL back to its date.

A pattern is relative to the paper's home URL and uses ``{yyyy}``, ``{mm}``, ``{dd}``
(e.g. ``html/{yyyy}-{mm}/{dd}/node_1.htm``); ``{issue}`` stands for a running issue
number on sites whose URLs do not carry the date (xpaper).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urljoin

_PLACEHOLDER = re.compile(r"\{(yyyy|mm|dd|issue)\}")
_GROUPS = {"yyyy": r"(?P<yyyy>\d{4})", "mm": r"(?P<mm>\d{2})", "dd": r"(?P<dd>\d{2})",
           "issue": r"(?P<issue>\d+)"}


class IssuePattern:
    def __init__(self, home: str, pattern: str) -> None:
        unknown = set(re.findall(r"\{(\w+)\}", pattern)) - set(_GROUPS)
        if unknown:
            raise ValueError(
                f"issue URL pattern {pattern!r}: unknown placeholder(s) {sorted(unknown)}; "
                "use {yyyy}, {mm}, {dd} or {issue}"
            )
        self.home = home if home.endswith("/") else home + "/"
        self.pattern = pattern
        self._dated = re.compile(self._prefix_regex())

    def _prefix_regex(self) -> str:
        # Only the part up to the last placeholder identifies the issue: the home may
        # forward to node_2.htm where the pattern says node_1.htm.
        last = list(_PLACEHOLDER.finditer(self.pattern))
        if not last:
            return re.escape(self.pattern)
        head = self.pattern[: last[-1].end()]
        parts, pos = [], 0
        for match in _PLACEHOLDER.finditer(head):
            parts.append(re.escape(head[pos:match.start()]))
            parts.append(_GROUPS[match.group(1)])
            pos = match.end()
        return "".join(parts)

    @property
    def by_issue_number(self) -> bool:
        return "{issue}" in self.pattern

    def url_for(self, day: date | None = None, issue: int | None = None) -> str:
        values = {"issue": str(issue) if issue is not None else ""}
        if day is not None:
            values.update(yyyy=f"{day.year:04d}", mm=f"{day.month:02d}", dd=f"{day.day:02d}")
        return urljoin(self.home, _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.pattern))

    def date_in(self, url: str) -> date | None:
        match = self._dated.search(url)
        if not match or "yyyy" not in match.groupdict():
            return None
        try:
            return date(int(match["yyyy"]), int(match["mm"]), int(match["dd"]))
        except ValueError:
            return None

    def issue_in(self, url: str) -> int | None:
        match = self._dated.search(url)
        if not match or "issue" not in match.groupdict():
            return None
        return int(match["issue"])


def parse_day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD") from exc


def date_range(first: date, last: date) -> list[date]:
    if last < first:
        raise ValueError(f"--from {first} is after --to {last}")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
