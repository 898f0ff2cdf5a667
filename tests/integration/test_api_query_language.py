"""The query language, the folding and the person filter over real HTTP, on the sample page."""

from __future__ import annotations

import httpx
import pytest


def search(api: httpx.Client, **params) -> dict:
    response = api.get("/api/search", params={"size": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()


def ids(api: httpx.Client, **params) -> set[str]:
    return {hit["id"] for hit in search(api, **params)["hits"]}


def test_or_not_and_groups(api: httpx.Client) -> None:
    station, books = ids(api, q="工会驿站"), ids(api, q="职工书屋")
    assert station and books and station != books
    assert ids(api, q="工会驿站 OR 职工书屋") == station | books
    assert ids(api, q="工会驿站 -职工书屋") == station - books
    assert ids(api, q="工会驿站 NOT 职工书屋") == station - books
    assert ids(api, q="(工会驿站 OR 职工书屋) -青海") == (station | books) - ids(api, q="青海")
    everything = ids(api)
    assert ids(api, q="-驿站") == everything - ids(api, q="驿站")


def test_a_phrase_is_narrower_than_its_words(api: httpx.Client) -> None:
    words, phrase = ids(api, q="服务职工"), ids(api, q='"服务职工"')
    assert phrase and phrase < words
    for hit in search(api, q='"服务职工"')["hits"]:
        assert "<mark>" in hit["snippet"]


def test_fields(api: httpx.Client) -> None:
    titles = search(api, q="title:工会")["hits"]
    assert titles and all("工会" in hit["title"] for hit in titles)
    assert len(titles) < search(api, q="工会")["total"]
    programme = ids(api, q="programme:暖新保")
    assert programme == ids(api, programme="暖新保") != set()


def test_traditional_characters_find_the_same_articles(api: httpx.Client) -> None:
    simplified = search(api, q="工会驿站")
    traditional = search(api, q="工會驛站")
    assert {h["id"] for h in traditional["hits"]} == {h["id"] for h in simplified["hits"]}
    assert traditional["total"] > 0
    assert any("<mark>工会驿站</mark>" in h["snippet"] for h in traditional["hits"])


def test_bylines_are_found_filtered_and_counted(api: httpx.Client) -> None:
    byline = search(api, q="康劭")
    assert byline["total"] == 1
    assert byline["hits"][0]["title"].startswith("“三级对话”")
    assert search(api, q="李玉波")["total"] >= 1
    assert ids(api, person="康劭") == {byline["hits"][0]["id"]}
    assert ids(api, q="person:康劭") == {byline["hits"][0]["id"]}
    people = {v["value"]: v["count"] for v in search(api, size=0)["facets"]["person"]}
    assert people["康劭"] == 1 and people["陈世强"] == 1


def test_export_takes_the_person_filter(api: httpx.Client) -> None:
    response = api.get("/api/export", params={"person": "康劭", "format": "json"})
    assert response.status_code == 200, response.text
    records = response.json()
    assert [r["title"][:6] for r in records] == ["“三级对话”"]


@pytest.mark.parametrize(("q", "character"), [
    ("工会驿站 OR", 6), ("(工会驿站", 1), ('"服务职工', 1), ("titel:驿站", 1), ("- 驿站", 1),
])
def test_a_syntax_mistake_is_a_422_naming_its_character(
    api: httpx.Client, q: str, character: int
) -> None:
    for path in ("/api/search", "/api/timeline", "/api/export", "/api/programmes"):
        response = api.get(path, params={"q": q})
        assert response.status_code == 422, (path, response.text)
        body = response.json()
        assert body["errors"][0]["param"] == "q"
        assert f"at character {character}:" in body["errors"][0]["message"]
