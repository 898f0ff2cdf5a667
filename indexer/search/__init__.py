"""Search: one interface (``base.SearchBackend``), two engines, chosen by a setting."""

from __future__ import annotations

from indexer.config import Settings
from indexer.search.base import BackendUnavailable, SearchBackend

BACKENDS = ("tantivy", "elasticsearch")


def open_backend(settings: Settings) -> SearchBackend:
    """The backend ``settings.backend`` names: tantivy (default) or elasticsearch."""
    if settings.backend == "tantivy":
        from indexer.search.tantivy_backend import TantivyBackend

        return TantivyBackend(settings.index_dir)
    if settings.backend == "elasticsearch":
        from indexer.search.elasticsearch_backend import ElasticsearchBackend

        return ElasticsearchBackend.from_settings(settings)
    raise BackendUnavailable(
        f"Unknown search backend {settings.backend!r}: set UNIONKB_BACKEND to one of "
        f"{', '.join(BACKENDS)}."
    )
