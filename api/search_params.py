"""Request arguments into a validated ``SearchQuery``, with no backend in it.

The URL grammar (documented in docs/api.md) is the same for /api/search, the search
page and every view that works on "the articles of a search" (timeline, export,
compare, regions): control parameters (``q``, ``date_from``, ``date_to``, ``sort``,
``page``, ``size``) beside one repeatable filter parameter per facet. A view with
parameters of its own names them as ``extra``; anything else is an error, because a
misspelt filter that is silently ignored returns the wrong articles.

Values are read as sent: an empty value means "not given" (a browser submits empty form
fields), anything else must be exactly right (ASCII digits, no stray spaces), and no
request may ask for more than ``api.limits`` allows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from api.limits import (
    MAX_FILTER_VALUES,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES_PER_FILTER,
)
from indexer.dates import InvalidDate, parse_date
from indexer.search.query import FACETS, MAX_SIZE, SORTS, SearchQuery

CONTROL_PARAMS: tuple[str, ...] = ("q", "date_from", "date_to", "sort", "page", "size")
DEFAULT_SIZE = 20
# Deep pages cost every backend more than they are worth (Elasticsearch refuses them);
# whoever needs every hit uses /api/export, which streams them.
MAX_WINDOW = 10_000

Items = Iterable[tuple[str, str]]
# str.isdigit() is true of ２０２５ and ٢٠٢٥, which int() reads and no index holds.
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
YEAR = re.compile(r"[0-9]{4}")
MAX_DIGITS = 18


@dataclass
class ParamError(ValueError):
    """One or more bad request parameters; each problem names its parameter."""

    problems: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{name}: {message}" for name, message in self.problems)


def group_params(items: Items) -> dict[str, list[str]]:
    """Repeated parameters collected in order: ``[("a","1"),("a","2")]`` -> ``{"a": ["1","2"]}``."""
    grouped: dict[str, list[str]] = {}
    for name, value in items:
        grouped.setdefault(name, []).append(value)
    return grouped


def parse_search_query(
    items: Items, extra: Collection[str] = (), controls: Collection[str] = CONTROL_PARAMS
) -> SearchQuery:
    """A ``SearchQuery`` from request parameters, or ``ParamError`` listing every problem.

    ``controls`` are the control parameters the view uses (a catalogue has no sort);
    the others are unknown to it.
    """
    params = group_params(items)
    problems = _unknown(params, (*controls, *FACETS, *extra))
    problems += [(name, "give it once") for name in CONTROL_PARAMS if len(params.get(name, [])) > 1]
    values = {name: _single(params, name) for name in CONTROL_PARAMS}
    _check_length(values["q"], "q", MAX_QUERY_CHARS, problems)
    sort = values["sort"] or "relevance"
    if sort not in SORTS:
        problems.append(("sort", f"unknown sort {sort!r}; use one of {', '.join(SORTS)}"))
    page = _integer(values["page"], "page", 1, problems)
    size = _integer(values["size"], "size", DEFAULT_SIZE, problems)
    _check_paging(page, size, problems)
    date_from, date_to = values["date_from"] or None, values["date_to"] or None
    _check_dates(date_from, date_to, problems)
    filters = _filters(params, problems)
    if problems:
        raise ParamError(problems)
    return SearchQuery(
        text=(values["q"] or "").strip(), filters=filters, date_from=date_from,
        date_to=date_to, sort=sort, page=page, size=size,  # type: ignore[arg-type]
    )


def extra_choice(
    items: Items, name: str, choices: Collection[str], default: str | None
) -> str | None:
    """One view-specific parameter restricted to ``choices`` (e.g. ``format``)."""
    value = _once(items, name)
    if not value:
        return default
    if value not in choices:
        raise ParamError([(name, f"unknown value {value!r}; use one of {', '.join(choices)}")])
    return value


def extra_text(items: Items, name: str, max_chars: int = MAX_VALUE_CHARS) -> str:
    """A free-text, view-specific parameter ('' when absent), at most ``max_chars`` long."""
    value = _once(items, name)
    problems: list[tuple[str, str]] = []
    _check_length(value, name, max_chars, problems)
    if problems:
        raise ParamError(problems)
    return value.strip()


def _once(items: Items, name: str) -> str:
    # An empty repeat counts too: format=&format=csv is two answers to one question.
    values = group_params(items).get(name, [])
    if len(values) > 1:
        raise ParamError([(name, "give it once")])
    return values[0] if values else ""


def check_only(items: Items, allowed: Collection[str] = ()) -> None:
    """For views outside the search grammar: reject any parameter not in ``allowed``."""
    unknown = list(dict.fromkeys(name for name, _ in items if name not in allowed))
    if unknown:
        expected = f"expected one of {', '.join(allowed)}" if allowed else "this takes none"
        raise ParamError([(name, f"unknown parameter; {expected}") for name in unknown])


def to_items(query: SearchQuery, page: int | None = None) -> list[tuple[str, str]]:
    """The request parameters that parse back into ``query`` (defaults left out)."""
    items: list[tuple[str, str]] = [("q", query.text)] if query.text else []
    for facet in FACETS:
        items += [(facet, value) for value in query.filters.get(facet, ())]
    items += [(n, v) for n, v in (("date_from", query.date_from), ("date_to", query.date_to)) if v]
    if query.sort != "relevance":
        items.append(("sort", query.sort))
    if query.size != DEFAULT_SIZE:
        items.append(("size", str(query.size)))
    target = query.page if page is None else page
    if target != 1:
        items.append(("page", str(target)))
    return items


def _unknown(params: Mapping[str, list[str]], known: Collection[str]) -> list[tuple[str, str]]:
    return [
        (name, f"unknown parameter; expected one of {', '.join(known)}")
        for name in params if name not in known
    ]


def _single(params: Mapping[str, list[str]], name: str) -> str | None:
    """The value as sent, None when absent; callers read "" as not given."""
    values = params.get(name)
    return values[0] if values else None


def _check_length(raw: str | None, name: str, limit: int, problems: list) -> None:
    if raw is not None and len(raw) > limit:
        problems.append((name, f"too long: {len(raw)} characters; at most {limit}"))


def _integer(raw: str | None, name: str, default: int, problems: list[tuple[str, str]]) -> int:
    # Absent means the default; given, even empty, it must be ASCII digits (int()
    # would also take " 5", "1_000" and "５").
    if raw is None:
        return default
    if not WHOLE_NUMBER.fullmatch(raw):
        problems.append((name, f"not a whole number: {raw!r}"))
    elif len(raw) > MAX_DIGITS:  # also beyond what int() converts (4300 digits)
        problems.append((name, f"too large: a number of {len(raw)} digits"))
    else:
        return int(raw)
    return default


def _check_paging(page: int, size: int, problems: list[tuple[str, str]]) -> None:
    if not 1 <= page <= MAX_WINDOW:
        problems.append(("page", f"must be between 1 and {MAX_WINDOW}, got {page}"))
    if not 0 <= size <= MAX_SIZE:
        problems.append(("size", f"must be between 0 and {MAX_SIZE}, got {size}"))
    elif 1 <= page <= MAX_WINDOW and page * size > MAX_WINDOW:
        problems.append(("page", f"page × size must stay within {MAX_WINDOW}; "
                                 "use /api/export to get every hit"))


def _check_dates(date_from: str | None, date_to: str | None, problems: list) -> None:
    first = _date_bound(date_from, "date_from", problems, last=False)
    last = _date_bound(date_to, "date_to", problems, last=True)
    if first and last and first > last:
        problems.append(("date_from", f"{date_from} is after date_to {date_to}"))


def _date_bound(raw: str | None, name: str, problems: list, last: bool) -> date | None:
    """The first (or last) day a possibly partial date stands for."""
    if raw is None:
        return None
    try:
        parsed = parse_date(raw)
    except InvalidDate as exc:
        problems.append((name, str(exc)))
        return None
    return parsed.last_day if last else parsed.first_day


def _filters(params: Mapping[str, list[str]], problems: list) -> dict[str, tuple[str, ...]]:
    """Each facet's values in order, without repeats or empty ones, within the limits."""
    _check_filter_counts(params, problems)
    filters = {}
    for facet in FACETS:
        raw = params.get(facet, [])
        long = [v for v in raw if len(v) > MAX_VALUE_CHARS]
        if long:
            problems.append((facet, f"value too long: {len(long[0])} characters; "
                                    f"at most {MAX_VALUE_CHARS}"))
        values = tuple(dict.fromkeys(v.strip() for v in raw if v.strip()))
        if values:
            filters[facet] = values
    bad_years = [y for y in params.get("year", []) if y and not YEAR.fullmatch(y)]
    if bad_years:
        problems.append(("year", f"not a year: {bad_years[0]!r}; use four digits, e.g. 2025"))
    return filters


def _check_filter_counts(params: Mapping[str, list[str]], problems: list) -> None:
    # Counted as sent, empty values too: what the request costs to read, not what is left.
    counts = {facet: len(params.get(facet, [])) for facet in FACETS}
    problems += [
        (facet, f"{n} values; at most {MAX_VALUES_PER_FILTER} per filter")
        for facet, n in counts.items() if n > MAX_VALUES_PER_FILTER
    ]
    total = sum(counts.values())
    if total > MAX_FILTER_VALUES:
        problems.append(("filters", f"{total} filter values in all; at most {MAX_FILTER_VALUES}"))
