"""docs/api.md documents every API route and every parameter it takes: docs that cannot rot."""

from __future__ import annotations

import re

import httpx
import pytest

from indexer.config import Settings
from tests.paths import REPO
from web.site import create_app

DOC = REPO / "docs" / "api.md"


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict:
    app = create_app(Settings(home=tmp_path_factory.mktemp("docs-home")))
    return app.openapi()


def sections() -> dict[str, str]:
    """``GET /path`` -> the text of its section in docs/api.md."""
    text = DOC.read_text("utf-8")
    parts = re.split(r"^## `GET ([^`]+)`\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


def api_operations(openapi: dict) -> list[tuple[str, list[str]]]:
    return [
        (path, [p["name"] for p in op.get("parameters", []) if p["in"] == "query"])
        for path, methods in openapi["paths"].items()
        for method, op in methods.items()
        if method == "get" and (path.startswith("/api/") or path == "/healthz")
    ]


def test_the_app_has_the_api_of_the_architecture(openapi: dict) -> None:
    paths = {path for path, _ in api_operations(openapi)}
    assert {"/api/search", "/api/articles/{article_id}", "/api/regions", "/api/programmes",
            "/api/compare", "/api/figures", "/api/export", "/api/timeline", "/healthz"} <= paths


def test_every_route_has_a_section(openapi: dict) -> None:
    documented = {re.sub(r"\{[^}]+\}", "{}", path) for path in sections()}
    missing = [path for path, _ in api_operations(openapi)
               if re.sub(r"\{[^}]+\}", "{}", path) not in documented]
    assert missing == [], f"routes missing from {DOC.name}: {missing}"


def test_every_parameter_is_documented_in_its_route_section(openapi: dict) -> None:
    by_shape = {re.sub(r"\{[^}]+\}", "{}", path): text for path, text in sections().items()}
    missing = [
        (path, name)
        for path, params in api_operations(openapi)
        for name in params
        if f"`{name}`" not in by_shape.get(re.sub(r"\{[^}]+\}", "{}", path), "")
    ]
    assert missing == [], f"parameters missing from {DOC.name}: {missing}"


def test_every_facet_filter_is_in_the_url_grammar() -> None:
    from indexer.search.query import FACETS, SORTS

    grammar = DOC.read_text("utf-8").split("## URL grammar")[1].split("\n## `GET")[0]
    assert all(f"`{name}`" in grammar for name in (*FACETS, *SORTS))


JSON_ROUTES = ("/api/search", "/api/articles/{article_id}", "/api/regions", "/api/programmes",
               "/api/programmes/{name}", "/api/programmes/{name}/similar", "/api/compare",
               "/api/figures", "/api/figures/check", "/api/timeline", "/healthz")


def test_every_json_route_has_a_named_response_model(api: httpx.Client) -> None:
    """/docs shows each response's shape: its 200 schema is a named component, not a dict."""
    schema = api.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    untyped = []
    for path in JSON_ROUTES:
        ok = schema["paths"][path]["get"]["responses"]["200"]
        ref = ok["content"]["application/json"]["schema"].get("$ref", "")
        if not ref.startswith("#/components/schemas/") or ref.split("/")[-1] not in components:
            untyped.append(path)
    assert untyped == [], f"routes without a response_model: {untyped}"
