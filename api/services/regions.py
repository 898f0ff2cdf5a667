"""The places a search's articles mention, as a province → city → county tree."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from api.analytics.places import RegionIndex
from api.services import Services
from indexer.search.query import FacetValue, SearchQuery

# Every place, not the top 20: China has about 2,900 county-level divisions.
ALL_PLACES = 5000
PLACE_FACETS = ("province", "city", "county")


def region_tree(services: Services, query: SearchQuery) -> dict[str, Any]:
    """The places the articles of ``query`` mention, as a tree, from the facet counts."""
    regions = services.regions
    scope = replace(query, size=0, facets=PLACE_FACETS, facet_size=ALL_PLACES, highlight=False)
    result = services.backend.search(scope)
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
