"""The JSON API over real HTTP, on the bundled sample page ingested by the real pipeline."""

from __future__ import annotations

import httpx
import pytest

from indexer.search.query import FACETS


def counts(response: dict, facet: str) -> dict[str, int]:
    return {item["value"]: item["count"] for item in response["facets"][facet]}


def search(api: httpx.Client, **params) -> dict:
    response = api.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_readme_query_finds_the_qinghai_article_with_facet_counts(api: httpx.Client) -> None:
    result = search(api, q="工会驿站", province="青海省")
    assert result["total"] == 1
    hit = result["hits"][0]
    assert hit["title"].startswith("青海工会打造")
    assert hit["primary_region"]["province"] == "青海省"
    assert "<mark>工会驿站</mark>" in hit["snippet"]
    assert "暖新保" in hit["programmes"]
    assert set(result["facets"]) == set(FACETS)
    assert counts(result, "source") == {"工人日报": 1}
    assert counts(result, "year") == {"2025": 1}
    assert counts(result, "province")["青海省"] == 1


def test_a_facet_is_counted_without_its_own_filter(api: httpx.Client) -> None:
    everywhere = search(api, q="工会驿站")
    qinghai = search(api, q="工会驿站", province="青海省")
    # Ticking 青海省 leaves the other provinces' counts visible and unchanged...
    assert counts(qinghai, "province") == counts(everywhere, "province")
    assert {"甘肃省", "青海省", "山东省"} <= set(counts(qinghai, "province"))
    # ...while the other facets count only the 青海 article.
    assert counts(qinghai, "year") == {"2025": 1}
    assert counts(everywhere, "year") == {"2025": everywhere["total"]}


def test_values_of_one_facet_are_ored_and_facets_are_anded(api: httpx.Client) -> None:
    province_counts = counts(search(api, q="工会驿站"), "province")
    both = search(api, q="工会驿站", province=["青海省", "甘肃省"])
    assert both["total"] == province_counts["青海省"] + province_counts["甘肃省"]
    assert {h["primary_region"]["province"] for h in both["hits"]} == {"青海省", "甘肃省"}
    assert search(api, q="工会驿站", province="青海省", year="2024")["total"] == 0


def test_every_facet_value_shown_can_be_used_as_a_filter(api: httpx.Client) -> None:
    result = search(api, size=0)
    for facet in ("province", "programme", "org", "theme"):
        value, count = next(iter(counts(result, facet).items()))
        assert search(api, size=0, **{facet: value})["total"] == count, facet


def test_paging_and_sorting(api: httpx.Client) -> None:
    first = search(api, size=3, sort="date")
    second = search(api, size=3, page=2, sort="date")
    assert first["total"] == 7 and (first["page"], first["size"]) == (1, 3)
    assert len(first["hits"]) == 3 and len(second["hits"]) == 3
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    everything = search(api, size=100)
    assert len(everything["hits"]) == 7


def test_without_a_query_the_snippet_is_the_escaped_opening(api: httpx.Client) -> None:
    hit = search(api, size=1)["hits"][0]
    assert hit["snippet"] and "<mark>" not in hit["snippet"]
    assert "<" not in hit["snippet"].replace("&lt;", "")


def test_a_date_range_keeps_partial_dates_inside_their_period(api: httpx.Client) -> None:
    assert search(api, date_from="2025-03-01", date_to="2025-03-31")["total"] == 7
    assert search(api, date_to="2025-02")["total"] == 0
    assert search(api, date_from="2025")["total"] == 7


@pytest.mark.parametrize(("params", "param"), [
    ({"sort": "newest"}, "sort"),
    ({"size": "101"}, "size"),
    ({"size": "-1"}, "size"),
    ({"page": "0"}, "page"),
    ({"page": "two"}, "page"),
    ({"page": "200", "size": "100"}, "page"),
    ({"date_from": "2025-13-01"}, "date_from"),
    ({"date_to": "2025-02-30"}, "date_to"),
    ({"date_from": "19 March"}, "date_from"),
    ({"date_from": "2025-04", "date_to": "2025-03"}, "date_from"),
    ({"year": "25"}, "year"),
    ({"provinse": "青海省"}, "provinse"),
    ({"q": ["a", "b"]}, "q"),
])
def test_bad_parameters_get_422_naming_the_parameter(api: httpx.Client, params: dict,
                                                     param: str) -> None:
    response = api.get("/api/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert param in body["detail"]
    assert [e["param"] for e in body["errors"]] == [param]


def test_several_problems_are_reported_together(api: httpx.Client) -> None:
    response = api.get("/api/search", params={"sort": "x", "size": "500", "bogus": "1"})
    assert response.status_code == 422
    assert {e["param"] for e in response.json()["errors"]} == {"sort", "size", "bogus"}


def test_an_article_with_its_extraction(api: httpx.Client) -> None:
    hit = search(api, q="暖新保")["hits"][0]
    response = api.get(f"/api/articles/{hit['id']}")
    assert response.status_code == 200
    article = response.json()
    assert article["title"] == hit["title"] and article["source_name"] == "工人日报"
    assert article["reporters"] == ["邢生祥"]
    extraction = article["extraction"]
    assert extraction["primary_region"]["adcode"] == "630000"
    programme = next(p for p in extraction["programmes"] if p["name"] == "暖新保")
    # Offsets point into `text`, so a client can highlight without the NLP.
    for start, end in programme["mentions"]:
        assert article["text"][start:end] == "暖新保"


def test_an_unknown_article_is_404_with_a_message(api: httpx.Client) -> None:
    response = api.get("/api/articles/no-such-id")
    assert response.status_code == 404
    assert "no-such-id" in response.json()["detail"]


def test_article_takes_no_parameters(api: httpx.Client) -> None:
    hit = search(api, size=1)["hits"][0]
    assert api.get(f"/api/articles/{hit['id']}", params={"x": "1"}).status_code == 422


def test_the_regions_tree_nests_counties_under_cities_under_provinces(api: httpx.Client) -> None:
    tree = api.get("/api/regions").json()
    provinces = {node["value"]: node for node in tree["provinces"]}
    assert {"甘肃省", "青海省", "山东省", "内蒙古自治区"} <= set(provinces)
    gansu = provinces["甘肃省"]
    assert gansu["region"]["adcode"] == "620000" and gansu["count"] >= 1
    zhangye = next(c for c in gansu["children"] if c["value"] == "张掖市")
    minle = next(c for c in zhangye["children"] if c["value"] == "民乐县")
    assert minle["region"]["adcode"] == "620722" and minle["count"] == 1
    assert minle["region"]["lat"] and minle["region"]["lon"]


def test_the_regions_tree_follows_the_search_filters(api: httpx.Client) -> None:
    tree = api.get("/api/regions", params={"q": "暖新保"}).json()
    assert tree["total"] == 1
    assert [node["value"] for node in tree["provinces"]] == ["青海省"]
    assert api.get("/api/regions", params={"page": "2"}).status_code == 422


def test_health_reports_the_archive_and_the_backend(api: httpx.Client) -> None:
    response = api.get("/healthz")
    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok"
    assert health["archive"]["articles"] == 7 and health["backend"]["documents"] == 7


def test_openapi_describes_the_search_parameters(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "date_from", "date_to", "sort", "page", "size", "count", *FACETS} == names
    assert api.get("/docs").status_code == 200
