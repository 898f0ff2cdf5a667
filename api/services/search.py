"""Search: a page of hits with facet counts, and the values the pages' pickers offer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.schemas import search_response
from api.services import Services
from indexer.search.query import SearchQuery
from indexer.stories import printings

PICKER_FACETS = ("province", "theme", "programme", "year")
PICKER_SIZE = 100


def search(services: Services, query: SearchQuery) -> dict[str, Any]:
    """The /api/search response for a parsed query; the search page renders it too.

    Each hit lists the other printings of its story ("also printed in …")."""
    response = search_response(query, services.backend.search(query))
    add_printings(services, response["hits"])
    return response


def add_printings(services: Services, hits: list[dict[str, Any]]) -> None:
    """Each hit's ``also_printed_in``: its story's other printings, earliest first."""
    if not hits:
        return
    found = printings(services.archive, [hit["story"] for hit in hits])
    for hit in hits:
        hit["also_printed_in"] = [p for p in found.get(hit["story"], []) if p["id"] != hit["id"]]


def facet_choices(services: Services, facets: Sequence[str] = PICKER_FACETS,
                  size: int = PICKER_SIZE) -> dict[str, list[dict[str, Any]]]:
    """Every value of ``facets`` in the archive, with its count (for a picker)."""
    scope = SearchQuery(size=0, facets=tuple(facets), facet_size=size, highlight=False)
    return search(services, scope)["facets"]
