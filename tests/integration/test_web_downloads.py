"""Every analysis page links the CSV of its table, and the link answers that CSV."""

from __future__ import annotations

import csv
import html
import io
import re

import httpx
import pytest

PAGES = {
    "/programmes?name=保": ["name"],
    "/programmes/工会驿站": ["programme", "programme"],  # its mentions, its similar programmes
    "/compare?province=浙江省&province=青海省": ["column"],
    "/figures?metric=职工书屋": ["id"],
    "/figures/check?text=7100多家职工书屋": ["checked_text"],
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_links_its_tables_as_csv(corpus_api: httpx.Client, path: str) -> None:
    page = corpus_api.get(path)
    assert page.status_code == 200, page.text[:300]
    links = [html.unescape(h) for h in re.findall(r'class="download-csv" href="([^"]+)"',
                                                  page.text)]
    assert len(links) == len(PAGES[path])
    for link, first_column in zip(links, PAGES[path], strict=True):
        response = corpus_api.get(link)
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/csv"), link
        reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        rows = list(reader)
        assert reader.fieldnames[0] == first_column and rows, link


def test_the_ledger_link_keeps_the_pages_filters(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/figures", params={"metric": "职工书屋", "province": "内蒙古自治区"})
    link = html.unescape(re.search(r'class="download-csv" href="([^"]+)"', page.text)[1])
    rows = list(csv.DictReader(io.StringIO(
        corpus_api.get(link).content.decode("utf-8-sig"))))
    assert rows and all(r["province"] == "内蒙古自治区" and "职工书屋" in r["metric"]
                        for r in rows)
