"""Similar programmes elsewhere: TF-IDF cosine over the words around their mentions.

A programme is described by what reports say next to its name ("为2万名新就业形态
劳动者赠送补充医疗保险"), not by the name itself, so 暖新保 and 骑手保 meet on
新就业形态, 劳动者, 医疗保险. The shared terms that weigh most in both are returned
as the reason for the match.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from api.analytics.scope import Scope
from indexer.archive import Archive
from indexer.entity_tables import TERM_SEPARATOR

SHARED_TERMS = 8


@dataclass
class ProgrammeContext:
    name: str
    provinces: Counter[str] = field(default_factory=Counter)  # articles per province
    articles: set[str] = field(default_factory=set)
    terms: Counter[str] = field(default_factory=Counter)


# The terms around each mention were segmented when the extraction was stored.
MENTION_TERMS = """
SELECT m.article_id, m.entry, m.name, m.context_terms, e.province
FROM scope JOIN programme_mentions m ON m.article_id = scope.article_id
JOIN entity_articles e ON e.article_id = m.article_id
ORDER BY m.article_id, m.entry
"""


def programme_contexts(archive: Archive, scope: Scope) -> dict[str, ProgrammeContext]:
    contexts: dict[str, ProgrammeContext] = {}
    last_entry = None
    for article_id, entry, name, terms, province in scope.rows(archive, MENTION_TERMS):
        context = contexts.setdefault(name, ProgrammeContext(name))
        context.articles.add(article_id)
        if province and (article_id, entry) != last_entry:  # once per entry, not per mention
            context.provinces[province] += 1
        last_entry = (article_id, entry)
        if terms:
            context.terms.update(terms.split(TERM_SEPARATOR))
    return contexts


def tfidf_vectors(contexts: dict[str, ProgrammeContext]) -> dict[str, dict[str, float]]:
    """Sublinear tf × smoothed idf, each vector of unit length."""
    df = Counter(term for ctx in contexts.values() for term in ctx.terms)
    n = len(contexts)
    vectors = {}
    for name, ctx in contexts.items():
        weights = {t: (1 + math.log(tf)) * (math.log((1 + n) / (1 + df[t])) + 1)
                   for t, tf in ctx.terms.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[name] = {t: w / norm for t, w in weights.items()}
    return vectors


def similar_programmes(
    contexts: dict[str, ProgrammeContext], name: str, limit: int = 10
) -> list[dict]:
    """Programmes reported in a province where ``name`` is not, most similar first.

    Programmes named in the same article as ``name`` are left out: they share its
    context because they are part of the same story (驿站积分 runs in 工会驿站), not
    because they are another place's version of it.
    """
    if name not in contexts:
        return []
    vectors = tfidf_vectors(contexts)
    target, home = vectors[name], contexts[name]
    matches = []
    for other, vector in vectors.items():
        elsewhere = contexts[other].provinces.keys() - home.provinces.keys()
        if other == name or not elsewhere or contexts[other].articles & home.articles:
            continue
        shared = {t: target[t] * vector[t] for t in target.keys() & vector.keys()}
        score = sum(shared.values())
        if score > 0:
            matches.append({
                "name": other, "score": round(score, 4),
                "provinces": contexts[other].provinces,
                "shared_terms": [t for t, _ in sorted(shared.items(),
                                                      key=lambda i: (-i[1], i[0]))][:SHARED_TERMS],
            })
    return sorted(matches, key=lambda m: (-m["score"], m["name"]))[:limit]
