"""/api/people/{name} over real HTTP, on the sample page and the analytics corpus."""

from __future__ import annotations

import httpx


def person(api: httpx.Client, name: str) -> dict:
    response = api.get(f"/api/people/{name}")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_reporter_of_the_sample_page(api: httpx.Client) -> None:
    found = person(api, "康劭")
    assert found["articles"] == 1
    assert found["roles"] == [{"value": "reporter", "count": 1}]
    assert found["by_year"] == [{"value": "2025", "count": 1}]
    assert [p["value"] for p in found["by_province"]] == ["甘肃省"]
    assert found["by_province"][0]["region"]["level"] == "province"
    assert "三级对话" in {p["value"] for p in found["programmes"]}
    assert "民乐县总工会" in {u["value"] for u in found["unions"]}
    assert found["possibly_different"] is False
    [identity] = found["identities"]
    assert (identity["role"], identity["place"], identity["articles"]) == ("byline", "工人日报", 1)
    assert identity["article_ids"] == [a["id"] for a in found["recent"]]
    search = api.get("/api/search", params={"person": "康劭"}).json()
    assert [h["id"] for h in search["hits"]] == identity["article_ids"]


def test_an_official_with_a_title(api: httpx.Client) -> None:
    officials = [p for p in api.get("/api/search", params={"size": 0}).json()["facets"]["person"]]
    seen = [person(api, p["value"]) for p in officials]
    titled = [p for p in seen if p["titles"]]
    assert titled, "the sample page names officials with their titles"
    for found in titled:
        assert "official" in {r["value"] for r in found["roles"]}
        assert all(i["role"] != "byline" or i["place"] for i in found["identities"])


def test_a_reporter_across_the_corpus(corpus_api: httpx.Client) -> None:
    found = person(corpus_api, "李玉波")
    assert found["articles"] == 2
    assert sum(y["count"] for y in found["by_year"]) == 2
    assert {"reporter"} <= {r["value"] for r in found["roles"]}


def test_unknown_names_and_parameters_are_refused(api: httpx.Client) -> None:
    missing = api.get("/api/people/无此人")
    assert missing.status_code == 404
    assert "无此人" in missing.json()["detail"]
    extra = api.get("/api/people/康劭", params={"size": "5"})
    assert extra.status_code == 422
    assert extra.json()["errors"][0]["param"] == "size"
