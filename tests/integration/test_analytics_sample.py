"""Each analysis answers on the bundled sample page (issue 6's "done when")."""

from __future__ import annotations

import json

import httpx

FOUR = ["甘肃省", "青海省", "山东省", "内蒙古自治区"]


def test_the_ledger_finds_the_inner_mongolia_reading_rooms(api: httpx.Client) -> None:
    data = api.get("/api/figures", params={"metric": "职工书屋"}).json()
    row = next(r for r in data["rows"] if r["phrase"] == "7100多家职工书屋")
    assert row["value"] == 7100 and row["qualifier"] == "多" and row["unit"] == "家"
    assert "7100多家职工书屋" in row["sentence"]
    assert row["region"]["province"] == "内蒙古自治区"
    assert row["article"]["title"] == "用心用情当好职工信赖的“娘家人”"


def test_checking_the_figure_finds_its_source(api: httpx.Client) -> None:
    data = api.get("/api/figures/check", params={"text": "7100多家职工书屋"}).json()
    assert data["claim"]["metric"] == "职工书屋"
    match = next(m for m in data["matches"] if m["phrase"] == "7100多家职工书屋")
    assert match["agrees"] is True
    assert [s["title"] for s in data["sources"]] == ["用心用情当好职工信赖的“娘家人”"]


def test_compare_shows_the_four_provinces_side_by_side(api: httpx.Client) -> None:
    data = api.get("/api/compare", params={"province": FOUR}).json()
    columns = data["columns"]
    assert [c["value"] for c in columns] == FOUR
    assert [c["region"]["adcode"] for c in columns] == ["620000", "630000", "370000", "150000"]
    assert all(c["count"] >= 1 and c["articles"] for c in columns)
    programmes = {c["value"]: {p["value"] for p in c["programmes"]} for c in columns}
    assert "三级对话" in programmes["甘肃省"] and "暖新保" in programmes["青海省"]
    assert "爱心互献" in programmes["山东省"]
    assert any(f["metric"] == "职工书屋" for f in columns[3]["figures"])


def test_the_catalogue_timeline_similar_and_export_answer(api: httpx.Client) -> None:
    catalogue = api.get("/api/programmes", params={"size": 100}).json()
    names = {p["name"] for p in catalogue["programmes"]}
    assert {"三级对话", "劳动者说", "暖新保", "高原氧吧", "爱心互献"} <= names
    assert api.get("/api/programmes/暖新保/similar").status_code == 200
    years = api.get("/api/timeline", params={"by": "province"}).json()
    assert {b["key"] for b in years["buckets"]} == {"2025"}
    exported = json.loads(api.get("/api/export", params={"format": "json"}).text)
    assert len(exported) == 7
