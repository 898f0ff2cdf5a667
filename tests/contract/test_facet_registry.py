"""A facet is one declaration: every declared facet reaches every place a facet must be.

Adding a facet to ``indexer.search.facets.FACET_REGISTRY`` (plus its line in
docs/api.md) must be enough: it is indexed by both engines, filtered and counted,
documented in the OpenAPI page, labelled on the search page and in the docs. This
suite fails, naming the facet, wherever that is not so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from indexer.documents import index_document
from indexer.models import Article
from indexer.search.es_mapping import mappings
from indexer.search.facets import FACET_LABELS, FACET_REGISTRY, FACETS, Facet
from indexer.search.query import SearchQuery
from indexer.search.tantivy_backend import TantivyBackend
from tests.paths import REPO

DOC = REPO / "docs" / "api.md"
IDS = [f.name for f in FACET_REGISTRY]

# An article with something for every facet to find; a new facet that finds nothing
# here needs its kind of entity added.
ARTICLE = Article(id="every-facet", source="grrb", source_name="工人日报", date="2025-03-19",
                  title="民乐县“三级对话”", body="民乐县总工会推行“三级对话”。")
EXTRACTION: dict[str, Any] = {
    "regions": [{"adcode": "620722", "name": "民乐县", "level": "county", "province": "甘肃省",
                 "city": "张掖市", "county": "民乐县"}],
    "primary_region": {"adcode": "620722", "name": "民乐县", "level": "county"},
    "orgs": [{"name": "民乐县总工会", "kind": "union"}, {"name": "民乐县政府", "kind": "other"}],
    "programmes": [{"name": "三级对话", "kind": "programme"}],
    "themes": ["劳动关系"],
    "people": [{"name": "康劭", "role": "reporter"}],
    "figures": [],
}


def test_names_and_labels_are_unique() -> None:
    assert len(set(FACETS)) == len(FACETS)
    assert len(set(FACET_LABELS.values())) == len(FACETS)


@pytest.mark.parametrize("facet", FACET_REGISTRY, ids=IDS)
def test_the_document_holds_the_facet(facet: Facet) -> None:
    doc = index_document(ARTICLE, EXTRACTION)
    assert doc[facet.name], f"{facet.name}: nothing found in the fixture article"
    assert doc[facet.name] == facet.values(ARTICLE, EXTRACTION)


@pytest.mark.parametrize("facet", FACET_REGISTRY, ids=IDS)
def test_tantivy_filters_and_counts_the_facet(facet: Facet, tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    backend.index_documents([{"id": "with", facet.name: ["2025"]}, {"id": "without"}])
    query = SearchQuery(filters={facet.name: ("2025",)}, facets=(facet.name,))
    result = backend.search(query)
    assert [h.id for h in result.hits] == ["with"]
    assert [(v.value, v.count) for v in result.facets[facet.name]] == [("2025", 1)]


@pytest.mark.parametrize("facet", FACET_REGISTRY, ids=IDS)
def test_the_elasticsearch_mapping_has_the_facet(facet: Facet) -> None:
    assert mappings()["properties"][facet.name]["type"] == "keyword"


@pytest.mark.parametrize("facet", FACET_REGISTRY, ids=IDS)
def test_docs_name_the_facet(facet: Facet) -> None:
    grammar = DOC.read_text("utf-8").split("## URL grammar")[1].split("\n## `GET")[0]
    assert f"`{facet.name}`" in grammar, f"docs/api.md: add {facet.name} to the URL grammar"


def test_the_search_operation_takes_every_facet(api: httpx.Client) -> None:
    [operation] = api.get("/openapi.json").json()["paths"]["/api/search"].values()
    names = [p["name"] for p in operation["parameters"]]
    assert [name for name in FACETS if name not in names] == []


def test_the_search_page_labels_every_facet(api: httpx.Client) -> None:
    # A ticked facet shows its heading even where no article has the value.
    every = [(f.name, "2025" if f.rule else "某值") for f in FACET_REGISTRY]
    page = api.get("/", params=every)
    assert page.status_code == 200
    shown = [f.name for f in FACET_REGISTRY
             if f'data-facet="{f.name}"' in page.text and f"<h2>{f.label}</h2>" in page.text]
    missing = [name for name in FACETS if name not in shown]
    assert missing == []


def test_a_region_facet_and_only_a_region_facet_counts_a_level() -> None:
    assert {f.name: f.level for f in FACET_REGISTRY if f.kind == "region"} == {
        "province": "province", "city": "city", "county": "county"}
    with pytest.raises(ValueError, match="level"):
        Facet("district", "区", lambda article, extraction: None, kind="region")
    with pytest.raises(ValueError, match="level"):
        Facet("topic", "话题", lambda article, extraction: None, level="county")
