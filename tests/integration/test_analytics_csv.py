"""Every table the site shows, as CSV over HTTP: read back with the csv module, each
row held against the JSON twin of the same request."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from api.analytics import table_rows


def csv_of(api: httpx.Client, path: str, **params) -> list[dict[str, str]]:
    response = api.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment; filename=\"unionkb-")
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    rows = list(reader)
    return rows, reader.fieldnames


def test_the_ledger_csv_has_every_row_not_one_page(corpus_api: httpx.Client) -> None:
    page = corpus_api.get("/api/figures", params={"size": 3}).json()
    rows, columns = csv_of(corpus_api, "/api/figures", size=3)
    assert columns == list(table_rows.FIGURE_COLUMNS)
    assert len(page["rows"]) == 3 and len(rows) == page["total"] > 3
    assert [r["id"] for r in rows[:3]] == [r["id"] for r in page["rows"]]
    first = page["rows"][0]
    assert rows[0]["metric"] == (first["metric"] or "")
    assert rows[0]["sentence"] == first["sentence"]
    assert rows[0]["url"] == (first["article"]["url"] or "")
    assert rows[0]["sentence_url"].startswith(f"/articles/{first['article']['id']}#figure-")


def test_the_ledger_csv_keeps_the_filters_and_the_conflicts(corpus_api: httpx.Client) -> None:
    ledger = corpus_api.get("/api/figures", params={"metric": "职工书屋", "size": 100}).json()
    rows, _ = csv_of(corpus_api, "/api/figures", metric="职工书屋")
    assert len(rows) == ledger["total"] and all("职工书屋" in r["metric"] for r in rows)
    conflicting = {r["id"] for r in ledger["rows"] if r["conflict"]}
    assert conflicting and {r["id"] for r in rows if r["conflict"] == "true"} == conflicting


def test_the_figure_check_csv_carries_the_claim(corpus_api: httpx.Client) -> None:
    check = corpus_api.get("/api/figures/check", params={"text": "7100多家职工书屋"}).json()
    rows, columns = csv_of(corpus_api, "/api/figures/check", text="7100多家职工书屋", size=1)
    assert columns == list(table_rows.CHECK_COLUMNS)
    assert len(rows) == check["total"] == 3  # every match, whatever the page size
    assert {r["checked_text"] for r in rows} == {"7100多家职工书屋"}
    assert {r["claim_metric"] for r in rows} == {"职工书屋"}
    assert sum(r["agrees"] == "true" for r in rows) == check["agreeing"]


def test_the_catalogue_csv_has_every_programme(corpus_api: httpx.Client) -> None:
    catalogue = corpus_api.get("/api/programmes", params={"size": 100}).json()
    rows, columns = csv_of(corpus_api, "/api/programmes", size=2)
    assert columns == list(table_rows.CATALOGUE_COLUMNS)
    assert [r["name"] for r in rows] == [p["name"] for p in catalogue["programmes"]]
    yizhan = next(r for r in rows if r["name"] == "工会驿站")
    assert set(yizhan["provinces"].split("; ")) == {"山东省 2", "甘肃省 1", "青海省 1"}
    assert yizhan["articles"] == "4"


def test_a_programmes_mentions_csv_has_each_mention(corpus_api: httpx.Client) -> None:
    programme = corpus_api.get("/api/programmes/工会驿站").json()
    rows, columns = csv_of(corpus_api, "/api/programmes/工会驿站")
    assert columns == list(table_rows.MENTION_COLUMNS)
    assert len(rows) == sum(group["count"] for group in programme["by_province"])
    assert {r["programme"] for r in rows} == {"工会驿站"}
    assert all("工会驿站" in r["context"] for r in rows)
    assert {r["province"] for r in rows} == {"山东省", "甘肃省", "青海省"}
    assert corpus_api.get("/api/programmes/没有这个项目", params={"format": "csv"}
                          ).status_code == 404


def test_the_similar_programmes_csv(corpus_api: httpx.Client) -> None:
    similar = corpus_api.get("/api/programmes/暖新保/similar").json()
    rows, columns = csv_of(corpus_api, "/api/programmes/暖新保/similar")
    assert columns == list(table_rows.SIMILAR_COLUMNS)
    assert [r["similar"] for r in rows] == [m["name"] for m in similar["similar"]]
    assert rows and all(float(r["score"]) > 0 and r["shared_terms"] for r in rows)


def test_the_comparison_csv_is_one_row_per_province_and_item(corpus_api: httpx.Client) -> None:
    params = {"province": ["内蒙古自治区", "甘肃省"]}
    comparison = corpus_api.get("/api/compare", params=params).json()
    rows, columns = csv_of(corpus_api, "/api/compare", **params)
    assert columns == list(table_rows.COMPARE_COLUMNS)
    assert {r["column"] for r in rows} == {"内蒙古自治区", "甘肃省"}
    counts = {r["column"]: int(r["count"]) for r in rows if r["item"] == "articles"}
    assert counts == {c["value"]: c["count"] for c in comparison["columns"]}
    figures = [r for r in rows if r["item"] == "figure"]
    # What each figure counts is a column of its own, with its date and its sentence.
    assert figures and all(r["metric"] and r["figure_date"] and r["sentence"] for r in figures)
    assert any(r["metric"] == "职工书屋" and r["column"] == "内蒙古自治区" for r in figures)
    items = {r["item"] for r in rows}
    assert {"articles", "programme", "org", "figure", "article"} <= items


def test_named_queries_side_by_side_in_one_csv(corpus_api: httpx.Client) -> None:
    params = {"query": ["驿站:工会驿站", "保险:保险"]}
    comparison = corpus_api.get("/api/compare", params=params).json()
    assert comparison["by"] == "query"
    assert [(c["value"], c["query"]) for c in comparison["columns"]] == [
        ("驿站", "工会驿站"), ("保险", "保险")]
    search = corpus_api.get("/api/search", params={"q": "保险", "size": 0}).json()
    assert comparison["columns"][1]["count"] == search["total"]
    rows, _ = csv_of(corpus_api, "/api/compare", **params)
    assert {r["column"] for r in rows} == {"驿站", "保险"}
    assert {r["column_kind"] for r in rows} == {"query"}


@pytest.mark.parametrize(("params", "says"), [
    ({"query": ["a:x", "a:y"]}, "given twice"),
    ({"query": ["驿站:", "保险"]}, "no words"),
])
def test_bad_named_queries_are_refused(corpus_api: httpx.Client, params, says) -> None:
    response = corpus_api.get("/api/compare", params=params)
    assert response.status_code == 422 and says in response.json()["detail"]


def test_the_timeline_csv_has_a_column_per_series(corpus_api: httpx.Client) -> None:
    timeline = corpus_api.get("/api/timeline", params={"by": "province"}).json()
    rows, columns = csv_of(corpus_api, "/api/timeline", by="province")
    assert columns == ["period", *(g["value"] for g in timeline["groups"])]
    assert [r["period"] for r in rows] == timeline["keys"]
    for bucket in timeline["buckets"]:
        row = next(r for r in rows if r["period"] == bucket["key"])
        assert int(row[bucket["group"]]) == bucket["count"]
    shares, columns = csv_of(corpus_api, "/api/timeline", mode="share")
    assert columns == ["period", "count", "total", "share"]
    assert all(0 < float(r["share"]) <= 1 for r in shares)


def test_the_regions_csv_is_the_tree_depth_first(corpus_api: httpx.Client) -> None:
    tree = corpus_api.get("/api/regions", params={"q": "保险"}).json()
    rows, columns = csv_of(corpus_api, "/api/regions", q="保险")
    assert columns == list(table_rows.REGION_COLUMNS)
    provinces = [r for r in rows if r["level"] == "province"]
    assert [r["name"] for r in provinces] == [p["value"] for p in tree["provinces"]]
    assert all(r["adcode"] and r["lat"] for r in provinces)
    everywhere, _ = csv_of(corpus_api, "/api/regions")
    minle = next(r for r in everywhere if r["name"] == "民乐县")
    assert (minle["level"], minle["province"], minle["city"]) == ("county", "甘肃省", "张掖市")


def test_a_formula_in_a_cell_is_written_as_text() -> None:
    from api.analytics.export import csv_chunks

    text = "".join(csv_chunks(("title",), [{"title": "=HYPERLINK(\"x\")"}, {"title": "-3"}]))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(\"x\")", "'-3"]


def test_an_unknown_format_is_refused(corpus_api: httpx.Client) -> None:
    response = corpus_api.get("/api/figures", params={"format": "xlsx"})
    assert response.status_code == 422 and "format" in response.text
