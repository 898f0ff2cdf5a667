"""The use cases (``api.services``) without HTTP: they return what /api sends, and refuse
with ``NotFound`` / ``ParamError``, which each face says its own way."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import BaseModel

from api.schemas import ArticleResponse, SearchResponse
from api.search_params import ParamError
from api.services import NotFound, Services, articles, compare, programmes, search
from api.services import open_services as open_services_under
from indexer.config import Settings
from indexer.search.query import SearchQuery


@pytest.fixture(scope="module")
def services(sample_home: Settings) -> Iterator[Services]:
    opened = open_services_under(sample_home)
    yield opened
    opened.close()


def as_sent(value: dict, model: type[BaseModel]) -> dict:
    """What the route sends: the result through its response model."""
    return model.model_validate(value).model_dump(mode="json")


def test_the_route_sends_what_the_use_case_returns(services: Services,
                                                   api: httpx.Client) -> None:
    query = SearchQuery(text="工会驿站", size=3)
    result = search.search(services, query)
    assert result["total"] > 0
    sent = api.get("/api/search", params={"q": "工会驿站", "size": 3}).json()
    assert as_sent(result, SearchResponse) == sent
    article_id = result["hits"][0]["id"]
    assert as_sent(articles.article(services, article_id), ArticleResponse) == api.get(
        f"/api/articles/{article_id}").json()


def test_what_is_not_there_is_not_found(services: Services) -> None:
    with pytest.raises(NotFound, match="no article with id 'nope'"):
        articles.article(services, "nope")
    with pytest.raises(NotFound, match="no article mentions a programme called '没有这个'"):
        programmes.programme(services, "没有这个", "year")
    with pytest.raises(NotFound, match="没有这个"):
        programmes.similar(services, "没有这个", SearchQuery(size=5))


def test_a_bad_comparison_is_a_param_error_naming_province(services: Services) -> None:
    with pytest.raises(ParamError) as refused:
        compare.compare_provinces(services, SearchQuery(), ["甘肃省"])
    assert [name for name, _ in refused.value.problems] == ["province"]
    with pytest.raises(ParamError, match="did you mean 甘肃省"):
        compare.compare_provinces(services, SearchQuery(), ["甘肃", "青海省"])


def test_not_found_is_404_with_the_one_error_body(api: httpx.Client) -> None:
    for path, detail in (
        ("/api/articles/nope", "no article with id 'nope'"),
        ("/api/programmes/没有这个", "no article mentions a programme called '没有这个'"),
        ("/api/programmes/没有这个/similar", "no article mentions a programme called '没有这个'"),
    ):
        response = api.get(path)
        assert (response.status_code, response.json()) == (404, {"detail": detail, "errors": []})


def test_the_pages_say_not_found_as_an_error_page(api: httpx.Client) -> None:
    for path, said in (("/articles/nope", "档案库里没有编号为“nope”的文章"),
                       ("/programmes/没有这个", "没有文章把“没有这个”识别为项目品牌")):
        response = api.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert said in response.text
