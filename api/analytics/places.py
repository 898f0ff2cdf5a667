"""Region objects for the names the index counts, looked up in the gazetteer.

Facets count places by name (青海省, 民乐县); the gazetteer knows their adcodes,
their parents and their coordinates. A county name can exist in several provinces
(朝阳区), so a place is only hung under parents that are themselves counted.
"""

from __future__ import annotations

from typing import Any

from api.schemas import region_object

LEVELS = ("province", "city", "county")


class RegionIndex:
    """Gazetteer regions by level and full name, in the shared region shape."""

    def __init__(self, gazetteer: Any) -> None:
        self.gazetteer = gazetteer

    def find(self, level: str, name: str, province: str | None = None,
             city: str | None = None) -> list[dict[str, Any]]:
        """Regions of ``level`` called ``name``, inside ``province``/``city`` when given."""
        found = [region_object(r) for r in self.gazetteer.by_name(name)]
        return [
            r for r in found
            if r and r["level"] == level
            and (province is None or r["province"] == province)
            and (city is None or r["city"] == city)
        ]

    def province(self, name: str) -> dict[str, Any] | None:
        found = self.find("province", name)
        return found[0] if found else None

    def get(self, adcode: str) -> dict[str, Any] | None:
        try:
            return region_object(self.gazetteer.get(adcode))
        except KeyError:
            return None

    def provinces(self) -> list[dict[str, Any]]:
        regions = (region_object(r) for r in self.gazetteer.all_regions())
        return [r for r in regions if r and r["level"] == "province"]
