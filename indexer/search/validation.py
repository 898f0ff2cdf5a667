"""What makes a ``SearchQuery`` answerable: checked once, for the API and every backend.

The API parses request text into a query and asks here whether it is valid; each
backend asks again before it translates (a query can come from code, not only from a
request). Every problem is named by the parameter to blame, with the words the API
sends back in its 422 body, so a query is refused the same way wherever it goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from indexer.dates import InvalidDate, parse_date
from indexer.search.facets import FACET_REGISTRY, FACETS
from indexer.search.query import COUNTS, MAX_SIZE, MAX_WINDOW, SORTS, SearchQuery
from indexer.search.query_language import QuerySyntaxError, parse_query

Problem = tuple[str, str]  # (parameter, what is wrong with it)


@dataclass
class InvalidQuery(ValueError):
    """One or more problems with a query; each names its parameter."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{name}: {message}" for name, message in self.problems)


def check_query(query: SearchQuery) -> None:
    """Raise ``InvalidQuery`` listing every problem of ``query``; return if there is none."""
    problems = query_problems(query)
    if problems:
        raise InvalidQuery(problems)


def query_problems(query: SearchQuery) -> list[Problem]:
    """Every reason no backend can answer ``query``, in the order a reader fixes them."""
    problems = syntax_problems(query.text)
    problems += unknown_facet_problems(query)
    if query.sort not in SORTS:
        problems.append(("sort", f"unknown sort {query.sort!r}; use one of {', '.join(SORTS)}"))
    if query.count not in COUNTS:
        problems.append(("count", f"unknown count {query.count!r}; use one of "
                                  f"{', '.join(COUNTS)}"))
    problems += paging_problems(query.page, query.size)
    problems += date_problems(query.date_from, query.date_to)
    problems += value_problems(query)
    return problems


def syntax_problems(text: str) -> list[Problem]:
    """The syntax mistake of the query language in ``text``, if it has one."""
    try:
        parse_query(text)
    except QuerySyntaxError as exc:
        return [("q", str(exc))]
    return []


def unknown_facet_problems(query: SearchQuery) -> list[Problem]:
    known = f"facets are {', '.join(FACETS)}"
    problems = [(name, f"unknown facet {name!r}; {known}")
                for name in query.filters if name not in FACETS]
    problems += [("facets", f"unknown facet {name!r}; {known}")
                 for name in query.facets if name not in FACETS]
    return problems


def paging_problems(page: int, size: int) -> list[Problem]:
    problems = []
    if not 1 <= page <= MAX_WINDOW:
        problems.append(("page", f"must be between 1 and {MAX_WINDOW}, got {page}"))
    if not 0 <= size <= MAX_SIZE:
        problems.append(("size", f"must be between 0 and {MAX_SIZE}, got {size}"))
    elif 1 <= page <= MAX_WINDOW and page * size > MAX_WINDOW:
        problems.append(("page", f"page × size must stay within {MAX_WINDOW}; "
                                 "use /api/export to get every hit"))
    return problems


def date_problems(date_from: str | None, date_to: str | None) -> list[Problem]:
    """Each bound a (partial) date, and the range not ending before it starts."""
    problems: list[Problem] = []
    first = _date_bound(date_from, "date_from", problems, last=False)
    last = _date_bound(date_to, "date_to", problems, last=True)
    if first and last and first > last:
        problems.append(("date_from", f"{date_from} is after date_to {date_to}"))
    return problems


def _date_bound(raw: str | None, name: str, problems: list[Problem], last: bool) -> date | None:
    """The first (or last) day a possibly partial date stands for; empty is not given."""
    if not raw:
        return None
    try:
        parsed = parse_date(raw)
    except InvalidDate as exc:
        problems.append((name, str(exc)))
        return None
    return parsed.last_day if last else parsed.first_day


def value_problems(query: SearchQuery) -> list[Problem]:
    """The first ill-formed value of each facet that declares a rule (a year: 4 digits)."""
    problems = []
    for facet in FACET_REGISTRY:
        if facet.rule is None:
            continue
        refusals = [r for v in query.filters.get(facet.name, ()) if (r := facet.rule.check(v))]
        if refusals:
            problems.append((facet.name, refusals[0]))
    return problems
