"""One validation of a SearchQuery: the API parser and every backend refuse in the same words."""

from __future__ import annotations

import pytest

from api.search_params import ParamError, parse_search_query
from indexer.search.es_query import build_search_body
from indexer.search.query import MAX_SIZE, MAX_WINDOW, SearchQuery
from indexer.search.validation import InvalidQuery, check_query, query_problems

# (request parameters, the query they would make) with the problems both must report.
REFUSED = [
    ([("sort", "newest")], SearchQuery(sort="newest"),  # type: ignore[arg-type]
     [("sort", "unknown sort 'newest'; use one of relevance, date, -date")]),
    ([("page", "101"), ("size", "100")], SearchQuery(page=101, size=100),
     [("page", f"page × size must stay within {MAX_WINDOW}; use /api/export to get every hit")]),
    ([("page", "0")], SearchQuery(page=0),
     [("page", f"must be between 1 and {MAX_WINDOW}, got 0")]),
    ([("size", "500")], SearchQuery(size=500),
     [("size", f"must be between 0 and {MAX_SIZE}, got 500")]),
    ([("date_from", "yesterday")], SearchQuery(date_from="yesterday"),
     [("date_from", "not a date: 'yesterday'; use YYYY-MM-DD, YYYY-MM or YYYY")]),
    ([("date_from", "2025-03"), ("date_to", "2025-02")],
     SearchQuery(date_from="2025-03", date_to="2025-02"),
     [("date_from", "2025-03 is after date_to 2025-02")]),
    ([("year", "25")], SearchQuery(filters={"year": ("25",)}),
     [("year", "not a year: '25'; use four digits, e.g. 2025")]),
    # The query language's mistakes, at the character of the text as sent.
    ([("q", " 驿站 OR")], SearchQuery(text=" 驿站 OR"),
     [("q", "syntax error at character 5: OR is followed by nothing")]),
    ([("q", "(驿站")], SearchQuery(text="(驿站"),
     [("q", "syntax error at character 1: this '(' is never closed")]),
]


@pytest.mark.parametrize(("items", "query", "expected"), REFUSED)
def test_the_parser_and_the_backends_refuse_alike(
    items: list[tuple[str, str]], query: SearchQuery, expected: list[tuple[str, str]]
) -> None:
    assert query_problems(query) == expected
    with pytest.raises(ParamError) as from_request:
        parse_search_query(items)
    assert from_request.value.problems == expected
    with pytest.raises(InvalidQuery) as from_backend:
        build_search_body(query)
    assert from_backend.value.problems == expected


def test_every_problem_is_listed_with_its_parameter() -> None:
    query = SearchQuery(sort="x", size=-1, date_to="2025-02-30",  # type: ignore[arg-type]
                        filters={"colour": ("red",), "year": ("２０２５",)}, facets=("shape",))
    assert [name for name, _ in query_problems(query)] == [
        "colour", "facets", "sort", "size", "date_to", "year"]
    with pytest.raises(ValueError, match="colour: unknown facet 'colour'; facets are province"):
        check_query(query)


def test_a_request_error_is_a_query_error() -> None:
    """Whoever handles refused queries handles refused requests too."""
    assert issubclass(ParamError, InvalidQuery)


def test_values_are_checked_as_sent_and_then_tidied() -> None:
    with pytest.raises(ParamError, match="year: not a year: ' 2025'"):
        parse_search_query([("year", " 2025")])
    query = parse_search_query([("q", " 驿站 "), ("province", " 青海省"), ("province", "青海省")])
    assert (query.text, query.filters) == ("驿站", {"province": ("青海省",)})
    check_query(query)


def test_empty_bounds_are_not_given() -> None:
    assert query_problems(SearchQuery(date_from="", date_to="")) == []
