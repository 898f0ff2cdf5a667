"""One person's articles, read from the analysis tables and the extractions.

A name is not a person: 王刚 the reporter of 工人日报 and 王刚 the county union's chair in
甘肃 share a name, not a life. The archive knows no more than what each article says,
so a name's mentions are kept apart by what tells people apart there: a byline's
people by the newspaper they write for (a reporter travels, a newspaper does not), the
others by their role and the province of the article they appear in. Mentions that
differ in those are shown as possibly different people, never merged or split further
on a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from api.analytics.counting import value_counts
from indexer.archive import Archive
from indexer.nlp.people import BYLINE_ROLES
from indexer.tables.articles import ARTICLE_COLUMNS, ArticleFacts
from indexer.tables.scope import Scope

CO_MENTIONED = ("org", "programme")
UNKNOWN_ROLE = "other"


@dataclass(frozen=True)
class PersonArticle:
    """An article naming the person, with what it says of them."""

    facts: ArticleFacts
    province: str | None  # the article's primary province
    roles: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass
class Identity:
    """The mentions of a name that nothing in the archive tells apart."""

    role: str  # "byline" or the role of the others (official, worker, other)
    place: str | None  # the newspaper of a byline; the province of the others
    articles: list[PersonArticle] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        dates = sorted(a.facts.date for a in self.articles if a.facts.date)
        return {
            "role": self.role, "place": self.place, "articles": len(self.articles),
            "roles": value_counts(Counter(r for a in self.articles for r in a.roles)),
            "titles": value_counts(Counter(t for a in self.articles for t in a.titles)),
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
            "article_ids": [a.facts.id for a in self.articles],
        }


def person_articles(archive: Archive, scope: Scope, name: str) -> list[PersonArticle]:
    """The scope's articles, newest first, each with the roles and titles ``name`` has there."""
    rows = scope.rows(archive, f"""
        SELECT {ARTICLE_COLUMNS}, e.province FROM scope
        JOIN entity_articles e ON e.article_id = scope.article_id
        ORDER BY e.date_key DESC, e.article_id""")
    articles = []
    for row in rows:
        people = (archive.get_extraction(row["article_id"]) or {}).get("people") or []
        own = [p for p in people if p.get("name") == name]
        roles = tuple(dict.fromkeys(p.get("role") or UNKNOWN_ROLE for p in own))
        titles = tuple(dict.fromkeys(p["title"] for p in own if p.get("title")))
        articles.append(PersonArticle(ArticleFacts.from_row(row), row["province"],
                                      roles or (UNKNOWN_ROLE,), titles))
    return articles


def identities(articles: Iterable[PersonArticle]) -> list[Identity]:
    """The articles grouped by what tells two people of one name apart; largest first."""
    groups: dict[tuple[str, str | None], Identity] = {}
    for article in articles:
        for key in _identity_keys(article):
            groups.setdefault(key, Identity(*key)).articles.append(article)
    return sorted(groups.values(), key=lambda i: (-len(i.articles), i.role, i.place or ""))


def _identity_keys(article: PersonArticle) -> list[tuple[str, str | None]]:
    """A byline by its newspaper; any other role by itself and the article's province."""
    keys = []
    if any(role in BYLINE_ROLES for role in article.roles):
        keys.append(("byline", article.facts.source))
    keys += [(role, article.province) for role in article.roles if role not in BYLINE_ROLES]
    return list(dict.fromkeys(keys))


def co_mentioned(archive: Archive, scope: Scope) -> dict[str, Counter[str]]:
    """The unions and programmes named in the scope's articles, by facet, with counts."""
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in CO_MENTIONED}
    marks = ",".join("?" * len(CO_MENTIONED))
    rows = scope.rows(archive, f"""
        SELECT f.facet, f.value, COUNT(*) AS n FROM scope
        JOIN article_facets f ON f.article_id = scope.article_id
        WHERE f.facet IN ({marks}) GROUP BY f.facet, f.value""", CO_MENTIONED)
    for row in rows:
        counts[row["facet"]][row["value"]] = row["n"]
    return counts


def article_counts(articles: Iterable[PersonArticle]) -> Mapping[str, Counter[str]]:
    """Articles by year and by primary province (those without one left out), and by
    each role and title the person has in them."""
    articles = list(articles)
    return {
        "year": Counter(a.facts.year for a in articles if a.facts.year),
        "province": Counter(a.province for a in articles if a.province),
        "role": Counter(role for a in articles for role in a.roles),
        "title": Counter(title for a in articles for title in a.titles),
    }
