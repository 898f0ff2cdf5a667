"""Similar programmes elsewhere: TF-IDF cosine over the words around their mentions.

A programme is described by what reports say next to its name ("为2万名新就业形态
劳动者赠送补充医疗保险"), not by the name itself, so 暖新保 and 骑手保 meet on
新就业形态, 劳动者, 医疗保险. The shared terms that weigh most in both are returned
as the reason for the match.
"""

from __future__ import annotations

import math
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from api.analytics.scope import ScopedArticle
from indexer.search.analysis import analyze

WINDOW = 60  # characters each side of a mention
SHARED_TERMS = 8
CACHE_SIZE = 100_000  # mentions whose context terms are kept between requests
# Words every union report uses: they would make every programme similar to every other.
STOPWORDS = frozenset({
    "工会", "职工", "开展", "工作", "推动", "进行", "通过", "实施", "活动", "项目", "我们",
    "他们", "以及", "同时", "还", "并", "等", "在", "和", "与", "为", "了", "的", "是",
    "今年", "近日", "日前", "据悉", "目前", "记者", "本报讯", "一个", "进一步", "不断",
})


@dataclass
class ProgrammeContext:
    name: str
    provinces: Counter[str] = field(default_factory=Counter)  # articles per province
    articles: set[str] = field(default_factory=set)
    terms: Counter[str] = field(default_factory=Counter)


def context_terms(text: str, start: int, end: int, window: int = WINDOW) -> tuple[str, ...]:
    """The words before and after a mention, without the mention itself."""
    around = text[max(0, start - window):start] + "\n" + text[end:end + window]
    return tuple(sys.intern(t) for t in analyze(around) if _is_content_word(t))


class ContextCache:
    """Context terms by (article, text, mention), least recently used dropped first.

    Segmenting every mention's context is most of the cost of a ranking, and it only
    changes when an article's text does (the text's hash is part of the key). Terms
    are interned, so an entry costs a tuple of pointers.
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[str, int, int, int], tuple[str, ...]] = OrderedDict()
        self.lock = threading.Lock()

    def terms(self, article_id: str, text: str, start: int, end: int) -> tuple[str, ...]:
        key = (article_id, hash(text), start, end)
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        terms = context_terms(text, start, end)
        with self.lock:
            self.entries[key] = terms
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return terms


CONTEXTS = ContextCache()


def _is_content_word(token: str) -> bool:
    return len(token) > 1 and not token.isdigit() and token not in STOPWORDS \
        and not any(c.isdigit() for c in token)


def programme_contexts(scoped: Iterable[ScopedArticle]) -> dict[str, ProgrammeContext]:
    contexts: dict[str, ProgrammeContext] = {}
    for item in scoped:
        text = item.article.text
        province = (item.primary_region or {}).get("province")
        for programme in item.extraction.get("programmes") or []:
            entry = contexts.setdefault(programme["name"], ProgrammeContext(programme["name"]))
            entry.articles.add(item.article.id)
            if province:
                entry.provinces[province] += 1
            for mention in programme.get("mentions") or []:
                entry.terms.update(CONTEXTS.terms(item.article.id, text, int(mention[0]),
                                                  int(mention[1])))
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
