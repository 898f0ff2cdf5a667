"""Saved searches and their Atom feeds over real HTTP: writes need the admin token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from xml.etree import ElementTree as ET

import httpx
import pytest

from indexer.config import Settings
from tests.conftest import LiveServer

TOKEN = "test-admin-token-7f3a"
ATOM = "{http://www.w3.org/2005/Atom}"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def admin(sample_home: Settings) -> Iterator[httpx.Client]:
    """A server over the sample archive, started with an admin token."""
    with LiveServer(replace(sample_home, admin_token=TOKEN)) as server, \
            httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def save(client: httpx.Client, **body) -> dict:
    response = client.post("/api/saved-searches", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    return response.json()


def test_save_list_get_rename_delete(admin: httpx.Client) -> None:
    saved = save(admin, name="青海驿站", query="工会驿站", filters={"province": ["青海省"]})
    assert (saved["name"], saved["query"], saved["filters"]) == (
        "青海驿站", "工会驿站", {"province": ["青海省"]})
    listed = admin.get("/api/saved-searches").json()
    assert saved in listed["saved_searches"] and listed["total"] >= 1
    assert admin.get(f"/api/saved-searches/{saved['id']}").json() == saved
    renamed = admin.patch(f"/api/saved-searches/{saved['id']}", json={"name": "青海的驿站"},
                          headers=AUTH)
    assert renamed.status_code == 200 and renamed.json()["name"] == "青海的驿站"
    assert renamed.json()["query"] == "工会驿站"
    assert admin.delete(f"/api/saved-searches/{saved['id']}", headers=AUTH).status_code == 204
    gone = admin.get(f"/api/saved-searches/{saved['id']}")
    assert gone.status_code == 404 and str(saved["id"]) in gone.json()["detail"]
    assert admin.delete(f"/api/saved-searches/{saved['id']}", headers=AUTH).status_code == 404


def test_the_feed_is_atom_with_the_newest_matches(admin: httpx.Client) -> None:
    saved = save(admin, name="驿站", query="工会驿站")
    response = admin.get(f"/api/saved-searches/{saved['id']}/feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("feed.atom")
    entries = feed.findall(f"{ATOM}entry")
    search = admin.get("/api/search", params={"q": "工会驿站", "sort": "-date"}).json()
    assert len(entries) == search["total"] > 0
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == [h["title"] for h in search["hits"]]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("urn:unionkb:article:")
        assert entry.find(f"{ATOM}updated").text.endswith("Z")
        assert entry.find(f"{ATOM}link").get("href").startswith("/articles/")
        assert entry.find(f"{ATOM}summary").get("type") == "html"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)


def test_writes_without_a_configured_token_are_refused_clearly(api: httpx.Client) -> None:
    response = api.post("/api/saved-searches", json={"name": "x"}, headers=AUTH)
    assert response.status_code == 403
    assert "UNIONKB_ADMIN_TOKEN" in response.json()["detail"]
    assert api.get("/api/saved-searches").status_code == 200  # reads stay open


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401),
    ({"Authorization": "Basic dXNlcjpwdw=="}, 401),
    ({"Authorization": "Bearer wrong-token"}, 403),
    ({"Authorization": f"Bearer {TOKEN}x"}, 403),
])
def test_a_missing_or_wrong_token_is_refused(admin: httpx.Client, headers: dict,
                                             status: int) -> None:
    before = admin.get("/api/saved-searches").json()["total"]
    response = admin.post("/api/saved-searches", json={"name": "x"}, headers=headers)
    assert response.status_code == status and response.json()["detail"]
    assert admin.get("/api/saved-searches").json()["total"] == before
    assert admin.delete("/api/saved-searches/1", headers=headers).status_code == status


@pytest.mark.parametrize(("body", "param"), [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "长" * 101}, "name"),
    ({"name": "x", "filters": {"colour": ["red"]}}, "colour"),
    ({"name": "x", "filters": {"colour": []}}, "colour"),  # no values, still no facet
    ({"name": "x", "filters": {"year": ["twenty"]}}, "year"),
    ({"name": "x", "date_from": "2025-02-30"}, "date_from"),
    ({"name": "x", "query": "字" * 501}, "q"),
    ({"name": "x", "filters": {"province": "青海省"}}, "filters.province"),
    ({"name": "x", "colour": "red"}, "colour"),
    ({}, "name"),
])
def test_bad_bodies_get_422_naming_the_field(admin: httpx.Client, body: dict,
                                             param: str) -> None:
    response = admin.post("/api/saved-searches", json=body, headers=AUTH)
    assert response.status_code == 422, response.text
    assert any(param in e["param"] for e in response.json()["errors"]), response.json()


def test_bad_ids_and_bodies_elsewhere_are_4xx(admin: httpx.Client) -> None:
    assert admin.get("/api/saved-searches/abc").status_code == 422
    assert admin.get("/api/saved-searches/999999").status_code == 404
    assert admin.get("/api/saved-searches/999999/feed.atom").status_code == 404
    not_json = admin.post("/api/saved-searches", content=b"{not json", headers={
        **AUTH, "Content-Type": "application/json"})
    assert not_json.status_code == 422
    saved = save(admin, name="改名")
    empty = admin.patch(f"/api/saved-searches/{saved['id']}", json={"name": ""}, headers=AUTH)
    assert empty.status_code == 422
    assert admin.patch("/api/saved-searches/999999", json={"name": "y"},
                       headers=AUTH).status_code == 404


def test_the_token_is_read_from_the_environment_and_never_shown() -> None:
    from indexer.config import load_settings

    settings = load_settings({"UNIONKB_ADMIN_TOKEN": TOKEN, "UNIONKB_HOME": "/nowhere"})
    assert settings.admin_token == TOKEN and TOKEN not in repr(settings)
    assert load_settings({"UNIONKB_ADMIN_TOKEN": ""}).admin_token is None  # empty: no writes
