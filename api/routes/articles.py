"""GET /api/articles/{id}: one article as archived, with its extraction."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import ServicesDep
from api.errors import NOT_FOUND
from api.schemas import ArticleResponse
from api.search_params import check_only
from api.services import articles as service

router = APIRouter(tags=["articles"])


@router.get("/api/articles/{article_id}", response_model=ArticleResponse,
            responses=NOT_FOUND)
def article(article_id: str, request: Request, services: ServicesDep) -> dict[str, Any]:
    """The article (its ``text`` is what entity offsets point into) and its extraction."""
    check_only(request.query_params.multi_items())
    return service.article(services, article_id)
