"""One article as archived, with its extraction."""

from __future__ import annotations

from typing import Any

from api.schemas import article_response
from api.services import NotFound, Services


def article(services: Services, article_id: str) -> dict[str, Any]:
    """The /api/articles/{id} response; ``NotFound`` names an id not in the archive."""
    archive = services.archive
    found = archive.get(article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    return article_response(found, archive.get_extraction(article_id))
