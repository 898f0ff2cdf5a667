"""Search: a page of hits with facet counts, and the values the pages' pickers offer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.schemas import search_response
from api.services import Services
from indexer.search.query import SearchQuery

PICKER_FACETS = ("province", "theme", "programme", "year")
PICKER_SIZE = 100


def search(services: Services, query: SearchQuery) -> dict[str, Any]:
    """The /api/search response for a parsed query; the search page renders it too."""
    return search_response(query, services.backend.search(query))


def facet_choices(services: Services, facets: Sequence[str] = PICKER_FACETS,
                  size: int = PICKER_SIZE) -> dict[str, list[dict[str, Any]]]:
    """Every value of ``facets`` in the archive, with its count (for a picker)."""
    scope = SearchQuery(size=0, facets=tuple(facets), facet_size=size, highlight=False)
    return search(services, scope)["facets"]
