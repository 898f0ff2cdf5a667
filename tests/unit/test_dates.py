"""Partial dates: one parser for articles, search bounds and the index."""

import pytest

from indexer.dates import InvalidDate, date_key, parse_date
from indexer.models import Article, InvalidArticle


@pytest.mark.parametrize("raw", ["2025", "2025-03", "2025-03-19", "2024-02-29", "9999-12-31"])
def test_valid_dates_round_trip(raw):
    assert str(parse_date(raw)) == raw


@pytest.mark.parametrize("raw", [
    "2025-02-30", "2023-02-29", "0000", "25", "2025-3", "2025-13", "２０２５", "2025\n",
    "2025-03-19T00:00", "", "९९९९",
])
def test_invalid_dates_are_refused(raw):
    with pytest.raises(InvalidDate):
        parse_date(raw)


def test_date_key_covers_the_whole_period_as_a_last_bound():
    assert date_key("2025-02") == 20250201
    assert date_key("2025-02", last=True) == 20250228
    assert date_key("2024", last=True) == 20241231
    assert date_key("9999", last=True) == 99991231
    assert date_key(None) is None


def test_an_article_with_an_impossible_day_is_invalid():
    article = Article(id="a", source="grrb", title="标题", body="正文", date="2025-02-30")
    with pytest.raises(InvalidArticle, match="no such day"):
        article.validate()
