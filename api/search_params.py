"""Request arguments into a validated ``SearchQuery``, with no backend in it.

The URL grammar (documented in docs/api.md) is the same for /api/search, the search
page and every view that works on "the articles of a search" (timeline, export,
compare, regions): control parameters (``q``, ``date_from``, ``date_to``, ``sort``,
``page``, ``size``) beside one repeatable filter parameter per facet. A view with
parameters of its own names them as ``extra``; anything else is an error, because a
misspelt filter that is silently ignored returns the wrong articles.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from indexer.dates import InvalidDate, parse_date
from indexer.search.query import FACETS, MAX_SIZE, SORTS, SearchQuery

CONTROL_PARAMS: tuple[str, ...] = ("q", "date_from", "date_to", "sort", "page", "size")
DEFAULT_SIZE = 20
# Deep pages cost every backend more than they are worth (Elasticsearch refuses them);
# whoever needs every hit uses /api/export, which streams them.
MAX_WINDOW = 10_000

Items = Iterable[tuple[str, str]]


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
    sort = values["sort"] or "relevance"
    if sort not in SORTS:
        problems.append(("sort", f"unknown sort {sort!r}; use one of {', '.join(SORTS)}"))
    page = _integer(values["page"], "page", 1, problems)
    size = _integer(values["size"], "size", DEFAULT_SIZE, problems)
    _check_paging(page, size, problems)
    date_from, date_to = values["date_from"], values["date_to"]
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
    values = [v for v in group_params(items).get(name, []) if v != ""]
    if len(values) > 1:
        raise ParamError([(name, "give it once")])
    if not values:
        return default
    if values[0] not in choices:
        raise ParamError([(name, f"unknown value {values[0]!r}; use one of {', '.join(choices)}")])
    return values[0]


def extra_text(items: Items, name: str) -> str:
    """A free-text, view-specific parameter ('' when absent)."""
    values = [v.strip() for v in group_params(items).get(name, []) if v.strip()]
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
    # An empty form field means "not given", as a browser submits it.
    values = params.get(name) or [""]
    return values[0].strip() or None


def _integer(raw: str | None, name: str, default: int, problems: list[tuple[str, str]]) -> int:
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        problems.append((name, f"not a whole number: {raw!r}"))
        return default


def _check_paging(page: int, size: int, problems: list[tuple[str, str]]) -> None:
    if page < 1:
        problems.append(("page", f"must be 1 or more, got {page}"))
    if not 0 <= size <= MAX_SIZE:
        problems.append(("size", f"must be between 0 and {MAX_SIZE}, got {size}"))
    elif page >= 1 and page * size > MAX_WINDOW:
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
    filters = {}
    for facet in FACETS:
        values = tuple(dict.fromkeys(v.strip() for v in params.get(facet, []) if v.strip()))
        if values:
            filters[facet] = values
    bad_years = [y for y in filters.get("year", ()) if not (len(y) == 4 and y.isdigit())]
    if bad_years:
        problems.append(("year", f"not a year: {bad_years[0]!r}; use four digits, e.g. 2025"))
    return filters
