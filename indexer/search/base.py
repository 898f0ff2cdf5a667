"""The one interface both search backends implement."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Iterator
from typing import Any, Literal

from indexer.search.facet_pages import FacetPage, FacetRequest
from indexer.search.query import Bucket, IndexReport, SearchQuery, SearchResult


class BackendUnavailable(RuntimeError):
    """The search backend cannot be reached or opened; the message says what to do."""


class SearchBackend(ABC):
    name: str
    # Whether searches' facet counts are kept per ``state()`` in this process, so that
    # counting a new state's first screen in advance pays (api.services.warming).
    keeps_counts: bool = False

    @abstractmethod
    def index_documents(self, docs: Iterable[dict[str, Any]]) -> IndexReport:
        """Add or replace documents (by ``id``); visible to searches when this returns."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> None: ...

    @abstractmethod
    def rebuild(self, docs: Iterable[dict[str, Any]]) -> IndexReport:
        """Write a fresh index from ``docs`` and switch to it atomically.

        Searches keep answering from the old index until the switch; a failed
        rebuild leaves the live index untouched.
        """

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    @abstractmethod
    def count(self, query: SearchQuery) -> int: ...

    @abstractmethod
    def scan(self, query: SearchQuery) -> Iterator[dict[str, Any]]:
        """Every matching document (not one page), in the query's sort order."""

    def scan_ids(self, query: SearchQuery) -> list[str]:
        """The ids of every matching document, in no particular order (an analysis's
        scope): a backend that can read them without the documents says so here."""
        return [doc["id"] for doc in self.scan(query)]

    @abstractmethod
    def histogram(
        self, query: SearchQuery, interval: Literal["year", "month"], by: str | None = None
    ) -> list[Bucket]:
        """Counts per year or month for the query, split by a facet (e.g. province) if asked."""

    @abstractmethod
    def facet_page(self, query: SearchQuery, request: FacetRequest) -> FacetPage:
        """One page of a facet's values with their counts, in the scope of the facet's
        sidebar counts (``query`` without the facet's own filter)."""

    def state(self) -> Hashable | None:
        """What the index holds, as a value that changes whenever a write becomes
        visible; None when the backend cannot tell cheaply (then nothing read from it
        may be kept between requests)."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files or connections."""
