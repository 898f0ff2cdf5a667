"""What a request handler needs: the opened services, and its view's parsed query.

The services are opened once, by whoever builds the app, and handed to handlers
through FastAPI dependencies, so a handler never opens files itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from api.parameter_docs import openapi_extra
from api.search_params import CONTROL_PARAMS, parse_search_query
from api.services import Services
from indexer.search.query import SearchQuery


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]

# The control parameters of views that are not a page of hits.
SCOPE_CONTROLS = ("q", "date_from", "date_to", "count")
PAGED_CONTROLS = ("q", "date_from", "date_to", "page", "size", "count")


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
        return self.parse_items(request.query_params.multi_items())

    def parse_items(self, items: list[tuple[str, str]]) -> SearchQuery:
        return parse_search_query(items, self.extra_names, self.controls)

    def openapi(self) -> dict[str, Any]:
        return openapi_extra(*self.extra, controls=self.controls)

    def dependency(self) -> Any:
        """``Annotated[SearchQuery, Depends(...)]`` for a handler's signature."""
        return Annotated[SearchQuery, Depends(self.parse)]
