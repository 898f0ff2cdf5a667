"""The first screen counted as soon as the index changes, not when somebody asks.

A search's facet counts are kept per index state (``indexer.search.facet_cache``), and
every commit makes a new state: after an ingest batch the first visitor's search counts
the whole index again (0.5–0.8 s at a million articles) and so does the first search
with a common word, whose counts are the whole index's minus a few
(``indexer.search.tantivy_facets``). So the server watches the index's state and, when
it moves, runs the searches every visit starts with — the search page and ``/api/search``
without parameters, and the pages' value pickers — in a thread of its own, as search
engines warm a new searcher before they serve from it. The archive's state is watched
too, and with the searches the whole archive's similarity models are built again
(``api.services.programmes.similarity_model``: every programme's vector, which any
programme's similar list is ranked against; 0.4 s at 20,000 articles). Only a backend that keeps
counts in the process is watched (``SearchBackend.keeps_counts``: tantivy; Elasticsearch
keeps its own caches in the cluster).
A failure is logged once and tried again at the next change; it never reaches a
request.

Whatever the backend, jieba's dictionary is read as the server starts, in a thread of
its own (``read_dictionary``): otherwise the first search with words waits for it
(1.3–2.4 s).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Sequence

from api.search_params import parse_search_query
from api.services import Services
from api.services.programmes import articles_of, similarity_model
from api.services.search import PICKER_FACETS, PICKER_SIZE
from indexer.search.analysis import jieba_tokenizer
from indexer.search.query import SearchQuery

log = logging.getLogger(__name__)

# How often the index's state is read: a stat of its commit file, and a reload when it moved.
WARM_SECONDS = 1.0


def first_screens() -> list[SearchQuery]:
    """The searches a visit starts with: no parameters at all, and the pickers' values."""
    return [parse_search_query([]),
            SearchQuery(size=0, facets=PICKER_FACETS, facet_size=PICKER_SIZE, highlight=False)]


def first_models() -> list[SearchQuery]:
    """The scopes of the similar lists a visit starts with: ``/api/programmes/{name}/similar``
    without parameters (stories) and a programme's page (every printing)."""
    return [articles_of(parse_search_query([])), articles_of(SearchQuery())]


class Warmer:
    """Runs ``queries`` against the backend, and builds the whole archive's similarity
    model, each time the stores' state moves, until stopped."""

    def __init__(self, services: Services, queries: Sequence[SearchQuery] | None = None,
                 interval: float = WARM_SECONDS) -> None:
        if interval <= 0:
            raise ValueError("the warming interval must be positive")
        self.services = services
        self.queries = list(first_screens() if queries is None else queries)
        self.interval = interval
        self.seen: Hashable | None = None  # the state last warmed (or tried)
        self.rounds = 0  # states warmed, for tests and logs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.services.warming = True
        self._thread = threading.Thread(target=self._watch, name="unionkb-warmer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def warm_once(self) -> bool:
        """Warm if the state moved since the last time; True when it did."""
        state = self.services.state()
        if state is None or state == self.seen:
            return False
        self.seen = state  # a failure is not tried again until the next change
        started = time.perf_counter()
        for query in self.queries:
            self.services.backend.search(query)
        for scope in first_models():
            similarity_model(self.services, scope)
        self.rounds += 1
        self.services.warmed = state
        log.info("warmed the first screens of state %s in %.2f s", state,
                 time.perf_counter() - started)
        return True

    def _watch(self) -> None:
        while not self._stop.is_set():
            _logged(self.warm_once)
            self._stop.wait(self.interval)


def _logged(step: Callable[[], object],
            failure: str = "warming the first screen failed; tried again at the next change"
            ) -> None:
    try:
        step()
    except Exception:  # noqa: BLE001 - a failed warm-up costs a visitor's wait, not a request
        log.warning(failure, exc_info=True)


_dictionary = threading.Event()  # set once jieba's dictionary is in this process


def read_dictionary() -> threading.Thread:
    """jieba's dictionary read in the background (a search that comes first waits for it)."""
    failure = "reading jieba's dictionary at start failed; the first search will read it"

    def read() -> None:
        jieba_tokenizer()
        _dictionary.set()

    thread = threading.Thread(target=_logged, args=(read, failure),
                              name="unionkb-dictionary", daemon=True)
    thread.start()
    return thread


def dictionary_read() -> bool:
    """Whether ``read_dictionary`` has read it (or found it read by a search)."""
    return _dictionary.is_set()
