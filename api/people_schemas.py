"""The pydantic model of /api/people/{name}, for the OpenAPI page at /docs."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.analytics_schemas import ArticleRef, PlaceCount
from api.schemas import Count


class PersonIdentity(BaseModel):
    """The mentions of the name that nothing in the archive tells apart."""

    role: str = Field(description="`byline` (reporter, correspondent, photographer) or the "
                                  "role of the others: official, worker, other.")
    place: str | None = Field(description="A byline's newspaper; for the others the "
                                          "province of the article (null when it has none).")
    articles: int
    roles: list[Count]
    titles: list[Count] = Field(description="Titles seen beside the name (党组书记、副主席 …).")
    first: str | None = Field(description="The earliest date of these articles.")
    last: str | None
    article_ids: list[str]


class PersonResponse(BaseModel):
    name: str
    articles: int = Field(description="Articles naming the person, in the byline or the text.")
    by_year: list[Count] = Field(description="Articles per year, oldest first.")
    by_province: list[PlaceCount] = Field(description="Articles per primary province.")
    roles: list[Count]
    titles: list[Count]
    unions: list[Count] = Field(description="Union bodies named in the same articles.")
    programmes: list[Count] = Field(description="Programmes named in the same articles.")
    possibly_different: bool = Field(description="True when the name's mentions fall into "
                                                 "more than one identity: perhaps several "
                                                 "people of one name.")
    identities: list[PersonIdentity]
    recent: list[ArticleRef] = Field(description="The newest 100 articles.")
