"""Whether a comparison group conflicts, as the writer's totals decide it: the same as the
ledger's SQL (``CONFLICTING``) and as the pairing of its rows (``flag_conflicts``)."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from api.analytics.figures import flag_conflicts
from indexer.search.query import SearchQuery
from indexer.tables.figure_totals import Part, conflicts, ledger_part, parts_of
from indexer.tables.figures import CONFLICTING

# (low, width, open-ended): a range [low, low + width], or [low, no limit).
spans = st.tuples(st.integers(-20, 60), st.integers(-5, 20), st.booleans())


def members(group: list[tuple[int, int, bool]]) -> list[dict]:
    return [{"low": float(low), "high": None if open_ended else float(low + width)}
            for low, width, open_ended in group]


def sql_conflicts(group: list[dict]) -> int:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE figures (metric, place, year, unit, change, low REAL NOT NULL,"
               " high REAL)")
    db.executemany("INSERT INTO figures VALUES ('职工书屋', '150000', '2024', '家', NULL, ?, ?)",
                   [(m["low"], m["high"]) for m in group])
    found = db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM figures f {CONFLICTING})")
    return found.fetchone()[0]


@given(st.lists(spans, max_size=12))
def test_a_group_conflicts_as_the_ledgers_sql_says(group) -> None:
    # Widths below zero make ranges whose low is above their high (近 of a negative
    # value): the SQL's reading, not the pairs', is the one the totals must equal.
    assert conflicts(members(group)) == sql_conflicts(members(group))


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20), st.booleans()), max_size=12))
def test_a_group_conflicts_when_two_of_its_ranges_do_not_meet(group) -> None:
    rows = [{"id": f"a{i}:0", "metric": "职工书屋", "region": {"adcode": "150000"},
             "period": "2024", "unit": "家", "change": None, "phrase": None, "value": m["low"],
             "range": [m["low"], m["high"]], "conflict": False, "conflicts_with": [],
             "conflicts_count": 0} for i, m in enumerate(members(group))]
    assert conflicts(members(group)) == len(flag_conflicts(rows))


def test_a_figure_is_in_the_parts_its_article_and_province_put_it_in() -> None:
    assert parts_of(1, "山东省", 1) == [Part("printings"), Part("printings", "山东省"),
                                        Part("stories"), Part("stories", "山东省")]
    assert parts_of(0, "山东省", 1) == [Part("printings"), Part("printings", "山东省")]
    # About 山东省, in an article a search filtered by 山东省 does not find.
    assert parts_of(1, "山东省", 0) == [Part("printings"), Part("stories")]
    assert parts_of(1, None, 0) == [Part("printings"), Part("stories")]


def test_only_searches_without_words_dates_or_other_filters_are_parts() -> None:
    assert ledger_part(SearchQuery(count="stories")) == Part("stories")
    assert ledger_part(SearchQuery(filters={"province": ("青海省",)})) == \
        Part("printings", "青海省")
    assert ledger_part(SearchQuery(text="职工")) is None
    assert ledger_part(SearchQuery(date_from="2020")) is None
    assert ledger_part(SearchQuery(filters={"province": ("青海省", "山东省")})) is None
    assert ledger_part(SearchQuery(filters={"year": ("2024",)})) is None
