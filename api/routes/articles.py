"""GET /api/articles/{id}: one article as archived, with its extraction."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from api.deps import ServicesDep
from api.errors import NOT_FOUND
from api.schemas import ArticleResponse, article_response
from api.search_params import check_only
from indexer.archive import Archive

router = APIRouter(tags=["articles"])


def load_article(archive: Archive, article_id: str) -> dict[str, Any]:
    """The article response, or 404 naming the id that is not in the archive."""
    article = archive.get(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article with id {article_id!r}")
    return article_response(article, archive.get_extraction(article_id))


@router.get("/api/articles/{article_id}", response_model=ArticleResponse,
            responses=NOT_FOUND)
def article(article_id: str, request: Request,
            services: ServicesDep) -> dict[str, Any]:
    """The article (its ``text`` is what entity offsets point into) and its extraction."""
    check_only(request.query_params.multi_items())
    return load_article(services.archive, article_id)
