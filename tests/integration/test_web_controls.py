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


def test_the_timeline_page_splits_by_province_as_shares(corpus_api: httpx.Client) -> None:
    params = {"q": "保险", "by": "province", "mode": "share"}
    data = corpus_api.get("/api/timeline", params=params).json()
    page = corpus_api.get("/timeline", params=params).text
    assert '<option value="province" selected>' in page
    assert '<option value="share" selected>' in page
    legend = re.findall(r'<span class="legend-swatch series-\d"></span>([^<]+)</li>', page)
    assert legend == [g["value"] for g in data["groups"]][:len(legend)] and legend
    table = page.split('id="timeline-table"')[1]
    assert [h for h in re.findall(r"<th>([^<]+)</th>", table)] == [
        "时段", *(g["value"] for g in data["groups"])]
    shares = {(b["key"], b["group"]): b["share"] for b in data["buckets"]}
    assert f"{shares[next(iter(shares))] * 100:.1f}%" in table
    link = html.unescape(re.search(r'class="download-csv" href="([^"]+)"', page)[1])
    assert "by=province" in link and "mode=share" in link
    assert corpus_api.get(link).headers["content-type"].startswith("text/csv")


def test_the_search_page_links_its_timeline_page(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/", params={"q": "保险", "sort": "date"}).text
    link = html.unescape(re.search(r'id="timeline-link" href="([^"]+)"', page)[1])
    assert link.startswith("/timeline?q=") and "sort" not in link
    assert corpus_api.get(link).status_code == 200


def test_a_monthly_timeline_without_months_says_why(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/timeline", params={"interval": "month", "date_to": "1990"})
    assert page.status_code == 200 and 'id="timeline-empty"' in page.text
    assert "按年统计" in page.text
