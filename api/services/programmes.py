"""The programme catalogue, one programme's mentions, and similar programmes elsewhere."""

from __future__ import annotations

from typing import Any

from api.analytics.catalogue import (
    catalogue_entries,
    catalogue_entry,
    kind_counts,
    mentions_by_province,
    named_scope,
    programme_mentions,
    ranked_programmes,
)
from api.analytics.counting import place_counts
from api.analytics.similar import named_together, programme_contexts, similar_programmes
from api.analytics.timeline import timeline
from api.services import NotFound, Services
from indexer.search.query import SearchQuery
from indexer.tables.scope import facet_scope, search_scope


def catalogue(services: Services, query: SearchQuery, kind: str | None,
              name: str) -> dict[str, Any]:
    """Every programme of the search's articles (of ``kind``, its name containing
    ``name``), most widely reported first, one page of them."""
    scope = search_scope(services.backend, query)
    ranked = ranked_programmes(services.archive, scope, kind=kind, name=name)
    start = query.offset
    shown = ranked[start:start + query.size]
    return {
        "total": len(ranked), "page": query.page, "size": query.size,
        "programmes": catalogue_entries(services.archive, scope, services.regions, shown),
        "kinds": kind_counts(ranked),
    }


def programme(services: Services, name: str, interval: str) -> dict[str, Any]:
    """Everything about one programme; ``NotFound`` if no article mentions it."""
    scope = SearchQuery(filters={"programme": (name,)}, sort="date")
    articles = facet_scope(scope)
    entry = catalogue_entry(services.archive, articles, services.regions, name)
    if entry is None:  # a facility kind (工会驿站, 职工书屋) is in the tables, not the facets
        articles = named_scope(name)
        entry = catalogue_entry(services.archive, articles, services.regions, name)
    if entry is None:
        raise NotFound(f"no article mentions a programme called {name!r}")
    mentions = programme_mentions(services.archive, articles, name)
    return {
        **entry,
        "by_province": mentions_by_province(mentions, services.regions),
        "timeline": timeline(services.backend, scope, interval, by="province"),  # type: ignore[arg-type]
    }


def similar(services: Services, name: str, query: SearchQuery) -> dict[str, Any]:
    """Programmes elsewhere ranked by TF-IDF cosine of their mentions' contexts;
    ``NotFound`` if no article mentions ``name``."""
    archive = services.archive
    scope = search_scope(services.backend, query)
    contexts = programme_contexts(archive, scope)
    if name not in contexts:
        scope = facet_scope(SearchQuery(filters={"programme": (name,)}))
        contexts.update(programme_contexts(archive, scope))
    if name not in contexts:
        raise NotFound(f"no article mentions a programme called {name!r}")
    together = named_together(archive, scope, name)
    matches = similar_programmes(contexts, name, limit=query.size, together=together)
    province_of = services.regions.province
    return {
        "name": name,
        "provinces": place_counts(contexts[name].provinces, province_of),
        "similar": [{**m, "provinces": place_counts(m["provinces"], province_of)}
                    for m in matches],
    }
