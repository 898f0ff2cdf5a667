"""An article's rows in the analysis tables, from its record, extraction and index document.

Pure functions: the record and the extraction in, tuples in the tables' column order
out (``schema.SCHEMA``). The facet values come from the index document, so the tables
filter on exactly what the index does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from indexer.dates import date_key
from indexer.models import Article
from indexer.search.fields import keyword_values
from indexer.search.query import FACETS
from indexer.tables.contexts import (
    TERM_SEPARATOR,
    content_tokens,
    context_ranges,
    context_terms,
    excerpt,
)
from indexer.tables.qualifiers import value_range

if TYPE_CHECKING:
    from indexer.search.analysis import Segmentation

Extraction = Mapping[str, Any]


def article_row(article: Article, extraction: Extraction, canonical: bool,
                revision: int) -> tuple:
    primary = extraction.get("primary_region") or None
    place = primary or {}
    return (
        article.id, int(canonical), article.source, article.source_name, article.title,
        article.date, date_key(article.date), article.year, article.page, article.url,
        _json(primary), place.get("province"), place.get("county"), place.get("level"),
        revision,
    )


def facet_rows(document: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The facet values of the article's index document: the same values, by construction."""
    return [(facet, value, document["id"])
            for facet in FACETS for value in keyword_values(document.get(facet))]


def _programmes(extraction: Extraction) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The programmes, then the facility kinds no programme of the article is named for
    (kind "facility"), so the catalogue answers for 工会驿站 or 职工书屋 too."""
    programmes = extraction.get("programmes") or []
    for entry, programme in enumerate(programmes):
        if programme.get("name"):
            yield entry, programme
    named = {programme.get("name") for programme in programmes}
    for entry, facility in enumerate(extraction.get("facilities") or [], len(programmes)):
        if facility.get("name") and facility["name"] not in named:
            yield entry, {**facility, "kind": "facility"}


def article_programme_rows(article: Article, extraction: Extraction) -> Iterator[tuple]:
    """One row per name; ``INSERT OR IGNORE`` keeps the first entry of a name given twice."""
    for _, programme in _programmes(extraction):
        mentions = len(programme.get("mentions") or [])
        yield article.id, programme["name"], programme.get("kind") or None, mentions


def mention_rows(article: Article, extraction: Extraction,
                 words: Segmentation | None = None) -> Iterator[tuple]:
    """``words``: the article text's cut, if the writer made it (``content_tokens``)."""
    text = article.text
    programmes = list(_programmes(extraction))
    every_span = [span for _, programme in programmes for span in _spans(programme)]
    tokens = content_tokens(text, extraction, context_ranges(every_span, len(text)), words)
    for entry, programme in programmes:
        head = (article.id, entry)
        spans = _spans(programme)
        if not spans:
            yield (*head, 0, programme["name"], None, None, None, None)
        for mention, (start, end) in enumerate(spans):
            terms = TERM_SEPARATOR.join(context_terms(tokens, start, end))
            yield (*head, mention, programme["name"], start, end, excerpt(text, start, end),
                   terms)


def _spans(programme: Mapping[str, Any]) -> list[tuple[int, int]]:
    return [(int(m[0]), int(m[1])) for m in programme.get("mentions") or [] if len(m) >= 2]


def figure_rows(article: Article, extraction: Extraction, document: Mapping[str, Any],
                canonical: bool) -> Iterator[tuple]:
    """Figures with a number (the others cannot be compared), each at its list position,
    with what the ledger selects and sorts by copied from the article and its index
    document (duplicate or not, story lead, province facets, date)."""
    text = article.text
    provinces = set(keyword_values(document.get("province")))
    lead = int(bool(document.get("story_lead", True)))
    dated = (article.date, date_key(article.date), article.year)
    for seq, figure in enumerate(extraction.get("figures") or []):
        value = figure.get("value")
        if not isinstance(value, int | float):
            continue
        low, high = value_range(float(value), figure.get("qualifier"))
        region = figure_region(figure, extraction)
        place = region or {}
        primary = extraction.get("primary_region") or None
        yield (
            article.id, seq, value, figure.get("unit"), figure.get("metric"),
            figure.get("qualifier"), figure.get("change"), figure.get("text"),
            figure_phrase(text, figure), figure.get("sentence"),
            _int_or_none(figure.get("start")), _int_or_none(figure.get("end")),
            low, None if math.isinf(high) else high, _figure_region_json(region, primary),
            place.get("adcode"), place.get("province"), place.get("adcode") or place.get("name"),
            int(canonical), lead, int(place.get("province") in provinces), *dated,
        )


def _figure_region_json(region: Mapping[str, Any] | None,
                        primary: Mapping[str, Any] | None) -> str | None:
    """``figures.region``: NULL for the article's primary region (most figures have it:
    it is read from ``entity_articles``), else the place as JSON ('null' for none)."""
    if region == primary:
        return None
    return "null" if region is None else _json(region)


def figure_phrase(text: str, figure: Mapping[str, Any]) -> str:
    """The figure as a reader quotes it: the span and, when it follows, what it counts.

    The NLP's span is the number and its unit (7100多家); an editor checks
    "7100多家职工书屋", so the metric is added back when the text continues with it.
    """
    span, metric, end = figure.get("text") or "", figure.get("metric") or "", figure.get("end")
    if metric and isinstance(end, int) and text[end:end + len(metric)] == metric:
        return span + metric
    return span


def figure_region(figure: Mapping[str, Any], extraction: Extraction) -> Mapping[str, Any] | None:
    """The place a figure is about: its own region if the NLP found one, else the article's.

    The NLP gives a region as an adcode, which the gazetteer turns into a place.
    """
    region = figure.get("region")
    if isinstance(region, Mapping):
        return region or None
    if isinstance(region, str) and region.isdigit():
        return _gazetteer_region(region)
    return extraction.get("primary_region") or None


def _gazetteer_region(adcode: str) -> Mapping[str, Any] | None:
    from indexer.nlp.gazetteer import gazetteer

    try:
        return gazetteer().get(adcode)
    except KeyError:
        return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
