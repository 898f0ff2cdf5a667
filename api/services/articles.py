"""One article as archived, with its extraction."""

from __future__ import annotations

from typing import Any

from api.analytics.export import export_record, render
from api.analytics.scope import ScopedArticle
from api.schemas import article_response
from api.services import NotFound, Services


def article(services: Services, article_id: str) -> dict[str, Any]:
    """The /api/articles/{id} response; ``NotFound`` names an id not in the archive."""
    archive = services.archive
    found = archive.get(article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    return article_response(found, archive.get_extraction(article_id))


def citations(services: Services, article_id: str) -> dict[str, str]:
    """The article cited as the export cites it: ``gbt7714`` (GB/T 7714-2015) and ``ris``;
    ``NotFound`` names an id not in the archive."""
    found = services.archive.get(article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    extraction = services.archive.get_extraction(article_id) or {}
    facets = {"province": sorted({r.get("province") for r in extraction.get("regions") or []
                                  if r.get("province")}),
              "programme": [p["name"] for p in extraction.get("programmes") or []],
              "theme": list(extraction.get("themes") or [])}
    record = export_record(ScopedArticle(facets, found))
    return {"gbt7714": record["citation"], "ris": "".join(render([record], "ris"))}
