"""GET /api/regions: province → city → county, with article counts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter

from api.analytics.places import RegionIndex
from api.deps import SCOPE_CONTROLS, ServicesDep, ViewParams
from api.schemas import RegionsResponse
from indexer.search.base import SearchBackend
from indexer.search.query import FacetValue, SearchQuery

router = APIRouter(tags=["regions"])
REGIONS = ViewParams(SCOPE_CONTROLS)
RegionsQueryDep = REGIONS.dependency()

# Every place, not the top 20: China has about 2,900 county-level divisions.
ALL_PLACES = 5000
PLACE_FACETS = ("province", "city", "county")


def region_tree(backend: SearchBackend, regions: RegionIndex, query: SearchQuery) -> dict:
    """The places the articles of ``query`` mention, as a tree, from the facet counts."""
    scope = replace(query, size=0, facets=PLACE_FACETS, facet_size=ALL_PLACES, highlight=False)
    result = backend.search(scope)
    tree = _provinces(result.facets.get("province", []), regions)
    cities = _attach(tree, result.facets.get("city", []), "city", regions)
    _attach({**tree, **cities}, result.facets.get("county", []), "county", regions)
    return {"total": result.total, "provinces": list(tree.values())}


def _node(value: FacetValue, region: dict[str, Any] | None) -> dict[str, Any]:
    return {"value": value.value, "count": value.count, "region": region, "children": []}


def _provinces(values: list[FacetValue], regions: RegionIndex) -> dict[tuple, dict]:
    return {(v.value,): _node(v, regions.province(v.value)) for v in values}


def _attach(parents: dict[tuple, dict], values: list[FacetValue], level: str,
            regions: RegionIndex) -> dict[tuple, dict]:
    """Hang each place under every counted parent the gazetteer puts it in."""
    placed: dict[tuple, dict] = {}
    for value in values:
        for region in regions.find(level, value.value):
            key = _parent_key(parents, region)
            if key is not None:
                node = _node(value, region)
                parents[key]["children"].append(node)
                placed[(*key, value.value)] = node
    return placed


def _parent_key(parents: dict[tuple, dict], region: dict[str, Any]) -> tuple | None:
    # A county of a municipality or a county-level city directly under a province
    # has no city node: it hangs under the province.
    province, city = region.get("province"), region.get("city")
    for key in ((province, city), (province,)):
        if key in parents:
            return key
    return None


@router.get("/api/regions", response_model=RegionsResponse,
            openapi_extra=REGIONS.openapi())
def regions(
    query: RegionsQueryDep,
    services: ServicesDep,
) -> dict:
    """Provinces, their cities and counties with the number of articles mentioning each.

    Takes the search filters, so the tree can describe any search; each level is
    counted without its own filter, as in /api/search.
    """
    return region_tree(services.backend, services.regions, query)
