"""Two or more provinces, or named queries, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.analytics.compare import CompareError, compare, compare_queries, known_provinces
from api.search_params import ParamError
from api.services import Services
from api.services.answers import kept
from indexer.search.query import SearchQuery


@kept
def compare_provinces(services: Services, query: SearchQuery,
                      names: Sequence[str]) -> dict[str, Any]:
    """A column per province of ``names``; ``ParamError`` when one is not a province
    (with the nearest name) or fewer than two are given."""
    try:
        return compare(services.backend, services.archive, services.regions, query, names)
    except CompareError as exc:
        raise ParamError([("province", str(exc))]) from exc


@kept
def compare_named_queries(services: Services, query: SearchQuery,
                          named: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A column per named query, each narrowed by ``query``; ``ParamError`` for none."""
    try:
        return compare_queries(services.backend, services.archive, services.regions, query,
                               named)
    except CompareError as exc:
        raise ParamError([("query", str(exc))]) from exc


def comparison(services: Services, query: SearchQuery, provinces: Sequence[str],
               named: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Named queries side by side when any is given, else the provinces.

    Beside named queries ``provinces`` (as sent) narrow every column, so each must be a
    province: a blank or unknown one would match nothing, which is a mistake to say.
    """
    if named:
        try:
            known_provinces(provinces, services.regions)
        except CompareError as exc:
            raise ParamError([("province", str(exc))]) from exc
        return compare_named_queries(services, query, named)
    return compare_provinces(services, query, provinces)


def province_names(services: Services) -> list[str]:
    """Every province by full name: only they make a column."""
    return [region["name"] for region in services.regions.provinces()]
