"""Request arguments into SearchQuery objects: the parser alone, no backend, no server."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.parameter_docs import DATE_PATTERN, NOT_BLANK_PATTERN
from api.search_params import ParamError, parse_search_query, to_items
from indexer.dates import InvalidDate, parse_date
from indexer.search.query import SearchQuery


def parse(*items: tuple[str, str], **kwargs) -> SearchQuery:
    return parse_search_query(list(items), **kwargs)


def test_defaults() -> None:
    assert parse() == SearchQuery(count="stories")


def test_repeated_filters_keep_their_order_without_repeats() -> None:
    query = parse(("province", "青海省"), ("province", "甘肃省"), ("province", "青海省"),
                  ("theme", "新就业形态"))
    assert query.filters == {"province": ("青海省", "甘肃省"), "theme": ("新就业形态",)}


def test_empty_form_fields_mean_not_given() -> None:
    query = parse(("q", "  "), ("date_from", ""), ("date_to", ""), ("province", ""),
                  ("year", ""), ("sort", ""), ("count", ""))
    assert query == SearchQuery(count="stories")  # a request counts stories unless told


def test_count_is_stories_or_printings() -> None:
    assert parse(("count", "printings")).count == "printings"
    with pytest.raises(ParamError, match="count: unknown count 'reports'"):
        parse(("count", "reports"))


def test_numbers_are_ascii_digits_and_given_when_present() -> None:
    # No form has a page or size field, so an empty one is a mistake, not "not given".
    for raw in ("", " 2", "1_0", "２", "٢", "2.0", "+2"):
        with pytest.raises(ParamError, match="page: not a whole number"):
            parse(("page", raw))
    assert parse(("page", "007")).page == 7
    with pytest.raises(ParamError, match="page: must be between 1 and 10000"):
        parse(("page", "9" * 18), ("size", "0"))
    with pytest.raises(ParamError, match="page: too large: a number of 5000 digits"):
        parse(("page", "9" * 5000))


@pytest.mark.parametrize("raw", ["２０２５", "٢٠٢٥", " 2025", "2025 ", "25", "20251"])
def test_a_year_is_four_ascii_digits(raw: str) -> None:
    with pytest.raises(ParamError, match="year: not a year"):
        parse(("year", raw))


def test_values_are_read_as_sent() -> None:
    for name, raw in (("sort", " date"), ("date_from", "2025 "), ("date_to", "\t2025")):
        with pytest.raises(ParamError, match=name):
            parse((name, raw))


def test_every_problem_is_reported_with_its_parameter() -> None:
    with pytest.raises(ParamError) as caught:
        parse(("sort", "x"), ("size", "500"), ("date_to", "2025-02-30"), ("colour", "red"))
    assert [name for name, _ in caught.value.problems] == ["colour", "sort", "size", "date_to"]
    assert "colour: unknown parameter" in str(caught.value)


def test_partial_dates_are_compared_by_the_periods_they_cover() -> None:
    assert parse(("date_from", "2025-03"), ("date_to", "2025-03")).date_to == "2025-03"
    assert parse(("date_from", "2024-02-29"), ("date_to", "2024")).date_from == "2024-02-29"
    with pytest.raises(ParamError, match="date_from"):
        parse(("date_from", "2025-03-02"), ("date_to", "2025-03-01"))
    with pytest.raises(ParamError, match="no such day"):
        parse(("date_from", "2023-02-29"))


def test_a_view_accepts_only_its_controls_and_extras() -> None:
    query = parse(("q", "驿站"), ("kind", "brand"), extra=("kind",),
                  controls=("q", "page", "size"))
    assert query.text == "驿站"
    with pytest.raises(ParamError, match="sort"):
        parse(("sort", "date"), controls=("q",))


def test_items_parse_back_into_the_same_query() -> None:
    query = parse(("q", "工会驿站"), ("province", "青海省"), ("province", "甘肃省"),
                  ("year", "2025"), ("date_from", "2025-01"), ("sort", "-date"),
                  ("size", "50"), ("page", "3"))
    assert parse_search_query(to_items(query)) == query
    assert ("page", "1") not in to_items(query, page=1)


DATE_LIKE = st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13),
                      st.integers(0, 32))


@settings(max_examples=3000, deadline=None)
@given(st.one_of(DATE_LIKE, DATE_LIKE.map(lambda d: d[:7]), DATE_LIKE.map(lambda d: d[:4]),
                 st.text(alphabet="0123456789-２\n ", max_size=11)))
def test_the_schema_date_pattern_is_the_parser(raw: str) -> None:
    """The OpenAPI pattern accepts exactly what indexer.dates.parse_date does (or "")."""
    try:
        parse_date(raw)
        parsed = True
    except InvalidDate:
        parsed = raw == ""  # empty: not given
    assert bool(re.search(DATE_PATTERN, raw)) == parsed, raw


@given(st.text(max_size=6))
def test_the_not_blank_pattern_is_str_strip(text: str) -> None:
    assert bool(re.search(NOT_BLANK_PATTERN, text)) == bool(text.strip())
