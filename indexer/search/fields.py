"""The index fields both backends build from, and the values derived for them.

One table: the tantivy schema and the Elasticsearch mapping are both generated from
it, so the two indexes cannot drift apart. The stored document itself is always the
unchanged output of ``indexer.documents.index_document``; the fields below are what
is searched, filtered, sorted and counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from indexer.search.analysis import segmented
from indexer.search.facets import FACET_REGISTRY
from indexer.search.fingerprint import declaration

# Where the scope executor still imports them from (indexer/tables/scope.py).

# segmented: jieba tokens separated by spaces (whitespace tokenizer on both sides)
# text:      the raw text, kept for display; Elasticsearch also analyses it (cjk)
# keyword:   exact strings, possibly several per document: filters and facet counts
# integer:   sort and range
# date, geo, object, stored: Elasticsearch only; tantivy keeps them in the stored document
Kind = Literal["segmented", "text", "keyword", "integer", "date", "geo", "object", "stored"]


@dataclass(frozen=True)
class IndexField:
    name: str
    kind: Kind
    boost: float = 1.0  # weight of a match in this field (segmented fields)


# Free text is searched in these raw fields, through their segmented twins; a match
# in the title counts most.
TEXT_BOOSTS: dict[str, float] = {"title": 3.0, "kicker": 1.5, "subtitle": 1.5, "body": 1.0}
SEGMENTED_SUFFIX = "_seg"
# The names of the person facet (bylines included), searched by free text too, so
# q=李玉波 finds the article its reporter wrote; a name weighs more than a body word.
PERSON_SEGMENTED = "person" + SEGMENTED_SUFFIX
PERSON_BOOST = 2.0
FIRST_PRINTING = "first"

FIELDS: tuple[IndexField, ...] = (
    IndexField("id", "keyword"),
    *(IndexField(f"{name}{SEGMENTED_SUFFIX}", "segmented", w) for name, w in TEXT_BOOSTS.items()),
    IndexField(PERSON_SEGMENTED, "segmented", PERSON_BOOST),
    *(IndexField(name, "text") for name in TEXT_BOOSTS),
    *(IndexField(facet.name, "keyword") for facet in FACET_REGISTRY),
    IndexField("month", "keyword"),  # "2025-03"; absent when the date has no month
    IndexField("source_code", "keyword"),
    IndexField("primary_adcode", "keyword"),
    IndexField("story", "keyword"),  # the printings of one report share it (indexer.stories)
    IndexField("printing", "keyword"),  # "first" (a story's lead) or "reprint"; derived
    IndexField("date_key", "integer"),
    IndexField("date", "date"),
    IndexField("location", "geo"),
    IndexField("primary_region", "object"),
    IndexField("url", "stored"),
    IndexField("page", "stored"),
    IndexField("page_name", "stored"),
    IndexField("lat", "stored"),
    IndexField("lon", "stored"),
)

# Derived at index time, never part of the stored document.
DERIVED_FIELDS: tuple[str, ...] = (
    *(name + SEGMENTED_SUFFIX for name in TEXT_BOOSTS), PERSON_SEGMENTED, "month", "location",
    "printing",
)
SEGMENTED_FIELDS: dict[str, float] = {f.name: f.boost for f in FIELDS if f.kind == "segmented"}


def describe_fields(fields: Iterable[IndexField]) -> str:
    """The field table as text to fingerprint."""
    return declaration((f.name, f.kind, f.boost) for f in fields)


def derived_values(doc: dict[str, Any]) -> dict[str, Any]:
    """The values of DERIVED_FIELDS for one index document."""
    values: dict[str, Any] = {
        name + SEGMENTED_SUFFIX: segmented(doc.get(name) or "") for name in TEXT_BOOSTS
    }
    values[PERSON_SEGMENTED] = segmented(" ".join(keyword_values(doc.get("person"))))
    values["month"] = _month(doc.get("date"))
    # A document from before stories (or of a story of one) is its story's lead.
    values["printing"] = FIRST_PRINTING if doc.get("story_lead", True) else "reprint"
    if doc.get("lat") is not None and doc.get("lon") is not None:
        values["location"] = {"lat": float(doc["lat"]), "lon": float(doc["lon"])}
    return values


def _month(date: str | None) -> str | None:
    return date[:7] if date and len(date) >= 7 else None


def keyword_values(value: Any) -> list[str]:
    """A keyword field's value as a list of strings (years arrive as int or str)."""
    if value is None:
        return []
    values = value if isinstance(value, list | tuple | set) else [value]
    return [str(v) for v in values if v is not None and str(v) != ""]
