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
from dataclasses import replace

from api.limits import (
    MAX_FILTER_VALUES,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES_PER_FILTER,
)
from indexer.search.query import FACETS, SearchQuery
from indexer.search.validation import InvalidQuery, query_problems

CONTROL_PARAMS: tuple[str, ...] = ("q", "date_from", "date_to", "sort", "page", "size",
                                   "count")
DEFAULT_SIZE = 20

Items = Iterable[tuple[str, str]]
# str.isdigit() is true of ２０２５ and ٢٠٢٥, which int() reads and no index holds.
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
MAX_DIGITS = 18


class ParamError(InvalidQuery):
    """One or more bad request parameters; each problem names its parameter.

    A kind of ``InvalidQuery``: what the query validation refuses, the request refuses
    in the same words.
    """


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
    page = _integer(values["page"], "page", 1, problems)
    size = _integer(values["size"], "size", DEFAULT_SIZE, problems)
    _check_filter_lengths(params, problems)
    # Checked as sent (" 2025" is not a year), then tidied: the validation of the
    # query itself is the backends' own (indexer.search.validation).
    sent = SearchQuery(
        text=values["q"] or "", filters=_filters_as_sent(params),
        date_from=values["date_from"] or None, date_to=values["date_to"] or None,
        sort=values["sort"] or "relevance", page=page, size=size,  # type: ignore[arg-type]
        count=values["count"] or "stories",  # type: ignore[arg-type]
    )
    problems += query_problems(sent)
    if problems:
        raise ParamError(problems)
    return _tidied(sent)


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


def extra_integer(items: Items, name: str, default: int) -> int:
    """A whole-number, view-specific parameter (``default`` when absent or empty)."""
    value = _once(items, name)
    problems: list[tuple[str, str]] = []
    number = _integer(value or None, name, default, problems)
    if problems:
        raise ParamError(problems)
    return number


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
    if query.count != "stories":
        items.append(("count", query.count))
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


def _filters_as_sent(params: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Each facet's given values in order, without repeats; an empty value is not given."""
    filters = {facet: tuple(dict.fromkeys(v for v in params.get(facet, []) if v))
               for facet in FACETS}
    return {facet: values for facet, values in filters.items() if values}


def _tidied(query: SearchQuery) -> SearchQuery:
    """Surrounding spaces trimmed from the text and the filter values; blank ones dropped."""
    filters = {facet: tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
               for facet, values in query.filters.items()}
    return replace(query, text=query.text.strip(),
                   filters={facet: values for facet, values in filters.items() if values})


def _check_filter_lengths(params: Mapping[str, list[str]], problems: list) -> None:
    """Within the request limits: values per filter, values in all, characters a value."""
    _check_filter_counts(params, problems)
    for facet in FACETS:
        long = [v for v in params.get(facet, []) if len(v) > MAX_VALUE_CHARS]
        if long:
            problems.append((facet, f"value too long: {len(long[0])} characters; "
                                    f"at most {MAX_VALUE_CHARS}"))


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
