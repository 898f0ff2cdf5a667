"""One person's page: their articles by year and province, roles and titles, the unions
and programmes named beside them, and the people of the same name kept apart."""

from __future__ import annotations

from typing import Any

from api.analytics.counting import place_counts, value_counts
from api.analytics.people import article_counts, co_mentioned, identities, person_articles
from api.services import NotFound, Services
from api.services.answers import kept
from indexer.search.query import SearchQuery
from indexer.tables.scope import facet_scope

# Articles listed on the page, newest first; the count, the groups and the
# charts cover every one, and the search link (person=…) lists them all.
LISTED_ARTICLES = 100


@kept
def person(services: Services, name: str) -> dict[str, Any]:
    """Everything the archive says about ``name``; ``NotFound`` if no article names it."""
    scope = facet_scope(SearchQuery(filters={"person": (name,)}))
    articles = person_articles(services.archive, scope, name)
    if not articles:
        raise NotFound(f"no article names a person called {name!r}")
    counts = article_counts(articles)
    together = co_mentioned(services.archive, scope)
    groups = identities(articles)
    return {
        "name": name,
        "articles": len(articles),
        "by_year": sorted(value_counts(counts["year"]), key=lambda c: c["value"]),
        "by_province": place_counts(counts["province"], services.regions.province),
        "roles": value_counts(counts["role"]),
        "titles": value_counts(counts["title"]),
        "unions": value_counts(together["org"]),
        "programmes": value_counts(together["programme"]),
        "possibly_different": len(groups) > 1,
        "identities": [group.to_dict() for group in groups],
        "recent": [a.facts.ref() for a in articles[:LISTED_ARTICLES]],
    }

