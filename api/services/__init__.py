"""The use cases both faces serve: the JSON API (``api.routes``) and the pages (``web``).

Each module is one resource's use cases: plain functions of the opened
:class:`Services` and a parsed query (``api.search_params``) that return the result the
API sends and the page renders. They know nothing of HTTP: what is wrong with the
request raises ``ParamError``, what is not there raises :class:`NotFound`, and each
face says it its own way (a 422 or 404 error body, an error page).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from api.analytics.places import RegionIndex
from api.services.answers import MODELS_KEPT, AnswerCache
from indexer.archive import Archive
from indexer.config import Settings
from indexer.search import open_backend
from indexer.search.base import SearchBackend


class NotFound(LookupError):
    """Nothing of that name or id: the message says which."""


@dataclass
class Services:
    """The archive, the search backend and the gazetteer, opened once for every request."""

    settings: Settings
    archive: Archive
    backend: SearchBackend
    _gazetteer: Any = None
    _regions: RegionIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    answers: AnswerCache = field(default_factory=AnswerCache)
    models: AnswerCache = field(default_factory=lambda: AnswerCache(MODELS_KEPT))
    # Set by a running warmer (api.services.warming): the stores' state last warmed.
    warming: bool = False
    warmed: Hashable | None = None

    def state(self) -> Hashable | None:
        """The archive's and the index's state together; None when the index cannot say."""
        index = self.backend.state()
        return None if index is None else (self.archive.state(), index)

    @property
    def gazetteer(self) -> Any:
        """The region gazetteer, loaded on first use (it reads a large table)."""
        with self._lock:
            if self._gazetteer is None:
                from indexer.nlp.gazetteer import gazetteer

                self._gazetteer = gazetteer()
            return self._gazetteer

    @property
    def regions(self) -> RegionIndex:
        """Gazetteer regions by name, built once."""
        gazetteer = self.gazetteer
        with self._lock:
            if self._regions is None:
                self._regions = RegionIndex(gazetteer)
            return self._regions

    def close(self) -> None:
        self.backend.close()
        self.archive.close()


def open_services(settings: Settings) -> Services:
    """The services over the archive and index under ``settings.home``."""
    settings.ensure_home()
    return Services(settings, Archive(settings.archive_path), open_backend(settings),
                    answers=AnswerCache(settings.answers_kept),
                    # Keeping nothing (a cold measurement) keeps no model either.
                    models=AnswerCache(MODELS_KEPT if settings.answers_kept > 0 else 0))
