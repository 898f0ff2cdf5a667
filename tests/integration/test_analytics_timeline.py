"""Timelines of any search, raw and as shares, over HTTP on the test corpus."""

from __future__ import annotations

import httpx


def timeline(api: httpx.Client, **params) -> dict:
    response = api.get("/api/timeline", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def by_key(data: dict, field: str = "count") -> dict:
    return {(b["key"], b["group"]): b[field] for b in data["buckets"]}


def test_counts_per_year_for_a_search(corpus_api: httpx.Client) -> None:
    data = timeline(corpus_api, programme="工会驿站")
    assert by_key(data) == {("2023", None): 1, ("2024", None): 1, ("2025", None): 2}
    assert data["keys"] == ["2023", "2024", "2025"]


def test_split_by_province_and_month(corpus_api: httpx.Client) -> None:
    data = timeline(corpus_api, programme="工会驿站", by="province", interval="month")
    counts = by_key(data)
    assert counts[("2023-06", "甘肃省")] == 1 and counts[("2024-03", "山东省")] == 1
    assert counts[("2025-02", "青海省")] == 1 and counts[("2025-03", "山东省")] == 1
    assert data["groups"][0] == {"value": "山东省", "count": 2}


def test_shares_divide_by_all_articles_of_the_same_period(corpus_api: httpx.Client) -> None:
    everything = by_key(timeline(corpus_api))
    data = timeline(corpus_api, q="保险", mode="share")
    for bucket in data["buckets"]:
        assert bucket["total"] == everything[(bucket["key"], None)]
        assert bucket["share"] == round(bucket["count"] / bucket["total"], 4)
    assert by_key(data, "share")[("2024", None)] < 1


def test_a_newspaper_filter_keeps_the_share_within_that_paper(corpus_api: httpx.Client) -> None:
    data = timeline(corpus_api, q="骑手保", source="浙江工人日报", mode="share")
    assert by_key(data, "share") == {("2024", None): 1.0, ("2025", None): 1.0}


def test_bad_timeline_parameters(corpus_api: httpx.Client) -> None:
    for params in ({"interval": "week"}, {"by": "colour"}, {"mode": "percent"},
                   {"size": "10"}):
        response = corpus_api.get("/api/timeline", params=params)
        assert response.status_code == 422, params
        assert next(iter(params)) in response.json()["detail"]
