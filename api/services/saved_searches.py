"""Saved searches: keep, list, rename and remove them, and the newest articles of each.

The search a client sends is read with the search grammar (``api.search_params``), so
a saved search is refused for the reasons a search would be, in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from api.deps import SCOPE_CONTROLS
from api.schemas import search_response
from api.search_params import ParamError, parse_search_query
from api.services import NotFound, Services
from indexer import saved_searches as store
from indexer.saved_searches import SavedSearch
from indexer.search.query import FACETS

FEED_SIZE = 50  # entries in a feed: the newest matches


def search_items(text: str, filters: Mapping[str, Sequence[str]], date_from: str | None,
                 date_to: str | None) -> list[tuple[str, str]]:
    """A saved search's parts as request parameters, for the search grammar to read.
    A filter that is no facet is refused even with no values: as parameters it would
    vanish, and the search kept would not be the one sent."""
    unknown = [facet for facet in filters if facet not in FACETS]
    if unknown:
        raise ParamError([(f"filters.{facet}", f"unknown filter; use one of {', '.join(FACETS)}")
                          for facet in unknown])
    items = [("q", text)] if text else []
    items += [(facet, value) for facet, values in filters.items() for value in values]
    items += [(name, value) for name, value in (("date_from", date_from), ("date_to", date_to))
              if value]
    return items


def add(services: Services, name: str, text: str, filters: Mapping[str, Sequence[str]],
        date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
    query = parse_search_query(search_items(text, filters, date_from, date_to),
                               controls=SCOPE_CONTROLS)
    return store.add_saved_search(services.archive, name, query).to_dict()


def listing(services: Services) -> dict[str, Any]:
    searches = store.saved_searches(services.archive)
    return {"total": len(searches), "saved_searches": [s.to_dict() for s in searches]}


def found(services: Services, search_id: int) -> SavedSearch:
    saved = store.saved_search(services.archive, search_id)
    if saved is None:
        raise NotFound(f"no saved search with id {search_id}")
    return saved


def one(services: Services, search_id: int) -> dict[str, Any]:
    return found(services, search_id).to_dict()


def rename(services: Services, search_id: int, name: str) -> dict[str, Any]:
    renamed = store.rename_saved_search(services.archive, search_id, name)
    if renamed is None:
        raise NotFound(f"no saved search with id {search_id}")
    return renamed.to_dict()


def remove(services: Services, search_id: int) -> None:
    if not store.remove_saved_search(services.archive, search_id):
        raise NotFound(f"no saved search with id {search_id}")


def newest(services: Services, search_id: int, size: int = FEED_SIZE) -> dict[str, Any]:
    """The saved search and its newest matching articles (the /api/search response)."""
    saved = found(services, search_id)
    query = saved.query(size)
    return {"saved_search": saved.to_dict(),
            "result": search_response(query, services.backend.search(query))}
