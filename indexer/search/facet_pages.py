"""One facet's values beyond the sidebar's first twenty: a page of them, or those
containing some text ("驿站" among the programmes), each with its exact count.

A facet page has the scope of the facet's sidebar counts: the search with every
filter but the facet's own (multi-select). Both backends hand their terms
aggregation of the facet, asked for up to ``MAX_FACET_VALUES`` values, to
``page_of_values``, so the matching, the order and the paging are one code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indexer.search.facets import FACETS
from indexer.search.query import FacetValue
from indexer.search.validation import InvalidQuery

MAX_FACET_VALUES = 10_000  # distinct values read per request; beyond, the page says so
MAX_FACET_LIMIT = 100
DEFAULT_FACET_LIMIT = 20


@dataclass(frozen=True)
class FacetRequest:
    facet: str
    contains: str = ""  # only values containing this (case-insensitive); "" is all
    offset: int = 0
    limit: int = DEFAULT_FACET_LIMIT

    def problems(self) -> list[tuple[str, str]]:
        """Each bad part of the request, as (parameter, message)."""
        found = []
        if self.facet not in FACETS:
            found.append(("facet", f"unknown facet {self.facet!r}; use one of "
                                   f"{', '.join(FACETS)}"))
        if not 0 <= self.offset <= MAX_FACET_VALUES:
            found.append(("offset", f"must be 0 to {MAX_FACET_VALUES}, not {self.offset}"))
        if not 1 <= self.limit <= MAX_FACET_LIMIT:
            found.append(("limit", f"must be 1 to {MAX_FACET_LIMIT}, not {self.limit}"))
        return found


@dataclass(frozen=True)
class FacetPage:
    facet: str
    total: int  # values matching ``contains``, over all pages
    values: list[FacetValue]
    # False when the scope has more than MAX_FACET_VALUES distinct values: the rarest
    # were not read, so ``total`` and the last pages may miss some.
    complete: bool = True


def check_facet_request(request: FacetRequest) -> None:
    problems = request.problems()
    if problems:
        raise InvalidQuery(problems)


def page_of_values(result: dict[str, Any] | None, request: FacetRequest) -> FacetPage:
    """The requested page of a terms aggregation's buckets: most frequent first, ties by
    value, only values containing ``request.contains``."""
    result = result or {}
    needle = request.contains.casefold()
    matching = [b for b in result.get("buckets", []) if needle in str(b["key"]).casefold()]
    ranked = sorted(matching, key=lambda b: (-b["doc_count"], str(b["key"])))
    window = ranked[request.offset:request.offset + request.limit]
    complete = int(result.get("sum_other_doc_count") or 0) == 0
    return FacetPage(request.facet, len(ranked),
                     [FacetValue(str(b["key"]), int(b["doc_count"])) for b in window], complete)


def values_aggregation(facet: str) -> dict[str, Any]:
    """Every value of ``facet`` in scope (up to the cap), for ``page_of_values``."""
    return {"terms": {"field": facet, "size": MAX_FACET_VALUES}}
