"""Can the archive be read and the index searched?"""

from __future__ import annotations

from typing import Any

from api.services import Services
from api.services.warming import dictionary_read
from indexer.search.query import SearchQuery


def health_report(services: Services) -> tuple[bool, dict[str, Any]]:
    """Whether both answer, and the report: their counts, or what failed."""
    report: dict[str, Any] = {"status": "ok", "archive": {}, "backend": {}}
    try:
        stats = services.archive.stats()
        report["archive"] = {key: stats[key] for key in ("articles", "extracted", "quarantined")}
    except Exception as exc:  # noqa: BLE001 - the report names what failed
        report["status"], report["archive"] = "unavailable", {"error": str(exc)}
    try:
        documents = services.backend.count(SearchQuery())
        report["backend"] = {"name": services.backend.name, "documents": documents}
    except Exception as exc:  # noqa: BLE001
        report["status"] = "unavailable"
        report["backend"] = {"name": services.backend.name, "error": str(exc)}
    report["ready"] = readiness(services, report["status"] == "ok")
    return report["status"] == "ok", report


def readiness(services: Services, reachable: bool = True) -> dict[str, bool]:
    """What the server does at start and after each change, done or not: a server not
    ready answers, only slower (seconds at a million articles). ``warmed``: the first
    screens and similarity models of the stores' current state are kept (true when the
    server does not warm)."""
    warmed = not services.warming or (reachable and services.warmed is not None
                                      and services.warmed == services.state())
    return {"dictionary": dictionary_read(), "warmed": warmed}
