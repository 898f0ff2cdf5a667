"""Provinces side by side, over HTTP on the test corpus."""

from __future__ import annotations

from dataclasses import replace

import httpx


def compare(api: httpx.Client, **params) -> httpx.Response:
    return api.get("/api/compare", params=params)


def test_provinces_side_by_side(corpus_api: httpx.Client) -> None:
    response = compare(corpus_api, province=["浙江省", "青海省", "江苏省"], q="保险")
    assert response.status_code == 200, response.text
    columns = response.json()["columns"]
    assert [c["value"] for c in columns] == ["浙江省", "青海省", "江苏省"]
    assert [c["region"]["adcode"] for c in columns] == ["330000", "630000", "320000"]
    assert [c["count"] for c in columns] == [2, 1, 1]
    programmes = {c["value"]: {p["value"] for p in c["programmes"]} for c in columns}
    assert "骑手保" in programmes["浙江省"] and "暖新保" in programmes["青海省"]
    assert "安心保" in programmes["江苏省"]
    zhejiang = columns[0]
    assert {a["id"] for a in zhejiang["articles"]} == {"zj-2024-qishoubao", "zj-2025-qishoubao"}
    assert any(o["value"] == "杭州市总工会" for o in zhejiang["orgs"])


def test_other_filters_narrow_every_column(corpus_api: httpx.Client) -> None:
    everything = compare(corpus_api, province=["山东省", "青海省"]).json()["columns"]
    stations = compare(corpus_api, province=["山东省", "青海省"],
                       programme="工会驿站").json()["columns"]
    assert [c["count"] for c in stations] == [2, 1]
    assert all(s["count"] <= e["count"] for s, e in zip(stations, everything, strict=True))


def test_key_figures_belong_to_their_province(corpus_api: httpx.Client) -> None:
    columns = compare(corpus_api, province=["内蒙古自治区", "甘肃省"]).json()["columns"]
    inner_mongolia = columns[0]["figures"]
    assert inner_mongolia and all(
        f["region"]["province"] == "内蒙古自治区" for f in inner_mongolia)
    assert any(f["metric"] == "职工书屋" for f in inner_mongolia)
    assert all(f["region"]["province"] == "甘肃省" for f in columns[1]["figures"])


def test_counties_come_with_coordinates_for_the_map(corpus_api: httpx.Client) -> None:
    columns = compare(corpus_api, province=["山东省", "甘肃省"]).json()["columns"]
    counties = {c["value"]: c["region"] for column in columns for c in column["counties"]}
    assert counties["莒县"]["adcode"] == "371122" and counties["民乐县"]["adcode"] == "620722"
    assert all(r["lat"] and r["lon"] for r in counties.values())


def test_a_comparison_needs_two_real_provinces(corpus_api: httpx.Client) -> None:
    one = compare(corpus_api, province="青海省")
    assert one.status_code == 422 and "two or more" in one.json()["detail"]
    short = compare(corpus_api, province=["青海", "甘肃省"])
    assert short.status_code == 422 and "青海省" in short.json()["detail"]
    assert compare(corpus_api, province=["青海省", "甘肃省"], page="2").status_code == 422


def test_named_queries_narrowed_by_provinces_take_only_real_provinces(
        corpus_api: httpx.Client) -> None:
    queries = ["驿站:工会驿站", "保险:保险"]
    narrowed = compare(corpus_api, query=queries, province="山东省")
    assert narrowed.status_code == 200, narrowed.text
    everywhere = compare(corpus_api, query=queries).json()["columns"]
    counts = [c["count"] for c in narrowed.json()["columns"]]
    assert counts[0] >= 1 and all(
        n <= c["count"] for n, c in zip(counts, everywhere, strict=True))
    for wrong, said in (("青海", "青海省"), ("", "unknown province")):
        response = compare(corpus_api, query=queries, province=["山东省", wrong])
        assert response.status_code == 422 and said in response.json()["detail"], wrong


def _key_figures_from_whole_rows(services, query, province) -> list[dict]:
    """The key figures as they were first computed: every row read whole, then grouped."""
    from api.analytics.compare import KEY_FIGURE_ROWS, TOP
    from api.analytics.figures import NEWEST_FIRST, Selection, figure_rows
    from indexer.tables.figures import in_province
    from indexer.tables.scope import search_scope

    selection = Selection(search_scope(services.backend, query))
    if province:
        selection = in_province(selection, province)
    groups: dict[tuple, list[dict]] = {}
    for row in figure_rows(services.archive, selection, NEWEST_FIRST, limit=KEY_FIGURE_ROWS):
        if row["metric"]:
            key = (row["metric"], row["value"], row["unit"] or "", row["change"] or "")
            groups.setdefault(key, []).append(row)

    def reports(rows: list[dict]) -> int:
        return len({row["article"]["title"] for row in rows})

    ranked = sorted(groups.values(), key=lambda rows: -reports(rows))[:TOP]
    return [{**rows[0], "reports": reports(rows),
             "reported_in": list({r["article"]["id"]: r["article"] for r in rows}.values())}
            for rows in ranked]


def test_key_figures_read_by_keys_equal_those_read_from_whole_rows(corpus_home) -> None:
    from api.analytics.compare import key_figures
    from api.services import open_services
    from indexer.search.query import SearchQuery

    services = open_services(corpus_home)
    try:
        provinces = [v.value for v in services.backend.search(
            SearchQuery(size=0, facets=("province",), facet_size=50)).facets["province"]]
        assert len(provinces) >= 5
        seen_figures = 0
        every_date = {"date_from": "1900-01-01"}  # the same articles, counted by query
        for query in (SearchQuery(), SearchQuery(text="职工"), SearchQuery(count="stories")):
            for province in [*provinces, None]:
                expected = _key_figures_from_whole_rows(services, query, province)
                assert key_figures(services.backend, services.archive, query, province) \
                    == expected, (query, province)
                seen_figures += len(expected)
                # a compare column: its province as the filter too (read from the figures'
                # own flags), and a filter by another province (read through the scope)
                for filtered in provinces[:3]:
                    column = replace(query, filters={"province": (filtered,)})
                    found = key_figures(services.backend, services.archive, column, province)
                    assert found == _key_figures_from_whole_rows(
                        services, replace(column, **every_date), province), (column, province)
                    seen_figures += len(found)
        assert seen_figures > 20  # the corpus has figures enough for the comparison to mean much
    finally:
        services.close()
