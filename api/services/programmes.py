"""The programme catalogue, one programme's mentions, and similar programmes elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from api.analytics.catalogue import (
    COUNTIES_LISTED,
    catalogue_entries,
    catalogue_entry,
    kind_counts,
    mentions_by_province,
    named_scope,
    ordered_programmes,
    programme_mentions,
    ranked_programmes,
)
from api.analytics.counting import place_counts
from api.analytics.similar import (
    ProgrammeContext,
    SimilarityModel,
    contexts_less,
    named_together,
    programme_contexts,
)
from api.analytics.table_rows import catalogue_record, mention_record
from api.analytics.timeline import timeline
from api.services import NotFound, Services
from api.services.answers import kept, kept_model
from indexer.search.query import SearchQuery
from indexer.tables.scope import facet_scope, search_scope


@kept
def catalogue(services: Services, query: SearchQuery, kind: str | None,
              name: str, order: str = "articles") -> dict[str, Any]:
    """Every programme of the search's articles (of ``kind``, its name containing
    ``name``), most widely reported first (or in ``order``), one page of them."""
    scope = search_scope(services.backend, query, services.archive)
    ranked = ordered_programmes(services.archive, scope,
                                ranked_programmes(services.archive, scope, kind=kind, name=name),
                                order)
    start = query.offset
    shown = ranked[start:start + query.size]
    return {
        "total": len(ranked), "page": query.page, "size": query.size,
        "programmes": catalogue_entries(services.archive, scope, services.regions, shown,
                                        counties=COUNTIES_LISTED),
        "kinds": kind_counts(ranked),
    }


@kept
def programme(services: Services, name: str, interval: str) -> dict[str, Any]:
    """Everything about one programme; ``NotFound`` if no article mentions it."""
    scope = SearchQuery(filters={"programme": (name,)}, sort="date")
    articles = facet_scope(scope)
    entry = catalogue_entry(services.archive, articles, services.regions, name)
    if entry is None or entry.get("kind") == "facility":
        # A facility kind (工会驿站, 职工书屋) is in the tables, not the facets.
        articles = named_scope(name)
        entry = catalogue_entry(services.archive, articles, services.regions, name)
    if entry is None:
        raise NotFound(f"no article mentions a programme called {name!r}")
    return {
        **entry,
        "by_province": mentions_by_province(services.archive, articles, name, services.regions),
        "timeline": timeline(services.backend, scope, interval, by="province"),  # type: ignore[arg-type]
    }


@kept
def similar(services: Services, name: str, query: SearchQuery) -> dict[str, Any]:
    """Programmes elsewhere ranked by TF-IDF cosine of their mentions' contexts;
    ``NotFound`` if no article mentions ``name``."""
    archive = services.archive
    model = similarity_model(services, articles_of(query))
    # its hits, not asked again
    scope = model.scope or search_scope(services.backend, query, services.archive)
    if name not in model:  # the search's articles do not name it: its own are added
        scope = facet_scope(SearchQuery(filters={"programme": (name,)}))
        model = SimilarityModel.of({**model.contexts, **programme_contexts(archive, scope)})
    if name not in model:
        raise NotFound(f"no article mentions a programme called {name!r}")
    together = named_together(archive, scope, name)
    matches = model.similar(name, limit=query.size, together=together)
    province_of = services.regions.province
    return {
        "name": name,
        "provinces": place_counts(model.contexts[name].provinces, province_of),
        "similar": [{**m, "provinces": place_counts(m["provinces"], province_of)}
                    for m in matches],
    }


@kept_model
def similarity_model(services: Services, query: SearchQuery) -> SimilarityModel:
    """Every programme of the search's articles as a vector, kept for every programme
    asked about in the same scope (``articles_of``: one model for all sizes and pages)."""
    scope = search_scope(services.backend, query, services.archive)
    if scope.everything:
        return SimilarityModel.of(whole_contexts(services, query.count), scope)
    if scope.whole is not None and scope.whole.everything:
        # Every article but a few: the whole archive's contexts less theirs, rather
        # than every programme's term totals read and summed again for each search.
        left_out = programme_contexts(services.archive, scope.excluded)
        return SimilarityModel.of(contexts_less(whole_contexts(services, query.count),
                                                left_out), scope)
    return SimilarityModel.of(programme_contexts(services.archive, scope), scope)


@kept_model
def whole_contexts(services: Services, count: str) -> dict[str, ProgrammeContext]:
    """Every programme's context over the whole archive (from the totals), counting
    ``count``: the whole archive's model's, and what a model over all but a few
    articles is made of. Shared, never changed."""
    return programme_contexts(services.archive, facet_scope(SearchQuery(count=count)))


def articles_of(query: SearchQuery) -> SearchQuery:
    """Only what chooses a search's articles: its words, filters, dates and what it counts."""
    return SearchQuery(text=query.text.strip(), filters=query.active_filters(),
                       date_from=query.date_from, date_to=query.date_to, count=query.count)


# -- as tables (format=csv): every row, not a page ------------------------------------------

CATALOGUE_BATCH = 200  # programmes whose details are read at once


def catalogue_records(services: Services, query: SearchQuery, kind: str | None,
                      name: str, order: str = "articles") -> Iterator[dict[str, Any]]:
    """Every programme of the catalogue as a CSV record, in its order, a batch at a time."""
    scope = search_scope(services.backend, query, services.archive)
    ranked = ordered_programmes(services.archive, scope,
                                ranked_programmes(services.archive, scope, kind=kind, name=name),
                                order)
    for start in range(0, len(ranked), CATALOGUE_BATCH):
        shown = ranked[start:start + CATALOGUE_BATCH]
        for entry in catalogue_entries(services.archive, scope, services.regions, shown):
            yield catalogue_record(entry)


def mention_records(services: Services, name: str) -> list[dict[str, Any]]:
    """Every mention of the programme (the page shows the newest per province), newest first;
    ``NotFound`` if no article mentions it."""
    articles = facet_scope(SearchQuery(filters={"programme": (name,)}))
    mentions = programme_mentions(services.archive, articles, name)
    if not mentions:
        raise NotFound(f"no article mentions a programme called {name!r}")
    mentions.sort(key=lambda m: m["article"]["date"] or "", reverse=True)
    return [mention_record(name, mention) for mention in mentions]


def similar_names(services: Services, name: str, limit: int) -> list[dict[str, Any]]:
    """Programmes of the archive whose names share two or more characters in a row with
    ``name`` (驿站积分 for 工会驿站), the longest shared run first, then the most reported."""
    ranked = ranked_programmes(services.archive, facet_scope(SearchQuery()))
    scored = [(shared_run(name, c.name), c) for c in ranked if c.name != name]
    near = sorted((item for item in scored if item[0] >= 2), key=lambda item: -item[0])
    return [{"name": c.name, "articles": c.articles} for _, c in near[:limit]]


def shared_run(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size
