"""The controls of the analysis pages: date range, order, page size and page numbers."""

from __future__ import annotations

import html
import re

import httpx


def test_the_ledger_orders_by_date_and_keeps_its_controls(corpus_api: httpx.Client) -> None:
    newest = corpus_api.get("/api/figures", params={"order": "newest", "size": 100}).json()
    dates = [r["article"]["date"] or "" for r in newest["rows"]]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    oldest = corpus_api.get("/api/figures", params={"order": "oldest", "size": 100}).json()
    assert [r["id"] for r in oldest["rows"]][0] != [r["id"] for r in newest["rows"]][0]
    page = corpus_api.get("/figures", params={"order": "newest", "date_from": "2024",
                                              "size": "10"}).text
    assert '<option value="newest" selected>' in page and 'value="2024"' in page
    assert '<option value="10" selected>' in page
    links = [html.unescape(h) for h in re.findall(r'class="page-number" href="([^"]+)"', page)]
    assert links and all("order=newest" in link and "size=10" in link for link in links)


def test_the_ledger_date_range_narrows_its_rows(corpus_api: httpx.Client) -> None:
    everything = corpus_api.get("/api/figures").json()["total"]
    since = corpus_api.get("/api/figures", params={"date_from": "2025"}).json()
    assert 0 < since["total"] < everything
    assert all((r["article"]["date"] or "") >= "2025" for r in since["rows"])


def test_the_catalogue_sorts_by_name_and_by_latest_mention(corpus_api: httpx.Client) -> None:
    by_name = corpus_api.get("/api/programmes", params={"order": "name"}).json()["programmes"]
    assert [p["name"] for p in by_name] == sorted(p["name"] for p in by_name)
    newest = corpus_api.get("/api/programmes", params={"order": "newest"}).json()["programmes"]
    lasts = [p["last"]["date"] for p in newest if p["last"]]
    assert lasts == sorted(lasts, reverse=True)
    page = corpus_api.get("/programmes", params={"order": "newest"}).text
    assert re.findall(r'<tr class="programme" data-name="([^"]+)"', page) == [
        p["name"] for p in newest]


def test_page_numbers_reach_every_page(corpus_api: httpx.Client) -> None:
    total = corpus_api.get("/api/figures").json()["total"]
    page = corpus_api.get("/figures", params={"size": "5", "page": "2"}).text
    pages = -(-total // 5)
    assert pages > 3 and '<span class="current" aria-current="page">2</span>' in page
    numbers = {int(n) for n in re.findall(r'class="page-number" href="[^"]+">(\d+)</a>', page)}
    assert {1, 3, pages} <= numbers


def test_page_numbers_leave_out_the_middle_of_a_long_run() -> None:
    from web.rendering import page_numbers

    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(10, 40) == [1, None, 8, 9, 10, 11, 12, None, 40]
