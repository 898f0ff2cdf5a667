"""Two or more provinces side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.analytics.compare import CompareError, compare
from api.search_params import ParamError
from api.services import Services
from indexer.search.query import SearchQuery


def compare_provinces(services: Services, query: SearchQuery,
                      names: Sequence[str]) -> dict[str, Any]:
    """A column per province of ``names``; ``ParamError`` when one is not a province
    (with the nearest name) or fewer than two are given."""
    try:
        return compare(services.backend, services.archive, services.regions, query, names)
    except CompareError as exc:
        raise ParamError([("province", str(exc))]) from exc


def province_names(services: Services) -> list[str]:
    """Every province by full name: only they make a column."""
    return [region["name"] for region in services.regions.provinces()]
