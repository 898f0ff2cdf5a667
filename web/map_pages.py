"""The map page: /api/regions drawn on the map of China for any search.

Provinces are shaded by the articles that mention them; a click on one is the same
search narrowed to it, which the page draws zoomed in, its cities outlined and shaded
and its counties as points.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import ServicesDep
from api.search_params import to_items
from api.services import Services
from api.services.regions import region_tree
from api.views import REGIONS
from indexer.search.query import SearchQuery
from web.choropleth import MapPicture, Place, national_map, places_of, province_map
from web.rendering import parse_or_error, render, url_with, with_error_page

router = APIRouter(include_in_schema=False)


def narrowed_to(query: SearchQuery, province: str) -> str:
    """The map page of the same search, in one province."""
    filters = {**query.filters, "province": (province,)}
    return url_with("/map", to_items(replace(query, filters=filters, page=1)))


@router.get("/map", response_class=HTMLResponse)
@with_error_page
def map_page(request: Request, services: ServicesDep) -> HTMLResponse:
    query = parse_or_error(request, REGIONS)
    if isinstance(query, HTMLResponse):
        return query
    tree = region_tree(services, query)
    picked = query.filters.get("province", ())
    focus = next((p for p in tree["provinces"] if len(picked) == 1 and p["value"] == picked[0]),
                 None)
    picture = (zoomed_map(services, focus) if focus else None) or national(services, query, tree)
    return render(request, "map.html", query=query, tree=tree, map=picture, focus=focus,
                  archive_empty=services.archive.count() == 0,
                  wider=url_with("/map", to_items(replace(query.without_filter("province"),
                                                          page=1))),
                  api_url=url_with("/api/regions", to_items(replace(query, page=1))))


def national(services: Services, query: SearchQuery, tree: dict[str, Any]) -> MapPicture:
    places = places_of(tree["provinces"], lambda node: narrowed_to(query, node["value"]))
    return national_map(places, "各省份的文章数", (),
                        [r["adcode"] for r in services.regions.provinces()])


def zoomed_map(services: Services, province: dict[str, Any]) -> MapPicture | None:
    """One province, its cities shaded and its counties as points; None when the province
    has no outline to draw (the page then shows the whole country)."""
    region = province.get("region") or {}
    if not region.get("adcode"):
        return None
    cities = [node for node in province["children"] if (node.get("region") or {}).get(
        "level") == "city"]
    counties = [node for node in province["children"] if node not in cities]
    counties += [county for city in cities for county in city["children"]]
    every_city = [r["adcode"] for r in services.gazetteer.all_regions()
                  if r.get("level") == "city" and r.get("province") == province["value"]]
    here = Place(region["adcode"], province["value"], province["count"])
    return province_map(here, places_of(cities), every_city, f"{province['value']}各市的文章数",
                        counties)
