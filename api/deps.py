"""What a request handler needs: the archive, the backend, the gazetteer, its query.

They are opened once, by ``create_app``, and handed to handlers through FastAPI
dependencies, so a handler never opens files itself.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from api.analytics.places import RegionIndex
from api.search_params import CONTROL_PARAMS, parse_search_query
from indexer.archive import Archive
from indexer.config import Settings
from indexer.search.base import SearchBackend
from indexer.search.query import FACETS, MAX_SIZE, SORTS, SearchQuery


@dataclass
class Services:
    settings: Settings
    archive: Archive
    backend: SearchBackend
    _gazetteer: Any = None
    _regions: RegionIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

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


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]

# The control parameters of views that are not a page of hits.
SCOPE_CONTROLS = ("q", "date_from", "date_to")
PAGED_CONTROLS = ("q", "date_from", "date_to", "page", "size")


# -- OpenAPI descriptions of the shared URL grammar -----------------------------------

_CONTROL_DOCS: dict[str, tuple[str, dict[str, Any]]] = {
    "q": ("Free text, segmented like the index (jieba); every word must match.",
          {"type": "string"}),
    "date_from": ("First date, inclusive: YYYY-MM-DD, YYYY-MM or YYYY.", {"type": "string"}),
    "date_to": ("Last date, inclusive; a partial date covers its whole month or year.",
                {"type": "string"}),
    "sort": ("Order of hits; relevance without q means newest first.",
             {"type": "string", "enum": list(SORTS), "default": "relevance"}),
    "page": ("Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    "size": (f"Hits per page, 0 to {MAX_SIZE}.",
             {"type": "integer", "minimum": 0, "maximum": MAX_SIZE, "default": 20}),
}


def openapi_parameter(name: str, description: str, schema: dict[str, Any],
                      required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required,
            "description": description, "schema": schema}


def search_parameters(controls: Collection[str] = CONTROL_PARAMS) -> list[dict[str, Any]]:
    """The documented search parameters: the chosen controls and every facet filter."""
    params = [openapi_parameter(name, *_CONTROL_DOCS[name]) for name in controls]
    params += [
        openapi_parameter(
            facet, f"Filter by {facet}; repeat for any of several values (OR). "
                   "Different facets combine with AND.",
            {"type": "array", "items": {"type": "string"}},
        )
        for facet in FACETS
    ]
    return params


def openapi_extra(*extra: dict[str, Any], controls: Collection[str] = CONTROL_PARAMS
                  ) -> dict[str, Any]:
    return {"parameters": [*search_parameters(controls), *extra]}


@dataclass(frozen=True)
class ViewParams:
    """The parameters of one view: which controls, every facet filter, and its own extras.

    One declaration feeds the parser (what is accepted), the OpenAPI page (what is
    documented) and the web page twin, so the three cannot disagree.
    """

    controls: tuple[str, ...] = CONTROL_PARAMS
    extra: tuple[dict[str, Any], ...] = ()

    @property
    def extra_names(self) -> tuple[str, ...]:
        return tuple(p["name"] for p in self.extra)

    def parse(self, request: Request) -> SearchQuery:
        return parse_search_query(request.query_params.multi_items(), self.extra_names,
                                  self.controls)

    def openapi(self) -> dict[str, Any]:
        return openapi_extra(*self.extra, controls=self.controls)

    def dependency(self) -> Any:
        """``Annotated[SearchQuery, Depends(...)]`` for a handler's signature."""
        return Annotated[SearchQuery, Depends(self.parse)]
