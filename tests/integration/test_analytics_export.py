"""Exports stream every hit of a search; each format is parsed back and compared."""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pytest


def export(api: httpx.Client, fmt: str, **params) -> httpx.Response:
    response = api.get("/api/export", params={"format": fmt, **params})
    assert response.status_code == 200, response.text
    return response


def all_hits(api: httpx.Client, **params) -> list[dict]:
    data = api.get("/api/search", params={"size": 100, **params}).json()
    assert data["total"] == len(data["hits"])
    return data["hits"]


def test_csv_has_every_hit_not_one_page(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/api/search", params={"size": 5}).json()
    response = export(corpus_api, "csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(page["hits"]) == 5 and len(rows) == page["total"] == 12
    hits = {h["id"]: h for h in all_hits(corpus_api)}
    for row in rows:
        hit = hits[row["id"]]
        assert (row["title"], row["source"]) == (hit["title"], hit["source"])
        assert row["date"] == hit["date"]
        assert row["url"] == hit["url"] and row["page"] == hit["page"]


def test_json_export_keeps_the_filters(corpus_api: httpx.Client) -> None:
    records = json.loads(export(corpus_api, "json", programme="骑手保").text)
    assert {r["id"] for r in records} == {"zj-2024-qishoubao", "zj-2025-qishoubao"}
    record = next(r for r in records if r["id"] == "zj-2024-qishoubao")
    assert record["authors"] == ["金婉霞"] and record["source"] == "浙江工人日报"
    assert record["page"] == "02" and record["date"] == "2024-08-20"
    assert "浙江省" in record["provinces"] and "骑手保" in record["programmes"]


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    records, current = [], {}
    for line in text.splitlines():
        tag, _, value = line.partition("  - ")
        if tag == "ER":
            records.append(current)
            current = {}
        elif tag:
            current.setdefault(tag, []).append(value)
    return records


def test_ris_records_carry_the_citation_fields(corpus_api: httpx.Client) -> None:
    records = parse_ris(export(corpus_api, "ris", q="职工书屋").text)
    hits = {h["id"]: h for h in all_hits(corpus_api, q="职工书屋")}
    assert {r["ID"][0] for r in records} == set(hits)
    for record in records:
        hit = hits[record["ID"][0]]
        assert record["TY"] == ["NEWS"] and record["TI"] == [hit["title"]]
        assert record["T2"] == [hit["source"]] and record["UR"] == [hit["url"]]
        assert record["SP"] == [hit["page"]]
        assert record["DA"][0] == hit["date"].replace("-", "/") + "/"


GBT_ONLINE = re.compile(
    r"^\[(\d+)\] (?:(?P<authors>[^.]+)\. )?(?P<title>.+)\[N/OL\]\. (?P<paper>[^,]+), "
    r"(?P<date>\d{4}-\d{2}-\d{2})\((?P<page>\d+)\)\[\d{4}-\d{2}-\d{2}\]\. (?P<url>https://\S+)\.$")


def test_gbt7714_references_follow_the_standard(corpus_api: httpx.Client) -> None:
    lines = export(corpus_api, "gbt7714", source="浙江工人日报").text.strip().splitlines()
    hits = {h["url"]: h for h in all_hits(corpus_api, source="浙江工人日报")}
    assert len(lines) == len(hits) == 2
    for number, line in enumerate(lines, start=1):
        match = GBT_ONLINE.match(line)
        assert match, line
        hit = hits[match["url"]]
        assert int(match.group(1)) == number and match["authors"] == "金婉霞"
        assert match["title"] == hit["title"] and match["paper"] == "浙江工人日报"
        assert match["date"] == hit["date"] and match["page"] == str(int(hit["page"]))


@pytest.mark.parametrize("params", [{"format": "docx"}, {"size": "10"}, {"page": "2"}])
def test_bad_export_parameters(corpus_api: httpx.Client, params: dict) -> None:
    response = corpus_api.get("/api/export", params=params)
    assert response.status_code == 422 and next(iter(params)) in response.json()["detail"]


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+1", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_that_could_start_a_formula_is_quoted(cell: str) -> None:
    from api.analytics.export import spreadsheet_safe

    assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("工会驿站 = 家") == "工会驿站 = 家"  # only a leading sign matters


def test_exported_titles_cannot_run_as_formulas(tmp_path) -> None:
    """OWASP CSV injection: a title written as a formula reaches a spreadsheet as text."""
    from indexer.config import Settings
    from indexer.models import Article
    from tests.conftest import LiveServer, ingest

    titles = ["=HYPERLINK(\"http://evil.example\",\"工会驿站\")", "+工会驿站", "-职工书屋建设",
              "@工会 新闻", "\t=工会驿站", "\r=职工之家"]
    articles = [Article(id=f"f{n}", source="grrb", title=title, body=f"正文{n}。工会驿站。",
                        date=f"2025-03-0{n + 1}") for n, title in enumerate(titles)]
    settings = Settings(home=tmp_path)
    ingest(settings, articles)
    with LiveServer(settings) as server:
        response = httpx.get(server.url + "/api/export", params={"format": "csv"}, timeout=60)
        as_json = httpx.get(server.url + "/api/export", params={"format": "json"}, timeout=60)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    stored = {r["id"]: r["title"] for r in as_json.json()}  # JSON keeps them as stored
    assert len(rows) == len(titles) and all(t[0] in "=+-@\t\r" for t in stored.values())
    assert {row["id"]: row["title"] for row in rows} == {i: "'" + t for i, t in stored.items()}
    assert all(row["citation"].startswith("'") for row in rows)  # it starts with the title
