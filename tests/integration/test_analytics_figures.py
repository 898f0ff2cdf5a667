"""The figure ledger, conflict flags and the figure check, over HTTP on the test corpus."""

from __future__ import annotations

import math

import httpx
import pytest

from api.analytics.figures import ranges_overlap, value_range


def ledger(api: httpx.Client, **params) -> dict:
    response = api.get("/api/figures", params={"size": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_ledger_has_every_figure_of_a_metric_with_its_source(corpus_api) -> None:
    data = ledger(corpus_api, metric="职工书屋")
    rows = {row["article"]["id"]: row for row in data["rows"]}
    assert set(rows) == {"nm-2023-shuwu", "nm-2024-shuwu", "nm-2024-shuwu-ldwb"}
    row = rows["nm-2024-shuwu"]
    assert (row["value"], row["unit"], row["qualifier"]) == (7100, "家", "多")
    assert row["phrase"] == "7100多家职工书屋" and "7100多家职工书屋" in row["sentence"]
    assert row["region"]["adcode"] == "150000" and row["period"] == "2024"
    assert row["date"] == "2024-04-23" and row["article"]["url"].startswith("https://")


def test_figures_that_disagree_in_the_same_place_and_year_are_flagged(corpus_api) -> None:
    data = ledger(corpus_api, metric="职工书屋")
    rows = {row["article"]["id"]: row for row in data["rows"]}
    assert rows["nm-2024-shuwu"]["conflict"] and rows["nm-2024-shuwu-ldwb"]["conflict"]
    assert rows["nm-2024-shuwu"]["conflicts_with"] == [rows["nm-2024-shuwu-ldwb"]["id"]]
    assert not rows["nm-2023-shuwu"]["conflict"]  # another year: growth, not a conflict
    [conflict] = data["conflicts"]
    assert (conflict["metric"], conflict["period"]) == ("职工书屋", "2024")
    assert set(conflict["values"]) == {"7100多家职工书屋", "5000家职工书屋"}


def test_the_ledger_filters_by_the_figures_place_and_year(corpus_api) -> None:
    assert {r["period"] for r in ledger(corpus_api, metric="职工书屋", year="2023")["rows"]} \
        == {"2023"}
    qinghai = ledger(corpus_api, province="青海省")["rows"]
    assert qinghai and all(r["region"]["province"] == "青海省" for r in qinghai)
    units = ledger(corpus_api, unit="家")["rows"]
    assert units and all(r["unit"] == "家" for r in units)
    assert any(m["value"] == "职工书屋" for m in ledger(corpus_api)["metrics"])


def test_checking_a_figure_finds_every_row_and_whether_it_agrees(corpus_api) -> None:
    response = corpus_api.get("/api/figures/check", params={"text": "7100多家职工书屋"})
    assert response.status_code == 200
    data = response.json()
    assert data["claim"]["metric"] == "职工书屋" and data["claim"]["value"] == 7100
    agrees = {m["article"]["id"]: m["agrees"] for m in data["matches"]}
    assert agrees == {"nm-2023-shuwu": True, "nm-2024-shuwu": True,
                      "nm-2024-shuwu-ldwb": False}
    assert {s["id"] for s in data["sources"]} == set(agrees)
    assert (data["agreeing"], data["disagreeing"]) == (2, 1)
    assert all(m["sentence"] for m in data["matches"])
    first = corpus_api.get("/api/figures/check",
                           params={"text": "7100多家职工书屋", "size": 1}).json()
    assert first["total"] == 3 and len(first["matches"]) == len(first["sources"]) == 1
    assert (first["agreeing"], first["disagreeing"]) == (2, 1)


def test_a_place_in_the_phrase_narrows_the_check(corpus_api) -> None:
    data = corpus_api.get("/api/figures/check",
                          params={"text": "甘肃省有7100多家职工书屋"}).json()
    assert data["claim"]["region"]["province"] == "甘肃省"
    assert data["matches"] == []


@pytest.mark.parametrize("question", ["内蒙古有多少家职工书屋", "内蒙古自治区建了几家职工书屋?",
                                      "内蒙古有多少个职工书屋"])
def test_a_question_finds_the_figures_of_its_metric_and_place(corpus_api, question) -> None:
    data = corpus_api.get("/api/figures/check", params={"text": question}).json()
    claim = data["claim"]
    assert claim["question"] and claim["value"] is None and claim["metric"] == "职工书屋"
    assert claim["region"]["province"] == "内蒙古自治区"
    found = {m["article"]["id"]: (m["value"], m["agrees"]) for m in data["matches"]}
    # Every 职工书屋 figure of 内蒙古, the 7100多家 among them; a question neither agrees
    # nor disagrees.
    assert found == {"nm-2023-shuwu": (7000, None), "nm-2024-shuwu": (7100, None),
                     "nm-2024-shuwu-ldwb": (5000, None)}
    assert (data["agreeing"], data["disagreeing"]) == (0, 0)


def test_a_question_about_another_place_finds_nothing(corpus_api) -> None:
    data = corpus_api.get("/api/figures/check", params={"text": "甘肃省有多少家职工书屋"}).json()
    assert data["claim"]["metric"] == "职工书屋" and data["matches"] == []


def test_a_county_named_like_a_verb_is_not_the_place_of_a_provinces_figure(corpus_api) -> None:
    data = corpus_api.get("/api/figures/check", params={"text": "福建省新建工会驿站112个"}).json()
    claim = data["claim"]
    assert (claim["value"], claim["unit"], claim["metric"]) == (112, "个", "工会驿站")
    assert claim["region"]["name"] == "福建省"
    # No 工会驿站 figure of the corpus is in 福建省 (they are in 甘肃, 山东, 青海).
    assert data["matches"] == []
    # The same metric in a place that has it: “工会驿站”46个 of 莒县 (quoted in the report).
    elsewhere = corpus_api.get("/api/figures/check", params={"text": "山东省莒县新建工会驿站46个"})
    matches = elsewhere.json()["matches"]
    assert [(m["article"]["id"], m["agrees"]) for m in matches] == [("sd-2024-yizhan", True)]


def test_a_check_needs_a_text(corpus_api) -> None:
    response = corpus_api.get("/api/figures/check")
    assert response.status_code == 422 and "text" in response.json()["detail"]


@pytest.mark.parametrize(("value", "qualifier", "low", "high"), [
    (7100, "多", 7100, 7199.9),
    (50, "余", 50, 59.99),
    (20_000_000, "多", 20_000_000, 29_990_000),
    (60000, "以上", 60000, math.inf),
    (300, "近", 270, 300),
    (100, "约", 90, 110),
    (0.6, None, 0.6, 0.6),
])
def test_qualifiers_read_as_ranges(value, qualifier, low, high) -> None:
    assert value_range(value, qualifier) == pytest.approx((low, high))


def test_ranges_decide_agreement() -> None:
    assert ranges_overlap(value_range(7100, "多"), value_range(7150, None))
    assert not ranges_overlap(value_range(7100, "多"), value_range(5000, None))
    assert ranges_overlap(value_range(60000, "以上"), value_range(65000, None))
    assert not ranges_overlap(value_range(300, "近"), value_range(320, None))


def test_each_page_flags_its_rows_as_the_whole_ledger_does(corpus_api) -> None:
    whole = ledger(corpus_api)
    assert whole["conflict_groups"] == len(whole["conflicts"]) >= 1
    flags = {row["id"]: (row["conflict"], row["conflicts_with"]) for row in whole["rows"]}
    seen = []
    for page in range(1, whole["total"] + 1):
        data = ledger(corpus_api, size=1, page=page)
        [row] = data["rows"]
        seen.append(row["id"])
        assert (row["conflict"], row["conflicts_with"]) == flags[row["id"]]
        assert data["conflict_groups"] == whole["conflict_groups"]
        # A page lists the conflicts its own rows are in, and only those.
        assert all(row["id"] in c["rows"] for c in data["conflicts"])
        assert bool(data["conflicts"]) == row["conflict"]
    assert sorted(seen) == sorted(flags)


def test_paged_checks_count_agreement_over_every_page(corpus_api) -> None:
    text = "7100多家职工书屋"
    whole = corpus_api.get("/api/figures/check", params={"text": text, "size": 100}).json()
    assert whole["total"] >= 2 and whole["agreeing"] and whole["disagreeing"]
    pages = [corpus_api.get("/api/figures/check",
                            params={"text": text, "size": 1, "page": page}).json()
             for page in range(1, whole["total"] + 1)]
    assert [p["matches"][0]["id"] for p in pages] == [m["id"] for m in whole["matches"]]
    assert {(p["total"], p["agreeing"], p["disagreeing"]) for p in pages} == \
        {(whole["total"], whole["agreeing"], whole["disagreeing"])}
    assert sum(p["matches"][0]["agrees"] is True for p in pages) == whole["agreeing"]
