"""Programme catalogue, one programme's mentions, and similar programmes elsewhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from api.analytics.catalogue import (
    catalogue_entries,
    catalogue_entry,
    kind_counts,
    mentions_by_province,
    programme_mentions,
    ranked_programmes,
)
from api.analytics.counting import place_counts
from api.analytics.scope import facet_scope, search_scope
from api.analytics.similar import named_together, programme_contexts, similar_programmes
from api.analytics.timeline import INTERVALS, timeline
from api.analytics_schemas import ProgrammeResponse, ProgrammesResponse, SimilarResponse
from api.deps import (
    PAGED_CONTROLS,
    SCOPE_CONTROLS,
    Services,
    ServicesDep,
    ViewParams,
    choice_parameter,
    text_parameter,
)
from api.errors import NOT_FOUND
from api.search_params import check_only, extra_choice, extra_text
from indexer.search.query import SearchQuery

router = APIRouter(tags=["programmes"])

KIND_PARAM = text_parameter("kind", "Only programmes of this kind (as the NLP labels them).")
NAME_PARAM = text_parameter("name", "Only programmes whose name contains this text.")
INTERVAL_PARAM = choice_parameter("interval", "Timeline buckets: year or month.", INTERVALS,
                                  "year")
CATALOGUE = ViewParams(PAGED_CONTROLS, (KIND_PARAM, NAME_PARAM))
SIMILAR = ViewParams((*SCOPE_CONTROLS, "size"))
CatalogueQueryDep = CATALOGUE.dependency()
SimilarQueryDep = SIMILAR.dependency()


def catalogue_response(services: Services, query: SearchQuery, kind: str | None,
                       name: str) -> dict[str, Any]:
    scope = search_scope(services.backend, query)
    ranked = ranked_programmes(services.archive, scope, kind=kind, name=name)
    start = query.offset
    shown = ranked[start:start + query.size]
    return {
        "total": len(ranked), "page": query.page, "size": query.size,
        "programmes": catalogue_entries(services.archive, scope, services.regions, shown),
        "kinds": kind_counts(ranked),
    }


def programme_response(services: Services, name: str, interval: str) -> dict[str, Any]:
    """Everything about one programme; 404 if no article mentions it."""
    scope = SearchQuery(filters={"programme": (name,)}, sort="date")
    articles = facet_scope(scope)
    entry = catalogue_entry(services.archive, articles, services.regions, name)
    if entry is None:
        raise HTTPException(404, detail=f"no article mentions a programme called {name!r}")
    mentions = programme_mentions(services.archive, articles, name)
    return {
        **entry,
        "by_province": mentions_by_province(mentions, services.regions),
        "timeline": timeline(services.backend, scope, interval, by="province"),  # type: ignore[arg-type]
    }


def similar_response(services: Services, name: str, query: SearchQuery) -> dict[str, Any]:
    """Programmes elsewhere ranked by TF-IDF cosine of their mentions' contexts."""
    archive = services.archive
    scope = search_scope(services.backend, query)
    contexts = programme_contexts(archive, scope)
    if name not in contexts:
        scope = facet_scope(SearchQuery(filters={"programme": (name,)}))
        contexts.update(programme_contexts(archive, scope))
    if name not in contexts:
        raise HTTPException(404, detail=f"no article mentions a programme called {name!r}")
    together = named_together(archive, scope, name)
    matches = similar_programmes(contexts, name, limit=query.size, together=together)
    province_of = services.regions.province
    return {
        "name": name,
        "provinces": place_counts(contexts[name].provinces, province_of),
        "similar": [{**m, "provinces": place_counts(m["provinces"], province_of)}
                    for m in matches],
    }


@router.get("/api/programmes", response_model=ProgrammesResponse,
            openapi_extra=CATALOGUE.openapi())
def programmes(
    request: Request,
    query: CatalogueQueryDep,
    services: ServicesDep,
) -> dict[str, Any]:
    """Every programme named in the articles of a search, most widely reported first.

    Each with its kind, themes, the provinces and counties of the articles that
    mention it (with counts), its first and last mention and its article count.
    ``page``/``size`` page through the programmes.
    """
    items = request.query_params.multi_items()
    kind = extra_text(items, "kind") or None
    return catalogue_response(services, query, kind, extra_text(items, "name"))


@router.get("/api/programmes/{name:path}/similar", response_model=SimilarResponse,
            responses=NOT_FOUND, openapi_extra=SIMILAR.openapi())
def similar(
    name: str,
    query: SimilarQueryDep,
    services: ServicesDep,
) -> dict[str, Any]:
    """Programmes in other provinces that do the same thing, with the shared terms.

    Ranked by TF-IDF cosine over the words around their mentions; the search
    filters limit where candidates are looked for; ``size`` caps the list.
    """
    return similar_response(services, name, query)


@router.get("/api/programmes/{name:path}", response_model=ProgrammeResponse,
            responses=NOT_FOUND, openapi_extra={"parameters": [INTERVAL_PARAM]})
def programme(name: str, request: Request,
              services: ServicesDep) -> dict[str, Any]:
    """One programme: catalogue entry, every mention by province, and its timeline."""
    items = request.query_params.multi_items()
    check_only(items, ("interval",))
    interval = extra_choice(items, "interval", INTERVALS, "year")
    return programme_response(services, name, interval or "year")

