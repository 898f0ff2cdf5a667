"""The facets: each one declared once, and everything else derived from the declaration.

A facet is a filter and a count of the articles of a search. Its declaration says what
it is called (``name``, the URL parameter and index field), how a reader sees it
(``label``), where its values come from (a function of the article and its extraction)
and what kind of values they are. From the registry come ``FACETS`` (the parser, the
backends, the API's facet counts), the index fields (tantivy schema and Elasticsearch
mapping), the values ``index_document`` stores, the OpenAPI filter parameters and the
page labels, so adding a facet is one entry here plus its line in docs/api.md.

Places are still keyed by name: ``county=朝阳区`` matches Beijing's 朝阳区 and
Changchun's. The ``region`` kind is declared so that the fix lands in one place: a
region facet's values become the adcodes of the article's places at its level
(``_place_values``: 110105 and 220104, the province and city codes read from a
county's code through the gazetteer, since municipalities skip the city level), and
the faces label each value with the place's name. Filters then take adcodes (the URL
grammar in docs/api.md says so), and the fingerprints reindex everything by themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from indexer.search.fingerprint import declaration

if TYPE_CHECKING:
    from indexer.models import Article

Extraction = Mapping[str, Any]
# What the index document holds for a facet: one value, or several (sorted, unique).
DocumentValue = str | list[str] | None
FacetKind = Literal["keyword", "region"]
Level = Literal["province", "city", "county"]


@dataclass(frozen=True)
class ValueRule:
    """What every value of a facet must look like, and the words that refuse one."""

    pattern: str  # a regular expression the whole value matches
    problem: str  # "not a year"
    advice: str  # "use four digits, e.g. 2025"

    def check(self, value: str) -> str | None:
        """The refusal of ``value``, or None when it is well formed."""
        if re.fullmatch(self.pattern, value):
            return None
        return f"{self.problem}: {value!r}; {self.advice}"


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: Callable[[Article, Extraction], DocumentValue]
    kind: FacetKind = "keyword"
    level: Level | None = None  # region facets: the place level counted
    rule: ValueRule | None = None

    def __post_init__(self) -> None:
        if (self.kind == "region") != (self.level is not None):
            raise ValueError(f"facet {self.name!r}: region facets, and only they, have a level")


def _unique(values: Iterable[str | None]) -> list[str]:
    return sorted({v for v in values if v})


def _place_values(level: Level) -> Callable[[Article, Extraction], list[str]]:
    def values(article: Article, extraction: Extraction) -> list[str]:
        return _unique(r.get(level) for r in extraction.get("regions", []))

    return values


def region(level: Level, label: str) -> Facet:
    """The facet of the places at ``level`` an article mentions."""
    return Facet(level, label, _place_values(level), kind="region", level=level)


def _union_orgs(article: Article, extraction: Extraction) -> list[str]:
    return _unique(o["name"] for o in extraction.get("orgs", []) if o.get("kind") == "union")


def _programmes(article: Article, extraction: Extraction) -> list[str]:
    """Programmes, and the kinds of facility a report quotes as it would a programme
    (“工会驿站”): the annotation rules make those facilities, not programmes, and the
    catalogue lists them; here they stay where a reader looked for them before."""
    text = article.text
    quoted = (f["name"] for f in extraction.get("facilities", [])
              if any(text[s - 1:s] == "“" and text[e:e + 1] == "”" for s, e in f["mentions"]))
    return _unique([*(p["name"] for p in extraction.get("programmes", [])), *quoted])


def _people(article: Article, extraction: Extraction) -> list[str]:
    """Everyone named: the people the NLP found, and the byline's, which it cannot see."""
    named = [p.get("name") for p in extraction.get("people", [])]
    return _unique([*named, *article.reporters, *article.correspondents, *article.photographers])


def _themes(article: Article, extraction: Extraction) -> list[str]:
    return _unique(extraction.get("themes", []))


def _source(article: Article, extraction: Extraction) -> str:
    return article.source_name


def _year(article: Article, extraction: Extraction) -> str | None:
    return article.year


FACET_REGISTRY: tuple[Facet, ...] = (
    region("province", "省份"),
    region("city", "城市"),
    region("county", "区县"),
    Facet("org", "工会组织", _union_orgs),
    Facet("programme", "项目品牌", _programmes),
    Facet("theme", "主题", _themes),
    Facet("person", "人物", _people),
    Facet("source", "来源", _source),
    Facet("year", "年份", _year,
          rule=ValueRule(r"[0-9]{4}", "not a year", "use four digits, e.g. 2025")),
)

FACETS: tuple[str, ...] = tuple(f.name for f in FACET_REGISTRY)
FACET_LABELS: dict[str, str] = {f.name: f.label for f in FACET_REGISTRY}
FACETS_BY_NAME: dict[str, Facet] = {f.name: f for f in FACET_REGISTRY}


def facet_document_values(article: Article, extraction: Extraction) -> dict[str, DocumentValue]:
    """Each facet's value(s) for one article, as the index document holds them."""
    return {f.name: f.values(article, extraction) for f in FACET_REGISTRY}


def describe_facets(facets: Iterable[Facet]) -> str:
    """The declarations that shape the index, as text to fingerprint (labels only show)."""
    return declaration(
        (f.name, f.kind, f.level, f.rule.pattern if f.rule else None) for f in facets
    )
