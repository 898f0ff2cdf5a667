"""What one request may ask for is bounded, and every bound is a 4xx that names it.

Also the values at the edges of the grammar (year 9999, year 0000, full-width digits,
bytes that are not UTF-8): each view and page answers them with a 2xx or a 4xx and a
message, never a 5xx.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlencode

import httpx
import pytest

from api.limits import (
    MAX_CHECK_TEXT_CHARS,
    MAX_FILTER_VALUES,
    MAX_QUERY_CHARS,
    MAX_URL_BYTES,
    MAX_VALUE_CHARS,
    MAX_VALUES_PER_FILTER,
)

TWO_PROVINCES = {"province": ["青海省", "甘肃省"]}
# Every view that reads dates, with what it needs besides.
DATED_VIEWS = {
    "/api/search": {}, "/api/timeline": {}, "/api/export": {}, "/api/regions": {},
    "/api/compare": TWO_PROVINCES, "/api/programmes": {}, "/api/figures": {},
    "/api/figures/check": {"text": "19个工会驿站"}, "/api/programmes/暖新保/similar": {},
    "/": {}, "/programmes": {}, "/compare": TWO_PROVINCES, "/figures": {},
    "/figures/check": {"text": "19个工会驿站"},
}
SEARCH_VIEWS = [path for path in DATED_VIEWS if path != "/api/programmes/暖新保/similar"]


def get(api: httpx.Client, path: str, **params: object) -> httpx.Response:
    return api.get(path, params={**DATED_VIEWS.get(path, {}), **params})


def problems(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text[:300]
    return {e["param"]: e["message"] for e in response.json()["errors"]}


# -- dates and numbers at the edges --------------------------------------------------


@pytest.mark.parametrize("path", DATED_VIEWS)
@pytest.mark.parametrize("bound", ["date_from", "date_to"])
def test_the_last_dates_there_are_are_dates(api: httpx.Client, path: str, bound: str) -> None:
    # 9999-12 ends on 9999-12-31; its next day was where year 10000 overflowed.
    for value in ("9999", "9999-12", "9999-12-31", "0001-01-01"):
        assert get(api, path, **{bound: value}).status_code == 200, (path, bound, value)
    for interval in ("year", "month"):
        response = get(api, "/api/timeline", date_to="9999-12", interval=interval)
        assert response.status_code == 200


@pytest.mark.parametrize("path", DATED_VIEWS)
def test_dates_that_do_not_exist_are_422_with_a_message(api: httpx.Client, path: str) -> None:
    # The API says it in English; a page in Chinese (web/error_text.py).
    for value, message, chinese in (("0000", "no year 0000", "没有 0000 年"),
                                    ("2025-02-30", "no such day", "没有这一天"),
                                    ("２０２５", "not a date", "不是日期"),
                                    ("2025 ", "not a date", "不是日期")):
        response = get(api, path, date_to=value)
        assert response.status_code == 422, (path, value)
        said = message if path.startswith("/api/") else chinese
        assert said in response.text, (path, value)


@pytest.mark.parametrize("path", SEARCH_VIEWS)
def test_a_year_filter_is_four_ascii_digits(api: httpx.Client, path: str) -> None:
    assert get(api, path, year="2025").status_code == 200
    said = "not a year" if path.startswith("/api/") else "不是年份"
    for year in ("２０２５", "٢٠٢٥", "25"):
        response = get(api, path, year=year)
        assert response.status_code == 422 and said in response.text, (path, year)


def test_page_and_size_are_ascii_whole_numbers(api: httpx.Client) -> None:
    assert "not a whole number" in problems(api.get("/api/search", params={"page": "２"}))["page"]
    assert "not a whole number" in problems(api.get("/api/search", params={"size": " 5"}))["size"]
    huge = problems(api.get("/api/search", params={"page": "9" * 400}))["page"]
    assert huge == "too large: a number of 400 digits"
    window = problems(api.get("/api/search", params={"page": "101", "size": "100"}))["page"]
    assert "page × size must stay within 10000" in window


def test_empty_choices_mean_the_default_and_others_are_refused(api: httpx.Client) -> None:
    for path, name in (("/api/search", "sort"), ("/api/timeline", "interval"),
                       ("/api/timeline", "mode"), ("/api/timeline", "by"),
                       ("/api/export", "format"), ("/api/programmes/暖新保", "interval")):
        assert api.get(path, params={name: ""}).status_code == 200, (path, name)
        assert name in problems(api.get(path, params={name: "nonsense"})), (path, name)
        assert problems(api.get(path, params={name: ["", ""]}))[name] == "give it once"


def test_bytes_that_are_not_utf8_are_400_not_an_empty_search(api: httpx.Client) -> None:
    for target in ("/api/search?q=%FF%FE", "/api/timeline?province=%C3", "/?q=%FF",
                   "/api/articles/%FF"):
        response = api.get(target)
        assert response.status_code == 400, target
        assert "not UTF-8" in response.text, target
    body = api.get("/api/search?q=%FF%FE").json()
    assert body["detail"].startswith("parameter 'q': not UTF-8") and body["errors"] == []
    assert api.get("/api/search?q=%E5%B7%A5%E4%BC%9A").status_code == 200  # 工会


def test_a_huge_number_to_check_is_answered(api: httpx.Client) -> None:
    # 1 followed by forty 亿 is 10^320, past what a float holds.
    for text in ("1" + "亿" * 40 + "家职工书屋", "9" * (MAX_CHECK_TEXT_CHARS - 1) + "家"):
        response = api.get("/api/figures/check", params={"text": text})
        assert response.status_code in (200, 422), response.text[:300]


# -- the bounds ----------------------------------------------------------------------


def test_q_is_bounded(api: httpx.Client) -> None:
    assert api.get("/api/search", params={"q": "工" * MAX_QUERY_CHARS}).status_code == 200
    for path in ("/api/search", "/", "/api/export", "/api/timeline"):
        response = api.get(path, params={"q": "工" * (MAX_QUERY_CHARS + 1)})
        assert response.status_code == 422, path
        said = f"at most {MAX_QUERY_CHARS}" if path.startswith("/api/") else \
            f"最多 {MAX_QUERY_CHARS} 个"
        assert said in response.text, path


def test_filter_values_are_bounded_per_filter_and_in_all(api: httpx.Client) -> None:
    assert api.get("/api/search", params={"org": ["o"] * MAX_VALUES_PER_FILTER}).status_code == 200
    too_many = problems(api.get("/api/search", params={
        "org": [f"o{n}" for n in range(MAX_VALUES_PER_FILTER + 1)]}))
    assert too_many["org"] == f"{MAX_VALUES_PER_FILTER + 1} values; at most 50 per filter"
    spread = {facet: [f"v{n}" for n in range(MAX_VALUES_PER_FILTER)]
              for facet in ("org", "city", "county")}
    in_all = problems(api.get("/api/search", params=spread))
    assert in_all == {"filters": f"150 filter values in all; at most {MAX_FILTER_VALUES}"}
    long = problems(api.get("/api/search", params={"city": "市" * (MAX_VALUE_CHARS + 1)}))
    assert long["city"] == f"value too long: {MAX_VALUE_CHARS + 1} characters; at most 100"


def test_view_texts_are_bounded(api: httpx.Client) -> None:
    check = api.get("/api/figures/check", params={"text": "家" * (MAX_CHECK_TEXT_CHARS + 1)})
    too_long = f"too long: {MAX_CHECK_TEXT_CHARS + 1} characters; at most 200"
    assert problems(check)["text"] == too_long
    page = api.get("/figures/check", params={"text": "家" * (MAX_CHECK_TEXT_CHARS + 1)})
    assert page.status_code == 422 and "最多 200 个" in page.text
    for path, name in (("/api/figures", "metric"), ("/api/figures", "unit"),
                       ("/api/programmes", "name"), ("/api/programmes", "kind")):
        response = api.get(path, params={name: "x" * (MAX_VALUE_CHARS + 1)})
        assert f"at most {MAX_VALUE_CHARS}" in problems(response)[name], (path, name)


def test_a_url_over_the_limit_is_414_with_a_message(api: httpx.Client) -> None:
    response = api.get("/api/search", params={"q": "x" * (MAX_URL_BYTES + 1)})
    assert response.status_code == 414
    assert response.json()["detail"].startswith("URL too long")
    page = api.get("/", params={"q": "x" * (MAX_URL_BYTES + 1)})
    assert page.status_code == 414 and page.text.startswith("URL too long")


def raw_exchange(url: str, request: bytes) -> bytes:
    """Send ``request`` as it is and read the answer until the server closes."""
    target = httpx.URL(url)
    with socket.create_connection((target.host, target.port), timeout=30) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_306_kb_url_is_answered_414_not_reset(sample_server: str) -> None:
    # Past what h11 reads (a 32 KiB head): refused by the server itself, in the same words.
    for path, detail in ((b"/api/search", lambda body: json.loads(body)["detail"]),
                         (b"/", bytes.decode)):
        target = path + b"?q=" + b"x" * 306_000
        answer = raw_exchange(sample_server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 414"), head[:100]
        assert detail(body).startswith("URL too long: more than 16384 bytes"), body[:200]


def test_compare_names_each_province_once(api: httpx.Client) -> None:
    assert api.get("/api/compare", params=TWO_PROVINCES).status_code == 200
    twice = problems(api.get("/api/compare", params={"province": ["青海省", "甘肃省", "青海省"]}))
    assert twice["province"] == "'青海省' is given twice; give each province once"
    empty = problems(api.get("/api/compare", params={"province": ["青海省", "", "甘肃省"]}))
    assert "unknown province ''" in empty["province"]


# -- the page that grew quadratically -------------------------------------------------


def page_bytes(api: httpx.Client, values: int) -> int:
    # No hits whatever the number of values, so only the filters change the page.
    params = {"theme": "无此主题", "province": [f"省份{n:03d}" for n in range(values)]}
    response = api.get("/", params=params)
    assert response.status_code == 200
    return len(response.content)


def test_the_search_page_grows_linearly_with_its_filters(api: httpx.Client) -> None:
    # Each ✕ was a link repeating every filter: n filters made n² of them (4,000 values
    # gave 301 MB). Now each value adds the same few hundred bytes.
    sizes = [page_bytes(api, n) for n in (10, 30, 50)]
    first, second = sizes[1] - sizes[0], sizes[2] - sizes[1]
    assert second <= first * 1.05, sizes
    assert first / 20 < 600, sizes  # per value: a chip, a hidden field, once in two links


def test_a_filter_is_dropped_by_its_button(api: httpx.Client) -> None:
    page = api.get("/", params={"q": "工会驿站", **TWO_PROVINCES}).text
    assert 'name="drop" value="province:青海省"' in page
    dropped = api.get("/", params={"q": "工会驿站", **TWO_PROVINCES, "sort": "relevance",
                                   "drop": "province:青海省"})
    assert dropped.status_code == 303
    # Relative, and the remaining search only: q and the other province.
    assert dropped.headers["location"] == "/?" + urlencode({"q": "工会驿站", "province": "甘肃省"})
