"""The JSON objects the API returns, and the functions that build them.

The web pages render these very objects (Datasette's rule: every page has a JSON
twin), so a field shown on a page is a field a client can fetch. The pydantic
models describe the shapes for the OpenAPI page at /docs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from indexer.models import Article
from indexer.search.query import FACETS, FacetValue, Hit, SearchQuery, SearchResult

REGION_KEYS = ("adcode", "name", "level", "province", "city", "county", "lat", "lon")
LEAD_CHARS = 160  # excerpt length when there is no query to highlight


# -- models (documentation of the shapes) ------------------------------------------


class Region(BaseModel):
    """A place from the GB/T 2260 gazetteer: the same object in every response."""

    adcode: str | None = None
    name: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    lat: float | None = None
    lon: float | None = None


class Count(BaseModel):
    value: str
    count: int


class Printing(BaseModel):
    """Another newspaper's printing of the same report (``indexer.stories``)."""

    id: str
    title: str
    date: str | None
    source: str | None
    page: str | None = None
    url: str | None = None


class SearchHit(BaseModel):
    id: str
    title: str
    date: str | None
    source: str | None
    page: str | None = None
    url: str | None = None
    primary_region: Region | None
    snippet: str
    programmes: list[str]
    story: str
    also_printed_in: list[Printing] = []


class SearchResponse(BaseModel):
    total: int
    page: int
    size: int
    hits: list[SearchHit]
    facets: dict[str, list[Count]]


class FacetValuesResponse(BaseModel):
    facet: str
    label: str
    contains: str
    offset: int
    limit: int
    total: int  # values matching ``contains``, over all pages
    complete: bool  # false: the scope has more distinct values than are read
    values: list[Count]


class Entity(BaseModel):
    """An extracted entity; ``mentions`` are [start, end) offsets into ``text``."""

    model_config = ConfigDict(extra="allow")


class Extraction(BaseModel):
    model_config = ConfigDict(extra="allow")
    primary_region: Region | None = None
    regions: list[Entity] = []
    orgs: list[Entity] = []
    programmes: list[Entity] = []
    figures: list[Entity] = []
    people: list[Entity] = []
    themes: list[str] = []


class ArticleResponse(BaseModel):
    id: str
    source: str
    source_name: str
    url: str | None
    date: str | None
    page: str | None
    page_name: str | None
    kicker: str
    title: str
    subtitle: str
    byline: str
    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]
    summary: str
    body: str
    text: str
    extraction: Extraction | None


class RegionNode(BaseModel):
    value: str
    count: int
    region: Region | None
    children: list[RegionNode] = []


class RegionsResponse(BaseModel):
    total: int
    provinces: list[RegionNode]


class Health(BaseModel):
    status: str
    archive: dict[str, Any]
    backend: dict[str, Any]
    ready: dict[str, bool] = Field(description="jieba's dictionary read (``dictionary``) and "
                                   "the current state's first screens kept (``warmed``)")


# -- builders ------------------------------------------------------------------------


def region_object(region: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The shared region shape, whatever else the source dict carries (e.g. mentions)."""
    if not region:
        return None
    return {key: region.get(key) for key in REGION_KEYS}


def counts(values: list[FacetValue]) -> list[dict[str, Any]]:
    return [{"value": v.value, "count": v.count} for v in values]


def hit_object(hit: Hit) -> dict[str, Any]:
    doc = hit.doc
    return {
        "id": hit.id,
        "title": doc.get("title") or "",
        "date": doc.get("date"),
        "source": doc.get("source"),
        "page": doc.get("page"),
        "url": doc.get("url"),
        "primary_region": region_object(doc.get("primary_region")),
        "snippet": hit.snippet or lead_excerpt(doc.get("body") or ""),
        "programmes": list(doc.get("programme") or []),
        "story": doc.get("story") or hit.id,
        "also_printed_in": [],
    }


def lead_excerpt(body: str) -> str:
    """The escaped opening of a body: the snippet when nothing is to be highlighted."""
    text = " ".join(body.split())
    cut = text[:LEAD_CHARS] + ("…" if len(text) > LEAD_CHARS else "")
    return html.escape(cut, quote=False)


def search_response(query: SearchQuery, result: SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "page": query.page,
        "size": query.size,
        "hits": [hit_object(hit) for hit in result.hits],
        "facets": {facet: counts(result.facets.get(facet, [])) for facet in FACETS},
    }


def article_response(article: Article, extraction: Mapping[str, Any] | None) -> dict[str, Any]:
    record = article.to_dict()
    record.pop("content_hash", None)
    record.pop("fetched_at", None)
    record["source_name"] = article.source_name
    record["text"] = article.text
    record["extraction"] = _with_region_objects(extraction) if extraction is not None else None
    return record


def _with_region_objects(extraction: Mapping[str, Any]) -> dict[str, Any]:
    """The primary region in the shared shape; the rest as the NLP gave it."""
    data = dict(extraction)
    data["primary_region"] = region_object(extraction.get("primary_region"))
    return data
