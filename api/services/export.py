"""Every hit of a search, as CSV, JSON, RIS or GB/T 7714 references, in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from api.analytics.export import batched, export_record, render
from api.analytics.scope import articles_in_scope
from api.services import Services
from indexer.search.query import SearchQuery


def export_chunks(services: Services, query: SearchQuery, fmt: str) -> Iterator[str]:
    """The export of ``query`` in format ``fmt``, a batch of records per chunk."""
    # Every hit, not a page: the scan ignores page and size.
    scoped = articles_in_scope(services.backend, services.archive, replace(query, page=1))
    return batched(render((export_record(item) for item in scoped), fmt))
