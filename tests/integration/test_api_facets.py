"""GET /api/facets/{facet} over real HTTP, on the bundled sample page ingested by the pipeline."""

from __future__ import annotations

import httpx
import pytest


def values(api: httpx.Client, facet: str, **params) -> dict:
    response = api.get(f"/api/facets/{facet}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def sidebar(api: httpx.Client, facet: str, **params) -> dict[str, int]:
    result = api.get("/api/search", params={"size": 0, **params}).json()
    return {item["value"]: item["count"] for item in result["facets"][facet]}


def test_pages_of_a_facet_hold_every_value_once_with_the_sidebar_counts(
    api: httpx.Client
) -> None:
    first = values(api, "org", limit=2)
    rest = values(api, "org", offset=2, limit=100)
    assert (first["facet"], first["label"], first["total"]) == ("org", "工会组织", rest["total"])
    assert len(first["values"]) == 2 and first["complete"]
    seen = {v["value"]: v["count"] for v in first["values"] + rest["values"]}
    assert len(seen) == first["total"]
    assert {k: n for k, n in seen.items() if k in sidebar(api, "org")} == sidebar(api, "org")


def test_contains_lists_the_values_holding_the_text_with_their_counts(api: httpx.Client) -> None:
    found = values(api, "programme", contains="服务")
    assert found["total"] > 3 and found["contains"] == "服务"
    assert all("服务" in v["value"] for v in found["values"])
    for item in found["values"]:
        hits = api.get("/api/search", params={"size": 0, "programme": item["value"]}).json()
        assert hits["total"] == item["count"]


def test_the_facets_own_filter_does_not_narrow_it_but_others_do(api: httpx.Client) -> None:
    ticked = values(api, "province", province="青海省", limit=100)
    assert {v["value"] for v in ticked["values"]} == set(sidebar(api, "province"))
    narrowed = values(api, "province", q="工会驿站", limit=100)
    assert {v["value"]: v["count"] for v in narrowed["values"]} == sidebar(
        api, "province", q="工会驿站")


@pytest.mark.parametrize(("params", "param"), [
    ({"offset": "-1"}, "offset"),
    ({"limit": "0"}, "limit"),
    ({"limit": "500"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"contains": "驿" * 101}, "contains"),
    ({"colour": "red"}, "colour"),
    ({"date_from": "2025-02-30"}, "date_from"),
])
def test_bad_parameters_get_422_naming_them(api: httpx.Client, params: dict, param: str) -> None:
    response = api.get("/api/facets/programme", params=params)
    assert response.status_code == 422, response.text
    assert param in [e["param"] for e in response.json()["errors"]]


def test_an_unknown_facet_is_404_with_the_known_ones(api: httpx.Client) -> None:
    response = api.get("/api/facets/colour")
    assert response.status_code == 404
    assert "programme" in response.json()["detail"]
