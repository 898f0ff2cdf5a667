"""Programme catalogue, programme pages and similar programmes, over HTTP on the test corpus."""

from __future__ import annotations

import httpx

from indexer.search.analysis import analyze


def catalogue(api: httpx.Client, **params) -> dict:
    response = api.get("/api/programmes", params={"size": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()


def entry(data: dict, name: str) -> dict:
    return next(p for p in data["programmes"] if p["name"] == name)


def places(items: list[dict]) -> dict[str, int]:
    return {item["value"]: item["count"] for item in items}


def test_the_catalogue_says_where_and_when_a_programme_appears(corpus_api: httpx.Client) -> None:
    yizhan = entry(catalogue(corpus_api), "工会驿站")
    assert places(yizhan["provinces"]) == {"山东省": 2, "甘肃省": 1, "青海省": 1}
    assert yizhan["articles"] == 4
    assert yizhan["first"]["date"] == "2023-06-12"
    assert yizhan["first"]["article"]["id"] == "gs-2023-yizhan"
    assert yizhan["last"]["date"] == "2025-03-20"
    assert places(yizhan["counties"]) == {"莒县": 2, "民乐县": 1}
    county = next(c for c in yizhan["counties"] if c["value"] == "民乐县")
    assert county["region"]["adcode"] == "620722"
    shandong = next(p for p in yizhan["provinces"] if p["value"] == "山东省")
    assert shandong["region"]["adcode"] == "370000" and shandong["region"]["lat"]


def test_the_catalogue_is_ranked_by_articles(corpus_api: httpx.Client) -> None:
    data = catalogue(corpus_api)
    assert data["programmes"][0]["name"] == "工会驿站"
    articles = [p["articles"] for p in data["programmes"]]
    assert articles == sorted(articles, reverse=True)
    assert data["total"] == len(data["programmes"])


def test_the_catalogue_filters(corpus_api: httpx.Client) -> None:
    names = {p["name"] for p in catalogue(corpus_api, name="保")["programmes"]}
    assert names == {"暖新保", "骑手保", "安心保"}
    zhejiang = {p["name"] for p in catalogue(corpus_api, province="浙江省")["programmes"]}
    assert "骑手保" in zhejiang and "暖新保" not in zhejiang
    points = {p["name"] for p in catalogue(corpus_api, q="积分")["programmes"]}
    assert {"驿站积分", "暖心积分", "工会驿站"} <= points and "骑手保" not in points
    first = catalogue(corpus_api, size=2)
    second = catalogue(corpus_api, size=2, page=2)
    assert len(first["programmes"]) == 2 and first["total"] == second["total"]
    assert first["programmes"][0]["name"] != second["programmes"][0]["name"]


def test_a_programme_page_lists_every_mention_by_province(corpus_api: httpx.Client) -> None:
    response = corpus_api.get("/api/programmes/工会驿站")
    assert response.status_code == 200
    data = response.json()
    groups = {g["value"]: g for g in data["by_province"]}
    assert set(groups) == {"山东省", "甘肃省", "青海省"}
    assert all("工会驿站" in m["context"] for g in groups.values() for m in g["mentions"])
    assert {m["article"]["id"] for m in groups["甘肃省"]["mentions"]} == {"gs-2023-yizhan"}
    years = {}
    for bucket in data["timeline"]["buckets"]:
        years[bucket["key"]] = years.get(bucket["key"], 0) + bucket["count"]
    assert years == {"2023": 1, "2024": 1, "2025": 2}
    assert {g["value"] for g in data["timeline"]["groups"]} >= {"山东省", "甘肃省", "青海省"}


def test_an_unknown_programme_is_404(corpus_api: httpx.Client) -> None:
    for path in ("/api/programmes/没有这个项目", "/api/programmes/没有这个项目/similar"):
        response = corpus_api.get(path)
        assert response.status_code == 404 and "没有这个项目" in response.json()["detail"]
    weekly = corpus_api.get("/api/programmes/工会驿站", params={"interval": "week"})
    assert weekly.status_code == 422


def test_similar_programmes_do_the_same_thing_elsewhere(corpus_api: httpx.Client) -> None:
    data = corpus_api.get("/api/programmes/暖新保/similar").json()
    assert places(data["provinces"]) == {"青海省": 1}
    ranked = [m["name"] for m in data["similar"]]
    assert set(ranked[:2]) == {"骑手保", "安心保"}
    assert "暖心积分" not in ranked  # also 青海: not "elsewhere"
    best = data["similar"][0]
    insurance_words = {"医疗保险", "意外伤害", "保险", "补充", "新就业形态", "配送员"}
    assert insurance_words & set(best["shared_terms"])
    assert best["provinces"][0]["region"]["adcode"] in {"330000", "320000"}
    scores = [m["score"] for m in data["similar"]]
    assert scores == sorted(scores, reverse=True)


def test_a_points_scheme_finds_another_provinces_points_scheme(corpus_api: httpx.Client) -> None:
    data = corpus_api.get("/api/programmes/驿站积分/similar", params={"size": 3}).json()
    assert data["similar"][0]["name"] == "暖心积分"
    assert {"积分", "兑换", "志愿服务"} & set(data["similar"][0]["shared_terms"])
    assert len(data["similar"]) <= 3


def test_places_bodies_and_people_do_not_make_programmes_similar(corpus_api) -> None:
    """A shared 青海 or 总工会 next to two programmes says nothing about what they do."""
    named = set()
    for hit in corpus_api.get("/api/search", params={"size": 100}).json()["hits"]:
        article = corpus_api.get(f"/api/articles/{hit['id']}").json()
        text = article["text"]
        for kind in ("regions", "orgs", "people"):
            for entity in article["extraction"][kind]:
                for s, e in entity["mentions"]:
                    named |= set(analyze(text[s:e]))  # 青海省 is indexed as 青海 and 青海省
    assert {"青海", "青海省"} <= named
    programmes = corpus_api.get("/api/programmes", params={"size": 100}).json()["programmes"]
    for programme in programmes:
        similar = corpus_api.get(f"/api/programmes/{programme['name']}/similar").json()
        for match in similar["similar"]:
            assert not set(match["shared_terms"]) & named, (programme["name"], match)


def test_a_facility_kind_is_answered_like_a_programme(corpus_api: httpx.Client) -> None:
    # 职工书屋 is never quoted in the corpus, so it is no programme; it is a facility kind.
    response = corpus_api.get("/api/programmes/职工书屋")
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["kind"] == "facility" and data["articles"] == 3
    assert places(data["provinces"]) == {"内蒙古自治区": 3}
    [group] = data["by_province"]
    assert {m["article"]["id"] for m in group["mentions"]} == {
        "nm-2023-shuwu", "nm-2024-shuwu", "nm-2024-shuwu-ldwb"}
    assert all("职工书屋" in m["context"] for m in group["mentions"])
    facilities = {p["name"] for p in catalogue(corpus_api, kind="facility")["programmes"]}
    assert "职工书屋" in facilities and "暖新保" not in facilities


def test_the_newest_mentions_per_province_are_those_of_every_mention_sorted(corpus_home) -> None:
    """The page's groups come from one SQL pass; they must be what grouping every mention
    of the programme, newest first, gives."""
    from api.analytics.catalogue import mentions_by_province, named_scope, programme_mentions
    from api.analytics.places import RegionIndex
    from indexer.archive import Archive
    from indexer.nlp.gazetteer import gazetteer

    archive = Archive(corpus_home.archive_path)
    regions = RegionIndex(gazetteer())
    try:
        for name in ("工会驿站", "职工书屋", "暖新保"):
            scope = named_scope(name)
            every = programme_mentions(archive, scope, name)
            for limit in (1, 2, 20):
                groups: dict[str, list[dict]] = {}
                for mention in every:
                    province = (mention["region"] or {}).get("province") or "未知地区"
                    groups.setdefault(province, []).append(mention)
                expected = [(province, len(rows), [(m["article"]["id"], m["start"]) for m in
                             sorted(rows, key=lambda r: r["article"]["date"] or "",
                                    reverse=True)[:limit]])
                            for province, rows in sorted(groups.items(),
                                                         key=lambda g: (-len(g[1]), g[0]))]
                found = [(g["value"], g["count"], [(m["article"]["id"], m["start"])
                                                   for m in g["mentions"]])
                         for g in mentions_by_province(archive, scope, name, regions, limit)]
                assert found == expected and every, (name, limit)
    finally:
        archive.close()


def test_a_catalogue_page_lists_the_busiest_counties_and_says_how_many(corpus_home) -> None:
    from api.analytics.catalogue import (
        ProgrammeCount,
        catalogue_entries,
        programme_counts,
    )
    from api.analytics.places import RegionIndex
    from indexer.archive import Archive
    from indexer.nlp.gazetteer import gazetteer
    from indexer.search.query import SearchQuery
    from indexer.tables.scope import facet_scope

    archive = Archive(corpus_home.archive_path)
    try:
        scope = facet_scope(SearchQuery())
        counts: list[ProgrammeCount] = list(programme_counts(archive, scope).values())
        regions = RegionIndex(gazetteer())
        every = catalogue_entries(archive, scope, regions, counts)
        cut = catalogue_entries(archive, scope, regions, counts, counties=1)
    finally:
        archive.close()
    assert any(len(entry["counties"]) > 1 for entry in every)
    for whole, short in zip(every, cut, strict=True):
        assert short["county_count"] == whole["county_count"] == len(whole["counties"])
        assert short["counties"] == whole["counties"][:1]
